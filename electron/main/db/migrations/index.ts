// Numbered migrations, applied in order, each once, each in its own transaction.
// Ranges per area: 001–009 core, 010–019 cards, 020–039 flows and reference data, 040–049 sync.
import { migration001 } from './001_core';
import { migration002 } from './002_central_clerks';
import { migration003 } from './003_search_fold';
import { migration004 } from './004_audit_log';
import { migration005 } from './005_sign_in_failures';
import { migration020 } from './020_flows';
import { migration021 } from './021_visit_lifecycle';
import { migration022 } from './022_payments';
import { migration023 } from './023_shifts';
import { migration024 } from './024_stock';
import { migration025 } from './025_sim_bound_by';
import { migration040 } from './040_sync';
import { migration041 } from './041_customer_replica';

export interface Migration {
  version: number;
  name: string;
  up: string;
}

export const migrations: readonly Migration[] = [migration001, migration002, migration003, migration004, migration005, migration020, migration021, migration022, migration023, migration024, migration025, migration040, migration041];
