/**
 * Customer look-ups (issue 9): what the server answers to `GET /v1/customers?by=…&value=…`, shared by the server,
 * the desk's replica and the renderer. One customer is one person key — `fin:<FIN>` for a citizen,
 * `passport:<nationality>:<number>` for a foreigner (common/domain/rules/identity.ts personKey) — resolved from
 * whatever the clerk has at hand: a FIN (or a foreigner's personal code), an identity document's number, a SIM's
 * ICCID, a number, an IMEI.
 *
 * Every record names the office it came from (`officeId`, `officeName`; null where the server does not know).
 * `asOf` is the server's clock when it answered.
 *
 * The same activity records travel down the pull log as table `customer_records` (one row per operation about a
 * person, keyed by the operation id), so a desk builds the same summary offline from its replica
 * (common/domain/customer-summary.ts).
 */
import { z } from 'zod';
import { centralPoaSchema } from '../operations/poa';

export const customerLookupKinds = ['fin', 'document', 'iccid', 'msisdn', 'imei', 'key'] as const;
export type CustomerLookupBy = (typeof customerLookupKinds)[number];

export const customerQuerySchema = z.object({
  by: z.enum(customerLookupKinds),
  value: z.string().trim().min(1).max(100),
});
export type CustomerQuery = z.infer<typeof customerQuerySchema>;

/** The pull-log table of activity records about customers. */
export const CUSTOMER_RECORDS_TABLE = 'customer_records';

/**
 * The value as stored centrally, or null when it cannot be one of that kind (the caller says which field is wrong).
 * Numbers are written many ways at a desk (0551234567, 994 55 123 45 67, +994551234567): all become +994XXXXXXXXX.
 */
export function normaliseLookup(by: CustomerLookupBy, raw: string): string | null {
  const v = raw.trim();
  const compact = v.replace(/[\s\-()]/g, '').toUpperCase();
  switch (by) {
    case 'fin':
      // A FIN is 7 characters; a foreigner's personal code 5–6.
      return /^[0-9A-Z]{5,7}$/.test(compact) ? compact : null;
    case 'document':
      // Residence permits are MYİ/DYİ and seven digits (DOMAIN.md §2): the dotted İ is a letter of the number.
      return /^[0-9A-Zİ]{5,20}$/.test(compact) ? compact : null;
    case 'iccid':
      return /^89\d{17,18}$/.test(compact) ? compact : null;
    case 'imei':
      return /^\d{15}$/.test(compact) ? compact : null;
    case 'msisdn': {
      const digits = compact.replace(/^\+/, '');
      if (!/^\d+$/.test(digits)) return null;
      if (/^994\d{9}$/.test(digits)) return `+${digits}`;
      if (/^0\d{9}$/.test(digits)) return `+994${digits.slice(1)}`;
      if (/^\d{9}$/.test(digits)) return `+994${digits}`;
      return null;
    }
    case 'key':
      return /^(fin:[0-9A-Z]{5,7}|passport:[A-Z<]{3}:[0-9A-Z]{5,20})$/.test(v) ? v : null;
  }
}

/**
 * The spellings a document number may be stored under: old ID cards with or without their "AZE" series; residence
 * permits with a dotted İ (as printed) or a plain I (as typed on a Latin keyboard).
 */
export function documentVariants(number: string): string[] {
  if (/^AZE\d{8}$/.test(number)) return [number, number.slice(3)];
  if (/^\d{8}$/.test(number)) return [number, `AZE${number}`];
  const permit = /^([MD]Y)[İI](\d{7})$/.exec(number);
  if (permit) return [`${permit[1]}İ${permit[2]}`, `${permit[1]}I${permit[2]}`];
  return [number];
}

/** What a human typed, guessed: an ICCID, an IMEI, a number, a FIN, else a document number (CLI, search box). */
export function guessLookup(raw: string): CustomerQuery | null {
  const order: CustomerLookupBy[] = ['key', 'iccid', 'imei', 'msisdn', 'fin', 'document'];
  for (const by of order) {
    const value = normaliseLookup(by, raw);
    // Seven characters with a letter are a FIN; an all-digit 9–10 character string is a number.
    if (value && !(by === 'fin' && /^\d+$/.test(value))) return { by, value };
  }
  return null;
}

const office = { officeId: z.string().nullable(), officeName: z.string().nullable() };
/** How the server ended an operation: applied, or held back as a conflict for a supervisor; voided the same day since (op.void). */
const opStatus = z.enum(['applied', 'conflict', 'voided']);

/** One operation about a customer, as the server stored it (sync-only fields such as a device's security code removed). */
export const customerRecordSchema = z.object({
  id: z.string(),
  /** The kind on the sync wire (visit.create, sim.sell, token.revocationRequest, …). */
  kind: z.string(),
  /** The customer (person key). */
  subject: z.string(),
  createdAt: z.string(),
  status: opStatus,
  payload: z.record(z.string(), z.unknown()),
  ...office,
});
export type CustomerRecord = z.infer<typeof customerRecordSchema>;

export const customerDocumentSchema = z.object({
  type: z.enum(['id-card', 'passport', 'residence-permit']),
  number: z.string(),
  expiryDate: z.string().nullable(),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
  /** Where it was last shown. */
  ...office,
});
export type CustomerDocument = z.infer<typeof customerDocumentSchema>;

export const customerSchema = z.object({
  key: z.string(),
  kind: z.enum(['citizen', 'foreigner']),
  fin: z.string().nullable(),
  personalCode: z.string().nullable(),
  nationality: z.string().nullable(),
  surname: z.string(),
  givenName: z.string(),
  patronymic: z.string(),
  birthDate: z.string().nullable(),
  documents: z.array(customerDocumentSchema),
});
export type Customer = z.infer<typeof customerSchema>;

export const customerCertificateSchema = z.object({
  id: z.string(),
  subject: z.string(),
  holderName: z.string(),
  type: z.string(),
  msisdn: z.string(),
  iccid: z.string(),
  validFrom: z.string(),
  validTo: z.string(),
  status: z.enum(['active', 'needs-reissue', 'replaced', 'renewed', 'revoked']),
  issuedAt: z.string(),
  operationId: z.string(),
  replacesId: z.string().nullable(),
  ...office,
});
export type CustomerCertificate = z.infer<typeof customerCertificateSchema>;

export const customerSimSchema = z.object({
  iccid: z.string(),
  msisdn: z.string().nullable(),
  state: z.enum(['bound', 'retired']),
  /** When it was bound, or retired. */
  since: z.string(),
  ...office,
});
export type CustomerSim = z.infer<typeof customerSimSchema>;

export const customerPoaSchema = centralPoaSchema.extend({
  revokedAt: z.string().nullable(),
  revokedReason: z.string().nullable(),
  ...office,
});
export type CustomerPoa = z.infer<typeof customerPoaSchema>;

const activity = { id: z.string(), at: z.string(), status: opStatus, ...office };

export const customerServiceSchema = z.object({
  ...activity,
  kind: z.enum(['service.activate', 'service.extend', 'service.correctType']),
  msisdn: z.string(),
  certType: z.string().nullable(),
  months: z.number().nullable(),
  paidUntil: z.string().nullable(),
  /** A type correction: from → to. */
  from: z.string().nullable(),
  to: z.string().nullable(),
});
export type CustomerService = z.infer<typeof customerServiceSchema>;

export const customerTokenReportSchema = z.object({
  ...activity,
  kind: z.enum(['token.unblock', 'token.reportLost']),
  tokenSerial: z.string().nullable(),
  lostAt: z.string().nullable(),
  certificateSerials: z.array(z.string()),
});

export const customerImeiSchema = z.object({ ...activity, imei: z.string(), imei2: z.string().nullable(), msisdn: z.string().nullable(), noticeCode: z.string() });
export const customerKomisSchema = z.object({ ...activity, subscriberCode: z.string(), document: z.string() });

export const customerVisitSchema = z.object({
  /** The visit's id on the desk that made it. */
  id: z.string(),
  at: z.string(),
  method: z.string().nullable(),
  state: z.enum(['open', 'closed', 'cancelled']),
  endedAt: z.string().nullable(),
  ...office,
});
export type CustomerVisit = z.infer<typeof customerVisitSchema>;

export const customerSummarySchema = z.object({
  customer: customerSchema,
  certificates: z.array(customerCertificateSchema),
  sims: z.array(customerSimSchema),
  poas: z.object({ given: z.array(customerPoaSchema), received: z.array(customerPoaSchema) }),
  services: z.array(customerServiceSchema),
  tokenReports: z.array(customerTokenReportSchema),
  imeiRegistrations: z.array(customerImeiSchema),
  komisRegistrations: z.array(customerKomisSchema),
  visits: z.array(customerVisitSchema),
});
export type CustomerSummary = z.infer<typeof customerSummarySchema>;

/** `GET /v1/customers` → the customer (null: nobody matches) and the server's clock. */
export const customerLookupResponseSchema = z.object({
  summary: customerSummarySchema.nullable(),
  asOf: z.string(),
});
export type CustomerLookupResponse = z.infer<typeof customerLookupResponseSchema>;
