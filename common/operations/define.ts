// What one operation kind declares. Everything else — the IPC contract, the desk's typed payloads, the server's payload
// validation, the printed fields, the journal facts, the POA scope list, the visit page's flows — derives from these
// declarations (common/operations/index.ts), so adding a kind is one module, not ten parallel lists.
import { z } from 'zod';
import { isIsoDate } from '../domain/dates';
import { printDeliverySchema } from '../printing/destinations';

export const isoDate = z.string().refine(isIsoDate, 'DATE_FORMAT');
export const id = z.string().min(1).max(64);
export const msisdnInput = z.string().trim().max(20);
const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'UUID');
export const iccid = z.string().regex(/^89\d{17,18}$/, 'ICCID');
/** A number as the desk stores it after normalising: +994 and nine digits. */
export const msisdn = z.string().regex(/^\+994\d{9}$/, 'MSISDN');

/** The supervisor overrides the flows accept (`auth:approve` action; consumed by the operation). */
export const FlowApproval = {
  /** The clerk typed the new SIM's ICCID instead of reading it from the card. */
  TypedIccid: 'flows.iccid.typed',
  /** Renewal at the desk before the online window opens. */
  EarlyRenewal: 'flows.cert.renew.early',
  /** Certificate type change before the 3-year period ends. */
  EarlyTypeChange: 'flows.cert.typeChange.early',
} as const;
export type FlowApprovalAction = (typeof FlowApproval)[keyof typeof FlowApproval];

/** Who approved an override, kept with the operation for the audit (the name is absent on records made before it was kept). */
export const approvalRecordSchema = z.object({ id: z.string(), action: z.string(), reason: z.string(), supervisorId: z.string(), supervisorName: z.string().max(100).optional() });

/** Fields every operation's input carries: the visit, the POA the trustee acts under, an offline-limit approval. */
export const operationInputBase = {
  visitId: id,
  /**
   * Past the desk's offline limits (too long without the server, or too many unsent operations) a new operation
   * needs a supervisor's approval for action 'sync.offline-limit' (APPROVAL_REQUIRED tells when).
   */
  offlineApprovalId: id.optional(),
  /** The trustee acts for a principal under a registered power of attorney. */
  actingFor: z.object({ poaId: id }).optional(),
};

/**
 * The new SIM's ICCID: normally a read made with sim:readIccid (a verified fact from the card service, behind a
 * single-use id); typing it needs a supervisor's approval (FlowApproval.TypedIccid).
 */
export const simSourceSchema = z.union([z.object({ readId: id }), z.object({ typedIccid: z.string().trim().max(22), approvalId: id })]);

/** Fields every synced operation carries besides its kind's own (added by the desk's FlowContext.record). */
export const syncEnvelope = {
  operationId: uuid,
  visitId: z.string().min(1).max(64),
  clerkId: z.string().min(1).max(64),
  feeMinor: z.number().int().min(0),
  /** The subscriber's FIN (or foreign personal code) when the subject is a person. */
  fin: z.string().max(16).optional(),
  /** The power of attorney the trustee acted under. */
  poaId: z.string().min(1).max(64).optional(),
  approval: approvalRecordSchema.optional(),
  /** Done past the offline warning or hard limit (with the supervisor's approval at the hard limit). */
  offline: z
    .object({
      level: z.enum(['warn', 'approval-required']), approvalId: z.string().optional(), reason: z.string().optional(), supervisorId: z.string().optional(),
      supervisorName: z.string().max(100).optional(),
    })
    .optional(),
};

/**
 * Offline policy. 'within-limits': done offline and synced later, but past the desk's offline limits it needs a
 * supervisor (central facts such as revocations may be stale). 'always': never held back by the limits, because it
 * only reduces risk (a revocation, a lost-carrier report) and must not wait for a supervisor.
 */
export type OfflinePolicy = 'within-limits' | 'always';

/** Where a kind's screen lives: the visit page's flow list (route path and Alt+letter). Kinds may share a page. */
export interface FlowPage {
  key: string;
  path: string;
  letter: string;
}

/** A payload field whose value is a code with a name in the vocabulary (i18n `vocab.<name>.<value>`). */
export type Vocabulary = 'certTypes' | 'simReasons' | 'paymentTypes' | 'documents';

export interface OperationSpec<
  K extends string = string,
  I extends z.ZodObject = z.ZodObject,
  P extends z.ZodObject = z.ZodObject,
  O extends z.ZodRawShape = z.ZodRawShape,
  C extends string = string,
> {
  kind: K;
  /** The IPC channel that performs it (access: clerk). Its input schema is `input`. */
  channel: C;
  input: I;
  /** What the channel returns besides `{operation}`. */
  output: O;
  /** The kind's own payload: stored with the operation on the desk, synced, and validated by the server. */
  payload: P;
  /** Payload fields that are synced but not kept in the desk's journal, never shown or printed. */
  syncOnly?: readonly (keyof z.output<P> & string)[];
  /** The kind on the sync wire when it is not `kind` (e.g. a lost carrier is a revocation request centrally). */
  syncKind?: string;
  /** May a trustee do it for a principal under a power of attorney (then it is a choice in the POA's scope). */
  delegable: boolean;
  /** Supervisor overrides it may consume. */
  approvals: readonly FlowApprovalAction[];
  /** Codes in the `fees` reference table it charges (a `{certType}` part is the payload's value). */
  fees: readonly string[];
  /** Payload fields at a glance in the visit's journal, in order. */
  shown: readonly (keyof z.output<P> & string)[];
  /** Payload fields on the printed form and receipt, in order (labels: i18n `fields.<field>`). */
  printed: readonly (keyof z.output<P> & string)[];
  /** Payload fields whose values are vocabulary codes. */
  coded?: Partial<Record<keyof z.output<P> & string, Vocabulary>>;
  offline: OfflinePolicy;
  page: FlowPage;
  /** A valid payload (docs, the server's table-driven test, the sync test helpers). */
  example: z.input<P>;
}

/** Keeps each declaration's literal types (kind, input, payload) for the registry. */
export function defineOperation<const K extends string, const C extends string, I extends z.ZodObject, P extends z.ZodObject, O extends z.ZodRawShape>(
  spec: OperationSpec<K, I, P, O, C>,
): OperationSpec<K, I, P, O, C> {
  return spec;
}

/** A scanned document over IPC: image or PDF bytes as base64. Size checked in main (5 MiB). */
export const scanSchema = z.object({
  mime: z.enum(['image/jpeg', 'image/png', 'application/pdf']),
  base64: z.string().max(7_000_000, 'SCAN_TOO_LARGE'),
  fileName: z.string().max(200).optional(),
});

/** A rendered document; `delivery` says whether it went to a printer or is to be downloaded (and why). */
export const pdfSchema = z.object({ fileName: z.string(), mime: z.literal('application/pdf'), base64: z.string(), sha256: z.string(), delivery: printDeliverySchema.optional() });
