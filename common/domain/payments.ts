// Payments, voids and refunds of a visit (issue 12, deliver 1): the rules, pure. A visit is paid ONCE for its
// unpaid chargeable lines (a `visit.pay` record); a same-day void of a paid line is a refund (a negative line paid
// back by the method it was paid by). The desk's PaymentService and the receipt use these; nothing here stores.
import { violation, type Verdict } from './rules/result';
import { formatAzn } from './reference';

export const paymentMethods = ['cash', 'card', 'free'] as const;
export type PaymentMethod = (typeof paymentMethods)[number];

/** The supervisor override a void consumes (auth:approve action). */
export const VOID_APPROVAL_ACTION = 'operation.void';

/** An operation as a line of the visit's bill. */
export interface BillOperation {
  id: string;
  kind: string;
  feeMinor: number;
  createdAt: string;
  /** The local date it was made on (YYYY-MM-DD): voids are the same day only. */
  localDate: string;
  voided: boolean;
}

/** One line a payment (or a refund, negative) covers. */
export interface PaymentLine {
  operationId: string;
  kind: string;
  amountMinor: number;
}

export interface BillPayment {
  id: string;
  kind: 'payment' | 'refund';
  method: PaymentMethod;
  lines: readonly PaymentLine[];
}

/** The chargeable lines no payment covers yet: a fee above zero, not voided. */
export function unpaidLines(ops: readonly BillOperation[], payments: readonly BillPayment[]): PaymentLine[] {
  const paid = new Set(payments.filter((p) => p.kind === 'payment').flatMap((p) => p.lines.map((l) => l.operationId)));
  return ops.filter((o) => o.feeMinor > 0 && !o.voided && !paid.has(o.id)).map((o) => ({ operationId: o.id, kind: o.kind, amountMinor: o.feeMinor }));
}

/** What a payment record of these lines takes in: nothing when the fee is waived. */
export function amountTaken(method: PaymentMethod, lines: readonly PaymentLine[]): number {
  return method === 'free' ? 0 : lines.reduce((sum, l) => sum + l.amountMinor, 0);
}

/** The payment that covered an operation's line, if any (a refund pays back by its method). */
export function paymentOf<P extends BillPayment>(operationId: string, payments: readonly P[]): P | null {
  return payments.find((p) => p.kind === 'payment' && p.lines.some((l) => l.operationId === operationId)) ?? null;
}

/**
 * The visit's money: `due` is what its unpaid lines still ask, `paid` what payments took in, `refunded` what
 * refunds paid back (a positive number), `net` = paid − refunded.
 */
export function visitTotals(ops: readonly BillOperation[], payments: readonly BillPayment[]): { due: number; paid: number; refunded: number; net: number } {
  const due = unpaidLines(ops, payments).reduce((s, l) => s + l.amountMinor, 0);
  const taken = (kind: BillPayment['kind']) =>
    payments.filter((p) => p.kind === kind && p.method !== 'free').reduce((s, p) => s + p.lines.reduce((t, l) => t + Math.abs(l.amountMinor), 0), 0);
  const paid = taken('payment');
  const refunded = taken('refund');
  return { due, paid, refunded, net: paid - refunded };
}

/** Taking a payment: there must be something to pay, and a waived fee needs its reason from reference data. */
export function checkPayment(unpaid: readonly PaymentLine[], method: PaymentMethod, freeReason: string | null, knownFreeReasons: readonly string[]): Verdict {
  if (unpaid.length === 0) return violation('NOTHING_TO_PAY', 'This visit has nothing left to pay.');
  if (method === 'free' && (!freeReason || !knownFreeReasons.includes(freeReason))) {
    return violation('FREE_REASON_REQUIRED', 'A fee waived needs a reason from the list.', { fields: { freeReason: 'REQUIRED' } });
  }
  return null;
}

/** Closing the visit (by the clerk or after its receipt) while chargeable lines are unpaid is refused. */
export function checkClosePaid(unpaid: readonly PaymentLine[]): Verdict {
  if (unpaid.length === 0) return null;
  const dueMinor = unpaid.reduce((s, l) => s + l.amountMinor, 0);
  return violation('VISIT_UNPAID', 'This visit is not paid: take the payment (Alt+M) before closing it.', { details: { dueMinor, due: formatAzn(dueMinor) } });
}

/** How a kind is voided (common/operations/voids.ts declares it per kind). */
export type VoidMeaning = 'reverse' | 'record' | 'refused';

/**
 * A void of one operation: today's only, once, of a kind that can be undone, and not of something that has been
 * built on since (e.g. a POA another operation used).
 */
export function checkVoid(op: BillOperation, today: string, meaning: VoidMeaning, usedBy: string | null): Verdict {
  if (op.voided) return violation('ALREADY_VOIDED', 'This operation is already voided.');
  if (op.localDate !== today) return violation('VOID_NOT_SAME_DAY', 'Only an operation made today can be voided: this one was made on {date}.', { details: { date: op.localDate } });
  if (meaning === 'refused') return violation('VOID_NOT_REVERSIBLE', 'This kind of operation cannot be undone, so it cannot be voided.', { details: { kind: op.kind } });
  if (usedBy) return violation('VOID_USED_SINCE', 'This cannot be voided: another operation already relies on it.', { details: { usedBy } });
  return null;
}
