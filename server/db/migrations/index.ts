import m001 from './001_init';
import m002 from './002_change_nonce';
import m003 from './003_msisdn_index';
import m004 from './004_projections';
import m005 from './005_registrations';
import m006 from './006_customers';
import m007 from './007_customers_set_based';
import m008 from './008_customer_records_from_ops';
import m009 from './009_certificate_company';
import m010 from './010_conflict_resolver';
import m011 from './011_desk_public_keys';
import m012 from './012_audit_chain';
import m013 from './013_office_type';
import m014 from './014_shifts';
import m015 from './015_stock';
import m016 from './016_report_indexes';
import m017 from './017_office_stock_rows';
import m018 from './018_console';

export interface Migration {
  version: number;
  name: string;
  up: string;
}

/** In order. Add new files as NNN_name.ts and list them here. */
export const migrations: Migration[] = [m001, m002, m003, m004, m005, m006, m007, m008, m009, m010, m011, m012, m013, m014, m015, m016, m017, m018];
