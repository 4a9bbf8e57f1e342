// Walk-in flows (DOMAIN.md §3–§6): powers of attorney, SIM duplicates, Asan İmza certificates and operator service,
// e-İmza tokens, IMEI and KÖMİS registration, reference data, printing. One channel per action; every operation
// belongs to a visit (the identified customer or trustee) and lands in its journal and combined receipt.
// Rule failures come back as AppErrors with codes (common/errors.ts) and, for forms, field-level codes.
import { z } from 'zod';
import { channel, type ChannelMap, type EventMap } from '../define';
import { isIsoDate } from '../../domain/dates';
import { certHolders, certTypes, referenceTableSchema } from '../../domain/reference';
import { languageSchema } from './app';

const isoDate = z.string().refine(isIsoDate, 'DATE_FORMAT');
const id = z.string().min(1).max(64);
const visitId = id;

/** Operation kinds; a power of attorney's scope is a subset of the kinds marked delegable. */
export const operationKinds = [
  'poa.create',
  'poa.revoke',
  'sim.duplicate',
  'cert.issue',
  'cert.reissue',
  'cert.renew',
  'service.activate',
  'service.extend',
  'service.correctType',
  'token.unblock',
  'token.reportLost',
  'imei.register',
  'komis.register',
] as const;
export type OperationKind = (typeof operationKinds)[number];

export const delegableKinds = [
  'sim.duplicate',
  'cert.issue',
  'cert.reissue',
  'cert.renew',
  'service.activate',
  'service.extend',
  'service.correctType',
  'token.unblock',
  'token.reportLost',
  'imei.register',
  'komis.register',
] as const satisfies readonly OperationKind[];
export type DelegableKind = (typeof delegableKinds)[number];

/** `action` values for auth:approve that the flows accept (the approval is consumed by the operation). */
export const FlowApproval = {
  /** The clerk typed the new SIM's ICCID instead of reading it from the card. */
  TypedIccid: 'flows.iccid.typed',
  /** Renewal at the desk before the online window opens. */
  EarlyRenewal: 'flows.cert.renew.early',
  /** Certificate type change before the 3-year period ends. */
  EarlyTypeChange: 'flows.cert.typeChange.early',
} as const;
export type FlowApprovalAction = (typeof FlowApproval)[keyof typeof FlowApproval];

export const moneySchema = z.object({ minor: z.number().int(), currency: z.literal('AZN') });

export const approvalRecordSchema = z.object({ id: z.string(), action: z.string(), reason: z.string(), supervisorId: z.string() });

export const operationSchema = z.object({
  id: z.string(),
  visitId: z.string(),
  kind: z.enum(operationKinds),
  /** Whose record it changes: 'fin:…', 'voen:…', 'msisdn:…' (the sync ordering key). */
  subject: z.string(),
  /** Kind-specific details shown in the journal and on the receipt (never PINs, PUKs or passwords). */
  payload: z.record(z.string(), z.unknown()),
  feeMinor: z.number().int(),
  /** Set when a supervisor approved an override for this operation. */
  approval: approvalRecordSchema.nullable(),
  /** The power of attorney the trustee acted under, if any. */
  poaId: z.string().nullable(),
  createdAt: z.string(),
  clerkId: z.string(),
  status: z.enum(['completed', 'cancelled']),
});
export type Operation = z.infer<typeof operationSchema>;

/** The trustee acts for a principal under a registered power of attorney. */
const actingFor = z.object({ poaId: id }).optional();
/**
 * Past the desk's offline limits (sync: too long without the server, or too many unsent operations) every new
 * operation needs a supervisor's approval for action 'sync.offline-limit' (APPROVAL_REQUIRED tells when).
 */
const offlineApprovalId = id.optional();

/**
 * The new SIM's ICCID: normally a read made with sim:readIccid (a verified fact from the card service);
 * typing it needs a supervisor's approval (action FlowApproval.TypedIccid).
 */
export const simSourceSchema = z.union([
  z.object({ readId: id }),
  z.object({ typedIccid: z.string().trim().max(22), approvalId: id }),
]);

/** A scanned document over IPC: image or PDF bytes as base64. Size checked in main (5 MiB). */
export const scanSchema = z.object({
  mime: z.enum(['image/jpeg', 'image/png', 'application/pdf']),
  base64: z.string().max(7_000_000, 'SCAN_TOO_LARGE'),
  fileName: z.string().max(200).optional(),
});

// ---- powers of attorney

export const poaPrincipalSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('person'), fin: z.string().trim().toUpperCase(), name: z.string().trim().min(2).max(160) }),
  z.object({
    kind: z.literal('legal-entity'),
    voen: z.string().trim(),
    name: z.string().trim().min(2).max(200),
    representative: z.object({ name: z.string().trim().min(2).max(160), position: z.string().trim().max(120).default('') }),
  }),
]);

export const poaSchema = z.object({
  id: z.string(),
  visitId: z.string(),
  principal: poaPrincipalSchema,
  /** Subject key of the principal ('fin:…' / 'voen:…'). */
  principalKey: z.string(),
  trusteeKey: z.string(),
  trusteeName: z.string(),
  notaryRegistryNumber: z.string(),
  notaryDate: z.string(),
  validFrom: z.string(),
  validTo: z.string(),
  scope: z.array(z.enum(delegableKinds)),
  letter: z.object({ confirmedSignedSealed: z.boolean(), sha256: z.string(), mime: z.string(), size: z.number() }).nullable(),
  status: z.enum(['valid', 'expired', 'not-yet-valid', 'revoked']),
  revokedAt: z.string().nullable(),
  revokedReason: z.string().nullable(),
  createdAt: z.string(),
});
export type PowerOfAttorney = z.infer<typeof poaSchema>;

// ---- SIM, certificates, service

export const simReadSchema = z.object({
  readId: z.string(),
  iccid: z.string(),
  luhnValid: z.boolean(),
  operator: z.string().nullable(),
  readAt: z.string(),
});

export const simDuplicateReasons = ['lost', 'damaged', 'puk-blocked', 'esim-change'] as const;

export const certificateSchema = z.object({
  id: z.string(),
  subject: z.string(),
  holderName: z.string(),
  type: z.enum(certTypes),
  msisdn: z.string(),
  iccid: z.string(),
  validFrom: z.string(),
  validTo: z.string(),
  status: z.enum(['active', 'needs-reissue', 'replaced', 'renewed', 'revoked']),
  daysLeft: z.number(),
  /** 'not-yet': before the online window; 'online-window': renewable online or here; 'in-person': expired, desk only. */
  renewal: z.enum(['not-yet', 'online-window', 'in-person', 'not-applicable']),
  /** First day a type change is allowed. */
  typeChangeFrom: z.string(),
  issuedAt: z.string(),
});
export type Certificate = z.infer<typeof certificateSchema>;

export const certDocumentsSchema = z
  .object({
    voen: z.string().trim().optional(),
    /** Legal entity: the letter of request on letterhead, signed and sealed (confirmed by the clerk), with its scan. */
    companyLetter: z.object({ confirmedSignedSealed: z.boolean(), scan: scanSchema.optional() }).optional(),
    /** Employee (Biznes/Dövlət): the employer's form signed and stamped by the director. */
    employerForm: z.object({ organisation: z.string().trim().min(2).max(200), confirmedSignedStamped: z.boolean() }).optional(),
  })
  .default({});

export const serviceSubscriptionSchema = z.object({
  msisdn: z.string(),
  certType: z.enum(certTypes),
  subject: z.string(),
  activatedAt: z.string(),
  paidUntil: z.string(),
});

// ---- tokens

export const tokenStatusSchema = z.object({
  present: z.boolean(),
  reader: z.string().nullable(),
  label: z.string().nullable(),
  serial: z.string().nullable(),
  pin: z.object({ state: z.enum(['ok', 'low', 'blocked', 'unknown']), triesLeft: z.number().nullable(), maxTries: z.number().nullable() }),
  certificates: z.array(z.object({ subject: z.string(), serial: z.string(), validTo: z.string(), daysLeft: z.number() })),
});
export type TokenStatus = z.infer<typeof tokenStatusSchema>;

// ---- printing

export const pdfSchema = z.object({ fileName: z.string(), mime: z.literal('application/pdf'), base64: z.string(), sha256: z.string() });

const referenceTableOut = z.object({
  table: referenceTableSchema,
  version: z.number(),
  updatedAt: z.string(),
  source: z.string(),
  rows: z.array(z.record(z.string(), z.unknown())),
});

// Generic so each channel's output keeps its extra fields in the renderer's types.
const opOut = <S extends z.ZodRawShape = Record<never, never>>(extra: S = {} as S) => z.object({ operation: operationSchema, ...extra });

export const flowsChannels = {
  'visits:operations': channel('clerk', z.object({ visitId }), z.array(operationSchema)),

  'poa:create': channel(
    'clerk',
    z.object({
      visitId,
      offlineApprovalId,
      principal: poaPrincipalSchema,
      /** As named on the document; must be the person identified on this visit. */
      trustee: z.object({ fin: z.string().trim().toUpperCase().optional(), passportNumber: z.string().trim().toUpperCase().optional() }),
      notaryRegistryNumber: z.string().trim().min(1).max(60),
      notaryDate: isoDate,
      validFrom: isoDate,
      validTo: isoDate,
      scope: z.array(z.enum(delegableKinds)).min(1, 'POA_SCOPE_EMPTY'),
      letter: z.object({ confirmedSignedSealed: z.boolean(), scan: scanSchema }).optional(),
    }),
    z.object({ poa: poaSchema, operation: operationSchema }),
  ),
  'poa:list': channel(
    'clerk',
    z.object({ principalKey: z.string().optional(), trusteeKey: z.string().optional(), visitId: z.string().optional() }),
    z.array(poaSchema),
  ),
  'poa:get': channel('clerk', z.object({ id }), poaSchema),
  'poa:scan': channel('clerk', z.object({ id }), z.object({ mime: z.string(), base64: z.string(), sha256: z.string() })),
  'poa:revoke': channel('clerk', z.object({ visitId, offlineApprovalId, poaId: id, reason: z.string().trim().min(3).max(500) }), z.object({ poa: poaSchema, operation: operationSchema })),

  /** Reads the ICCID of the SIM in the reader; the returned readId is what operations accept as "read from the card". */
  'sim:readIccid': channel('clerk', z.object({ reader: z.string().optional() }), simReadSchema),
  'sim:duplicate': channel(
    'clerk',
    z.object({
      visitId,
      offlineApprovalId,
      actingFor,
      msisdn: z.string().trim().max(20),
      reason: z.enum(simDuplicateReasons),
      oldIccid: z.string().trim().max(22),
      newSim: simSourceSchema,
    }),
    opOut({ retiredIccid: z.string(), newIccid: z.string(), certificatesFlagged: z.number() }),
  ),

  'cert:issue': channel(
    'clerk',
    z.object({
      visitId,
      offlineApprovalId,
      actingFor,
      certType: z.enum(certTypes),
      holder: z.enum(certHolders),
      msisdn: z.string().trim().max(20),
      sim: simSourceSchema,
      documents: certDocumentsSchema,
      /** Type change before the period ends needs FlowApproval.EarlyTypeChange. */
      approvalId: id.optional(),
    }),
    opOut({ certificate: certificateSchema }),
  ),
  'cert:reissue': channel('clerk', z.object({ visitId, offlineApprovalId, actingFor, certificateId: id, sim: simSourceSchema }), opOut({ certificate: certificateSchema })),
  'cert:renew': channel(
    'clerk',
    z.object({ visitId, offlineApprovalId, actingFor, certificateId: id, /** Before the window: FlowApproval.EarlyRenewal. */ approvalId: id.optional() }),
    opOut({ certificate: certificateSchema }),
  ),
  'cert:status': channel(
    'clerk',
    z.object({ fin: z.string().optional(), msisdn: z.string().optional(), visitId: z.string().optional() }),
    z.array(certificateSchema),
  ),

  'service:activate': channel(
    'clerk',
    z.object({ visitId, offlineApprovalId, actingFor, msisdn: z.string().trim().max(20), certType: z.enum(certTypes), months: z.number().int().min(1).max(36) }),
    opOut({ subscription: serviceSubscriptionSchema }),
  ),
  'service:extend': channel(
    'clerk',
    z.object({ visitId, offlineApprovalId, actingFor, msisdn: z.string().trim().max(20), months: z.number().int().min(1).max(36) }),
    opOut({ subscription: serviceSubscriptionSchema }),
  ),
  'service:correctType': channel(
    'clerk',
    z.object({ visitId, offlineApprovalId, actingFor, msisdn: z.string().trim().max(20), certType: z.enum(certTypes), reason: z.string().trim().min(3).max(500) }),
    opOut({ subscription: serviceSubscriptionSchema }),
  ),
  'service:get': channel('clerk', z.object({ msisdn: z.string().trim().max(20) }), serviceSubscriptionSchema.nullable()),

  'token:status': channel('clerk', z.object({ reader: z.string().optional() }), tokenStatusSchema),
  /** PUK and new PIN travel once to main, are used and zeroed; never stored, logged or synced. */
  'token:unblock': channel(
    'clerk',
    z.object({ visitId, offlineApprovalId, actingFor, reader: z.string().optional(), puk: z.string().min(4).max(16), newPin: z.string().min(4).max(16) }),
    opOut({ token: tokenStatusSchema }),
  ),
  'token:reportLost': channel(
    'clerk',
    z.object({
      visitId,
      offlineApprovalId,
      actingFor,
      tokenSerial: z.string().trim().max(64).optional(),
      certificateSerials: z.array(z.string().trim().min(1).max(128)).max(20).default([]),
      lostAt: isoDate,
      circumstances: z.string().trim().max(500).default(''),
    }),
    opOut(),
  ),

  'imei:register': channel(
    'clerk',
    z.object({
      visitId,
      offlineApprovalId,
      actingFor,
      fin: z.string().trim().toUpperCase(),
      documentSeries: z.string().trim().toUpperCase().max(4),
      documentNumber: z.string().trim().max(12),
      imei: z.string().trim().max(20),
      /** Dual-SIM phones: the second IMEI is registered with the first and charged once. */
      imei2: z.string().trim().max(20).optional(),
      securityCode: z.string().trim().min(1).max(40),
      msisdn: z.string().trim().max(20),
      devicePriceMinor: z.number().int().min(0).max(100_000_000),
      paymentType: z.enum(['cash', 'card']),
    }),
    opOut({ noticeCode: z.string() }),
  ),

  /**
   * Registers the customer with KÖMİS. The one-time password exists only inside the returned registration sheet
   * (a PDF); the desk keeps its scrypt hash. Reprinting the sheet cannot show it again.
   */
  'komis:register': channel(
    'clerk',
    z.object({
      visitId,
      offlineApprovalId,
      actingFor,
      documentSeries: z.string().trim().toUpperCase().max(4),
      documentNumber: z.string().trim().max(12),
      accounts: z.object({
        azeriqaz: z.string().trim().max(30).optional(),
        azersu: z.string().trim().max(30).optional(),
        azerenerji: z.string().trim().max(30).optional(),
        bakielektrik: z.string().trim().max(30).optional(),
      }),
      language: languageSchema.optional(),
    }),
    opOut({ subscriberCode: z.string(), sheet: pdfSchema }),
  ),

  'reference:list': channel('clerk', z.object({ table: referenceTableSchema.optional() }), z.array(referenceTableOut)),
  /** Replaces a table's rows (all periods), validated; bumps its version and queues it for sync. */
  'reference:update': channel('supervisor', z.object({ table: referenceTableSchema, rows: z.array(z.record(z.string(), z.unknown())).max(1000) }), referenceTableOut),

  'print:receipt': channel('clerk', z.object({ visitId, language: languageSchema.optional() }), pdfSchema),
  'print:form': channel('clerk', z.object({ operationId: id, language: languageSchema.optional() }), pdfSchema),
} satisfies ChannelMap;

export const flowsEvents = {
  /** An operation was recorded on a visit (journal and receipt views refresh). */
  'flows:operation': z.object({ visitId: z.string(), operationId: z.string(), kind: z.enum(operationKinds) }),
  'reference:changed': z.object({ table: referenceTableSchema, version: z.number() }),
} satisfies EventMap;
