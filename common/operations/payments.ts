// The payment and void records on the sync wire (issue 12). Neither is an operation kind of the registry (no screen
// of its own, no fee, not delegable): they are records about a visit's operations, validated by the server like the
// visit's own records (records.ts) and applied by its rules (server/store/rules.ts, server/store/voids.ts).
//
// Design: a visit is paid once — `visit.pay` carries the method (cash, card, or free with a reason code from the
// `free_reasons` reference table) and the lines it covers (operation id, kind, amount). A void is `op.void`: the
// operation voided, the supervisor's approval, the refund (a negative line, by the method the line was paid by) when
// it had been paid, and what the server must undo for the kind (`undo`, declared per kind in `voidMeanings`).
import { z } from 'zod';
import { paymentMethods, type VoidMeaning } from '../domain/payments';
import type { OperationKind } from '.';
import { approvalRecordSchema, iccid, id, msisdn } from './define';

const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'UUID');
const line = z.object({ operationId: uuid, kind: z.string().min(1).max(40), amountMinor: z.number().int() });

export const visitPayPayload = z.object({
  paymentId: uuid,
  visitId: id,
  clerkId: id,
  method: z.enum(paymentMethods),
  /** A waived fee's reason (a `free_reasons` code); null when paid. */
  freeReason: z.string().min(1).max(80).nullable(),
  /** What the desk took in: the lines' sum, 0 when waived. */
  amountMinor: z.number().int().min(0),
  lines: z.array(line.extend({ amountMinor: z.number().int().min(0) })).min(1).max(100),
  createdAt: z.string(),
});

/** What the server undoes for a voided operation, per kind (only kinds whose meaning is 'reverse' carry one). */
export const voidUndoSchema = z.discriminatedUnion('kind', [
  /** The new SIM is unbound; the old SIM is bound to the number again and no longer retired. */
  z.object({ kind: z.literal('sim.duplicate'), msisdn, newIccid: iccid, oldIccid: iccid.nullable() }),
  /** The SIM sold is unbound from the number (it goes back to the office). */
  z.object({ kind: z.literal('sim.sell'), msisdn, iccid }),
  /**
   * The certificate is revoked centrally. The SIM it was issued onto (`iccid`, on `msisdn`) is unbound too when the
   * issue itself bound it (the server decides, voids.ts); optional: a desk older than this field sends neither.
   */
  z.object({ kind: z.literal('cert.issue'), certificateId: z.string().min(1).max(64), iccid: iccid.optional(), msisdn: msisdn.optional() }),
  /** The power of attorney is revoked centrally (refused at the desk when an operation used it). */
  z.object({ kind: z.literal('poa.create'), poaId: id }),
  /** The registration is removed: the IMEI may be registered again. */
  z.object({ kind: z.literal('imei.register'), imeis: z.array(z.string().regex(/^\d{15}$/)).min(1).max(2) }),
]);
export type VoidUndo = z.infer<typeof voidUndoSchema>;

export const opVoidPayload = z.object({
  voidId: uuid,
  operationId: uuid,
  /** The voided operation's kind. */
  kind: z.string().min(1).max(40),
  visitId: id,
  clerkId: id,
  approval: approvalRecordSchema,
  /** The paid line paid back: negative, by the method it was paid by; null when it was not paid (or waived). */
  refund: z.object({ paymentId: uuid, method: z.enum(['cash', 'card']), amountMinor: z.number().int().max(0) }).nullable(),
  undo: voidUndoSchema.nullable(),
  createdAt: z.string(),
});

/**
 * What voiding each kind means. 'reverse': the server undoes its central effect (`undo`). 'record': nothing central
 * to undo (the fee is refunded, the operation shows as voided). 'refused': it cannot be undone — a revocation, a
 * replaced or renewed certificate (the old one is gone), a token whose PIN was reset on the chip.
 */
export const voidMeanings: Record<OperationKind, VoidMeaning> = {
  'poa.create': 'reverse',
  'poa.revoke': 'refused',
  'sim.duplicate': 'reverse',
  'sim.sell': 'reverse',
  'cert.issue': 'reverse',
  'cert.reissue': 'refused',
  'cert.renew': 'refused',
  'service.activate': 'record',
  'service.extend': 'record',
  'service.correctType': 'record',
  'token.unblock': 'refused',
  'token.reportLost': 'refused',
  'imei.register': 'reverse',
  'komis.register': 'record',
};

export const paymentRecordKinds = {
  'visit.pay': {
    payload: visitPayPayload,
    example: {
      paymentId: '0190c0de-0000-7000-8000-0000000000b1',
      visitId: '0190c0de-0000-7000-8000-0000000000a1',
      clerkId: 'clerk-1',
      method: 'card',
      freeReason: null,
      amountMinor: 700,
      lines: [{ operationId: '0190c0de-0000-7000-8000-0000000000e1', kind: 'sim.duplicate', amountMinor: 700 }],
      createdAt: '2026-12-01T09:10:00.000Z',
    } satisfies z.input<typeof visitPayPayload>,
  },
  'op.void': {
    payload: opVoidPayload,
    example: {
      voidId: '0190c0de-0000-7000-8000-0000000000c1',
      operationId: '0190c0de-0000-7000-8000-0000000000e1',
      kind: 'sim.duplicate',
      visitId: '0190c0de-0000-7000-8000-0000000000a1',
      clerkId: 'clerk-1',
      approval: { id: 'approval-1', action: 'operation.void', reason: 'wrong number', supervisorId: 'clerk-2', supervisorName: 'Supervisor' },
      refund: { paymentId: '0190c0de-0000-7000-8000-0000000000b2', method: 'card', amountMinor: -700 },
      undo: { kind: 'sim.duplicate', msisdn: '+994551234567', newIccid: '8999401000000000318', oldIccid: '8999401000000000300' },
      createdAt: '2026-12-01T09:15:00.000Z',
    } satisfies z.input<typeof opVoidPayload>,
  },
} as const;
