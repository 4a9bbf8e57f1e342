// Walk-in flows (DOMAIN.md §3–§6): powers of attorney, SIM duplicates, Asan İmza certificates and operator service,
// e-İmza tokens, IMEI and KÖMİS registration, reference data, printing. One channel per action; every operation
// belongs to a visit (the identified customer or trustee) and lands in its journal and combined receipt.
// Rule failures come back as AppErrors with codes (common/errors.ts) and, for forms, field-level codes.
import { z } from 'zod';
import { offlineModes } from '../../domain/offline-policy';
import { channel, type ChannelMap, type EventMap } from '../define';
import { referenceTableSchema } from '../../domain/reference';
import { languageSchema } from './app';
import { slipsChannels } from './slips';
// Operation kinds, their inputs, payloads and outputs are declared once in common/operations/ (the registry); the
// channels that perform an operation come from there. This file adds the flows' other channels (look-ups, reads,
// reference data, printing) and re-exports the registry's shared schemas for existing importers.
import { operationChannels, operationKindSchema, operationSchema, certificateSchema, poaSchema, serviceSubscriptionSchema, tokenStatusSchema, pdfSchema } from '../../operations';

const id = z.string().min(1).max(64);
const visitId = id;

export {
  operationKinds,
  delegableKinds,
  operationSchema,
  FlowApproval,
  approvalRecordSchema,
  simSourceSchema,
  scanSchema,
  poaPrincipalSchema,
  poaSchema,
  simDuplicateReasons,
  certificateSchema,
  certDocumentsSchema,
  serviceSubscriptionSchema,
  tokenStatusSchema,
  pdfSchema,
} from '../../operations';
export type { OperationKind, DelegableKind, FlowApprovalAction, Operation, PowerOfAttorney, Certificate, TokenStatus } from '../../operations';

export const moneySchema = z.object({ minor: z.number().int(), currency: z.literal('AZN') });

export const simReadSchema = z.object({
  readId: z.string(),
  iccid: z.string(),
  luhnValid: z.boolean(),
  operator: z.string().nullable(),
  readAt: z.string(),
  /** The reader the SIM was read in (a desk may hold two SIMs: the old one and the new one). */
  reader: z.string().optional(),
});

// ---- reference data, the offline policy and printing

const offlineDecisionSchema = z.object({
  mode: z.enum(offlineModes),
  maxAgeHours: z.number().nullable(),
  allowed: z.boolean(),
  refusal: z.enum(['OFFLINE_REFUSED', 'CENTRAL_CHECK_STALE', 'NOT_OFFERED_HERE']).nullable(),
  checkedAt: z.string().nullable(),
});
export type OfflineDecisionView = z.infer<typeof offlineDecisionSchema>;

const referenceTableOut = z.object({
  table: referenceTableSchema,
  version: z.number(),
  updatedAt: z.string(),
  source: z.string(),
  rows: z.array(z.record(z.string(), z.unknown())),
});

export const flowsChannels = {
  ...operationChannels,
  'visits:operations': channel('clerk', z.object({ visitId }), z.array(operationSchema)),
  'poa:list': channel(
    'clerk',
    z.object({ principalKey: z.string().optional(), trusteeKey: z.string().optional(), visitId: z.string().optional() }),
    z.array(poaSchema),
  ),
  'poa:get': channel('clerk', z.object({ id }), poaSchema),
  'poa:scan': channel('clerk', z.object({ id }), z.object({ mime: z.string(), base64: z.string(), sha256: z.string() })),

  /** Reads the ICCID of the SIM in the reader; the returned readId is what operations accept as "read from the card". */
  'sim:readIccid': channel('clerk', z.object({ reader: z.string().optional() }), simReadSchema),
  'cert:status': channel(
    'clerk',
    z.object({ fin: z.string().optional(), msisdn: z.string().optional(), visitId: z.string().optional() }),
    z.array(certificateSchema),
  ),
  'service:get': channel('clerk', z.object({ msisdn: z.string().trim().max(20) }), serviceSubscriptionSchema.nullable()),
  'token:status': channel('clerk', z.object({ reader: z.string().optional() }), tokenStatusSchema),

  'reference:list': channel('clerk', z.object({ table: referenceTableSchema.optional() }), z.array(referenceTableOut)),
  /** Replaces a table's rows (all periods), validated; bumps its version and queues it for sync. */
  'reference:update': channel('supervisor', z.object({ table: referenceTableSchema, rows: z.array(z.record(z.string(), z.unknown())).max(1000) }), referenceTableOut),

  /** Per operation kind: may it be done now for the visit's customer (the offline policy, with why not). */
  'flows:offlinePolicy': channel('clerk', z.object({ visitId }), z.record(z.string(), offlineDecisionSchema)),

  'print:receipt': channel('clerk', z.object({ visitId, language: languageSchema.optional() }), pdfSchema),
  'print:form': channel('clerk', z.object({ operationId: id, language: languageSchema.optional() }), pdfSchema),
  ...slipsChannels,
} satisfies ChannelMap;

export const flowsEvents = {
  /** An operation was recorded on a visit (journal and receipt views refresh). */
  'flows:operation': z.object({ visitId: z.string(), operationId: z.string(), kind: operationKindSchema }),
  'reference:changed': z.object({ table: referenceTableSchema, version: z.number() }),
} satisfies EventMap;
