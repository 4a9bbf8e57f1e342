// Reference data: tariffs, fees, windows, document lists, price bands, prefixes. Every value here changes over time
// (DOMAIN.md says so for most of them), so none is a constant in code: each table is a versioned list of rows with
// validity dates, seeded from resources/reference-data/*.json, edited by supervisors and synced down from the server.
import { z } from 'zod';
import { isIsoDate } from './dates';
import { fieldCodesOf } from './field-codes';
import { offlinePolicyRowShape } from './offline-policy';
import { officeTypeSchema } from './office-types';

const isoDate = z.string().refine(isIsoDate, 'DATE_FORMAT');
const minor = z.number().int().min(0).max(100_000_000);

/**
 * Every row: a `code` (what the flows look up) and validity dates (validTo inclusive; null = open-ended).
 * `id` identifies the row on the sync wire (the server keys rows by key/id/code); a code with several periods
 * needs an id per period, e.g. 'sim.duplicate@2024-07-01'. Without one the code is the id.
 */
const rowBase = z.object({
  id: z.string().trim().min(1).max(120).optional(),
  code: z.string().trim().min(1).max(80),
  validFrom: isoDate,
  validTo: isoDate.nullable().default(null),
  note: z.string().max(500).optional(),
});

export const certTypes = ['ferdi', 'biznes', 'dovlet'] as const;
export type CertType = (typeof certTypes)[number];

/** Who applies for a certificate, which decides the documents (DOMAIN.md §3). */
export const certHolders = ['self', 'foreigner', 'trustee', 'legal-entity', 'employee'] as const;
export type CertHolder = (typeof certHolders)[number];

export const documentCodes = [
  'id-card',
  'residence-permit',
  'foreign-passport',
  'power-of-attorney',
  'trustee-id-card',
  'company-letter',
  'voen',
  'employer-form',
] as const;
export type DocumentCode = (typeof documentCodes)[number];

export const referenceRowSchemas = {
  /**
   * One-off fees in qəpik (1 AZN = 100), keyed by operation, e.g. 'sim.duplicate', 'cert.issue.biznes'. A row may
   * apply only to one SIM operator and/or one office type (rules/fees.ts `feeRowFor`: the most specific row wins).
   */
  fees: rowBase.extend({ amountMinor: minor, operator: z.string().trim().min(1).max(40).optional(), officeType: officeTypeSchema.optional() }),
  /** Asan İmza operator service, by certificate type: one-off activation and monthly fee. */
  asan_tariffs: rowBase.extend({ code: z.enum(certTypes), activationMinor: minor, monthlyMinor: minor }),
  /** e-İmza token certificate prices by type (citizen, entrepreneur, legal, government). */
  token_tariffs: rowBase.extend({ amountMinor: minor }),
  /** Named numeric parameters: renewal window, validity years, type-change period, PIN tries. */
  parameters: rowBase.extend({ value: z.number() }),
  /** Documents required for a certificate, keyed '<certType>.<holder>'. */
  document_requirements: rowBase.extend({ certType: z.enum(certTypes), holder: z.enum(certHolders), documents: z.array(z.enum(documentCodes)).min(1) }),
  /** IMEI registration fee by the device's price, in qəpik; maxPriceMinor null = no upper bound. */
  imei_price_bands: rowBase.extend({ minPriceMinor: minor, maxPriceMinor: minor.nullable(), feeMinor: minor }),
  /** Mobile prefixes after +994 (two digits); the operator is informative only, numbers are portable. */
  mobile_prefixes: rowBase.extend({ code: z.string().regex(/^\d{2}$/), operator: z.string().min(1).max(40) }),
  /** ICCID issuer prefixes ('89' + '994' + issuer). */
  iccid_issuers: rowBase.extend({ code: z.string().regex(/^89994\d{1,6}$/), operator: z.string().min(1).max(40) }),
  /** Per operation kind (the code): may it be done offline (common/domain/offline-policy.ts). No row = allowed. */
  offline_policies: rowBase.extend({ code: z.string().regex(/^[a-z]+\.[a-zA-Z]+$/, 'OPERATION_KIND'), ...offlinePolicyRowShape }),
  /**
   * Why a chargeable fee is waived (a visit paid 'free'): the code is kept with the payment, the label in the clerk's
   * (or the receipt's) language shown and printed. Flat columns, so the Reference data editor edits them as text.
   */
  /**
   * Which operation kinds the desks of an office type offer (DOMAIN.md §7), one row per type (the code). A desk whose
   * office has no type, or a type without a row in force, offers every kind (common/domain/office-types.ts). Central
   * reference data: not among the desk's defaults below — the server publishes it (`masa-server reference seed`
   * loads resources/reference-data/office_operations.json), so an enrolled desk follows what the central office
   * decided and a desk of an older server keeps offering everything.
   */
  office_operations: rowBase.extend({ code: officeTypeSchema, kinds: z.array(z.string().regex(/^[a-z]+\.[a-zA-Z]+$/, 'OPERATION_KIND')).min(1).max(50) }),
  free_reasons: rowBase.extend({ labelAz: z.string().trim().min(1).max(120), labelEn: z.string().trim().min(1).max(120), labelRu: z.string().trim().min(1).max(120) }),
} as const;

export type ReferenceTable = keyof typeof referenceRowSchemas;
export const referenceTables = Object.keys(referenceRowSchemas) as ReferenceTable[];
export const referenceTableSchema = z.enum(referenceTables as [ReferenceTable, ...ReferenceTable[]]);
export type ReferenceRow<T extends ReferenceTable> = z.output<(typeof referenceRowSchemas)[T]>;

/** The parameters the flows read; a missing one is a reference-data error, not a silent default. */
export const Parameter = {
  RenewalOnlineDaysBefore: 'asan.renewal.onlineDaysBefore',
  CertificateValidityYears: 'asan.certificate.validityYears',
  TypeChangeAfterYears: 'asan.certificate.typeChangeAfterYears',
  TokenPinTries: 'eimza.token.pinTries',
  /** The short number the Asan İmza service is extended at by SMS (keywords ferdi, biznes, dovlet, status). */
  SmsShortNumber: 'asan.sms.shortNumber',
  /** Wrong PIN1 entries that block it (the PUK unblocks it), and wrong PUK entries that block the SIM for good. */
  SimPin1Tries: 'asan.sim.pin1Tries',
  SimPukTries: 'asan.sim.pukTries',
  KomisPasswordLength: 'komis.initialPassword.length',
  /** Hours an identity check stays good on an open visit; older, the clerk checks the ID again. */
  VisitIdentityMaxAgeHours: 'visit.identity.maxAgeHours',
} as const;

/** The shape of a file in resources/reference-data and of a table synced down from the server. */
export const referenceFileSchema = z.object({
  table: referenceTableSchema,
  version: z.number().int().min(1),
  rows: z.array(z.record(z.string(), z.unknown())),
});
export type ReferenceFile = z.infer<typeof referenceFileSchema>;

export interface ParsedRows<T extends ReferenceTable> {
  rows: ReferenceRow<T>[];
  /** Field errors keyed 'rows.<index>.<field>', for the supervisor's editor. */
  errors: Record<string, string>;
}

/** Validates rows of one table; also refuses overlapping validity periods for the same key. */
export function parseReferenceRows<T extends ReferenceTable>(table: T, rows: readonly unknown[]): ParsedRows<T> {
  const schema = referenceRowSchemas[table];
  const parsed: { row: ReferenceRow<T>; index: number }[] = [];
  const errors: Record<string, string> = {};
  rows.forEach((raw, index) => {
    const r = schema.safeParse(raw);
    if (!r.success) {
      for (const [k, code] of Object.entries(fieldCodesOf(r.error.issues, raw, `rows.${index}.`))) if (!errors[k]) errors[k] = code;
      return;
    }
    const row = r.data as ReferenceRow<T>;
    if (row.validTo !== null && row.validTo < row.validFrom) errors[`rows.${index}.validTo`] = 'VALID_TO_BEFORE_FROM';
    parsed.push({ row, index });
  });
  const byKey = new Map<string, { row: ReferenceRow<T>; index: number }[]>();
  for (const p of parsed) {
    const k = overlapKeyOf(table, p.row);
    byKey.set(k, [...(byKey.get(k) ?? []), p]);
  }
  const ids = new Set<string>();
  for (const p of parsed) {
    const rid = rowIdOf(p.row);
    if (ids.has(rid)) errors[`rows.${p.index}.id`] = 'DUPLICATE_ROW_ID';
    ids.add(rid);
  }
  for (const list of byKey.values()) {
    const sorted = [...list].sort((a, b) => a.row.validFrom.localeCompare(b.row.validFrom));
    for (let i = 1; i < sorted.length; i++) {
      const prev = sorted[i - 1].row;
      if (prev.validTo === null || prev.validTo >= sorted[i].row.validFrom) errors[`rows.${sorted[i].index}.validFrom`] = 'VALIDITY_OVERLAP';
    }
  }
  return { rows: parsed.map((p) => p.row), errors };
}

/**
 * Rows whose periods must not overlap: same code, and for fees also the same operator and office type (Bakcell's and
 * an ASXM office's duplicate fee are both in force at once; two Bakcell rows are not).
 */
function overlapKeyOf(table: ReferenceTable, row: { code: string; operator?: string; officeType?: string }): string {
  return table === 'fees' ? [row.code, row.operator ?? '', row.officeType ?? ''].join('|') : row.code;
}

/** The row's identity on the sync wire and in the desk's table. */
export function rowIdOf(row: { id?: string; code: string }): string {
  return row.id ?? row.code;
}

type Dated = { code: string; validFrom: string; validTo: string | null };

/** The row of `code` in force on `date` (YYYY-MM-DD), or null. */
export function effectiveRow<R extends Dated>(rows: readonly R[], code: string, date: string): R | null {
  let best: R | null = null;
  for (const r of rows) {
    if (r.code !== code || r.validFrom > date || (r.validTo !== null && r.validTo < date)) continue;
    if (!best || r.validFrom > best.validFrom) best = r;
  }
  return best;
}

/** All rows in force on `date`, one per code. */
export function effectiveRows<R extends Dated>(rows: readonly R[], date: string): R[] {
  const keys = [...new Set(rows.map((r) => r.code))];
  return keys.map((k) => effectiveRow(rows, k, date)).filter((r): r is R => r !== null);
}

/** Money in qəpik shown as AZN with two decimals ("7.00 AZN"). */
export function formatAzn(minor: number): string {
  return `${(minor / 100).toFixed(2)} AZN`;
}

// The defaults shipped with the application; loaded into the database on first run and seeded by the sync server.
import feesFile from '../../resources/reference-data/fees.json';
import asanTariffsFile from '../../resources/reference-data/asan_tariffs.json';
import tokenTariffsFile from '../../resources/reference-data/token_tariffs.json';
import parametersFile from '../../resources/reference-data/parameters.json';
import documentRequirementsFile from '../../resources/reference-data/document_requirements.json';
import imeiPriceBandsFile from '../../resources/reference-data/imei_price_bands.json';
import mobilePrefixesFile from '../../resources/reference-data/mobile_prefixes.json';
import iccidIssuersFile from '../../resources/reference-data/iccid_issuers.json';
import offlinePoliciesFile from '../../resources/reference-data/offline_policies.json';
import freeReasonsFile from '../../resources/reference-data/free_reasons.json';

/** Every default table, validated (a broken default file is a build error, so this throws). */
export function defaultReferenceFiles(): ReferenceFile[] {
  const files = [feesFile, asanTariffsFile, tokenTariffsFile, parametersFile, documentRequirementsFile, imeiPriceBandsFile, mobilePrefixesFile, iccidIssuersFile, offlinePoliciesFile, freeReasonsFile];
  return files.map((raw) => {
    const file = referenceFileSchema.parse(raw);
    const { errors } = parseReferenceRows(file.table, file.rows);
    if (Object.keys(errors).length > 0) throw new Error(`Default reference data ${file.table} is invalid: ${JSON.stringify(errors)}`);
    return file;
  });
}
