// The registry of operation kinds. Everything that used to list kinds by hand derives from it: the IPC channels of the
// flows (common/ipc/channels/flows.ts), the desk's typed payloads (FlowContext.record), the printed fields, the journal
// facts, the POA scope, the visit page's flows and routes, the server's payload validation, and docs/operations.md.
// Adding a kind: a module here (see docs/adding-an-operation.md), then its service, view and server rule.
import { z } from 'zod';
import { channel, type ChannelSpec } from '../ipc/define';
import { approvalRecordSchema, syncEnvelope, type FlowPage, type OperationSpec } from './define';
import { poaCreate, poaRevoke } from './poa';
import { simDuplicate, simSell } from './sim';
import { certIssue, certReissue, certRenew } from './certificate';
import { serviceActivate, serviceCorrectType, serviceExtend } from './service';
import { tokenReportLost, tokenUnblock } from './token';
import { imeiRegister, komisRegister } from './registration';
import { recordKinds } from './records';

/** Every operation kind, in the order screens list them. */
export const operations = {
  'poa.create': poaCreate,
  'poa.revoke': poaRevoke,
  'sim.duplicate': simDuplicate,
  'sim.sell': simSell,
  'cert.issue': certIssue,
  'cert.reissue': certReissue,
  'cert.renew': certRenew,
  'service.activate': serviceActivate,
  'service.extend': serviceExtend,
  'service.correctType': serviceCorrectType,
  'token.unblock': tokenUnblock,
  'token.reportLost': tokenReportLost,
  'imei.register': imeiRegister,
  'komis.register': komisRegister,
} as const;

export type Operations = typeof operations;
export type OperationKind = keyof Operations;
export const operationKinds = Object.keys(operations) as [OperationKind, ...OperationKind[]];
export const operationKindSchema = z.enum(operationKinds);

type Delegable<K extends OperationKind> = Operations[K]['delegable'] extends true ? K : never;
export type DelegableKind = { [K in OperationKind]: Delegable<K> }[OperationKind];
/** What a power of attorney's scope may name. */
export const delegableKinds = operationKinds.filter((k) => operations[k].delegable) as DelegableKind[];

export function isOperationKind(kind: string): kind is OperationKind {
  return Object.hasOwn(operations, kind);
}

export function operationSpec(kind: OperationKind): OperationSpec {
  return operations[kind] as unknown as OperationSpec;
}

/** The kind's own payload, as the desk's services build it (before defaults). */
export type PayloadIn<K extends OperationKind> = z.input<Operations[K]['payload']>;
export type PayloadOf<K extends OperationKind> = z.output<Operations[K]['payload']>;

/** The i18n key of a kind's name: `kinds.sim.duplicate` (kinds nest by their dotted parts). */
export function kindLabelKey(kind: string): string {
  return `kinds.${kind}`;
}

/** An operation as the desk's journal, receipts and screens see it. */
export const operationSchema = z.object({
  id: z.string(),
  visitId: z.string(),
  kind: operationKindSchema,
  /** Whose record it changes: 'fin:…', 'voen:…', 'msisdn:…' (the sync ordering key). */
  subject: z.string(),
  /** The kind's payload (its schema in the registry), without sync-only fields; never PINs, PUKs or passwords. */
  payload: z.record(z.string(), z.unknown()),
  feeMinor: z.number().int(),
  /** Set when a supervisor approved an override for this operation. */
  approval: approvalRecordSchema.nullable(),
  /** The power of attorney the trustee acted under, if any. */
  poaId: z.string().nullable(),
  createdAt: z.string(),
  clerkId: z.string(),
  status: z.enum(['completed', 'cancelled']),
  /** Provisional until the server acknowledges it, then final, or conflict (also a rejection) for a supervisor. */
  sync: z.enum(['provisional', 'final', 'conflict']).optional(),
});
export type Operation = z.infer<typeof operationSchema>;
export type OperationSync = NonNullable<Operation['sync']>;

type OutputOf<K extends OperationKind> =
  Operations[K] extends OperationSpec<string, z.ZodObject, z.ZodObject, infer O> ? z.ZodObject<{ operation: typeof operationSchema } & O> : never;
type OperationChannels = {
  [K in OperationKind as Operations[K]['channel']]: ChannelSpec<Operations[K]['input'], OutputOf<K>>;
};

/** One clerk channel per kind: input as declared, output `{operation, …declared extras}`. */
export const operationChannels = Object.fromEntries(
  operationKinds.map((k) => {
    const spec = operations[k];
    return [spec.channel, channel('clerk', spec.input, z.object({ operation: operationSchema, ...spec.output }))];
  }),
) as unknown as OperationChannels;

/** The flow pages of the visit page, in registry order (kinds sharing a page appear once). */
export const flowPages: readonly FlowPage[] = operationKinds
  .map((k) => operations[k].page)
  .filter((p, i, all) => all.findIndex((q) => q.key === p.key) === i);

// ---- the sync wire

/** The kind an operation has on the wire (a lost carrier travels as a revocation request). */
export function syncKindOf(kind: OperationKind): string {
  return operationSpec(kind).syncKind ?? kind;
}

/**
 * Every kind the server accepts, with the schema its payload must pass: each operation's payload with the common
 * envelope (operationId, visitId, clerkId, feeMinor, …; the kind's own field wins where names meet, e.g. a POA's
 * own `poaId`), and the records that are not operations.
 */
export const syncPayloadSchemas: Record<string, z.ZodObject> = {
  ...Object.fromEntries(operationKinds.map((k) => [syncKindOf(k), z.object({ ...syncEnvelope, ...operationSpec(k).payload.shape })])),
  ...Object.fromEntries(Object.entries(recordKinds).map(([k, r]) => [k, r.payload])),
};

/** A valid payload for every sync kind (envelope included): docs and tests. */
export function examplePayload(syncKind: string, operationId = '0190c0de-0000-7000-8000-0000000000e1'): Record<string, unknown> {
  const op = operationKinds.find((k) => syncKindOf(k) === syncKind);
  if (op) return { operationId, visitId: 'visit-1', clerkId: 'clerk-1', feeMinor: 0, ...(operationSpec(op).example as Record<string, unknown>) };
  const record = recordKinds[syncKind as keyof typeof recordKinds];
  if (record) return { ...record.example };
  throw new Error(`No such sync kind: ${syncKind}`);
}

export type { FlowPage, OperationSpec, Vocabulary } from './define';
export { FlowApproval, type FlowApprovalAction, approvalRecordSchema, scanSchema, pdfSchema, simSourceSchema } from './define';
export { centralPoaSchema, poaPrincipalSchema, poaSchema, type PowerOfAttorney } from './poa';
export { simDuplicateReasons } from './sim';
export { certificateSchema, certDocumentsSchema, type Certificate } from './certificate';
export { serviceSubscriptionSchema } from './service';
export { tokenStatusSchema, type TokenStatus } from './token-status';
