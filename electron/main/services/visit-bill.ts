// A visit's bill: its operations as lines, how each was paid, voided lines, refunds and totals (the rules are
// common/domain/payments.ts). Read by the payment service, the visit page and the printed receipt.
import type { Db, WritableDb } from '../db/database';
import { paymentOf, unpaidLines, visitTotals, type BillOperation, type BillPayment } from '../../../common/domain/payments';
import type { VisitBill } from '../../../common/ipc/channels/payments';
import { billOperationsOfVisit, listPaymentsOfVisit, toBillPayment, voidsOfVisit } from '../db/queries/payments';

export function billParts(db: Db | WritableDb, visitId: string): { ops: BillOperation[]; payments: (BillPayment & { row: ReturnType<typeof listPaymentsOfVisit>[number] })[] } {
  const ops = billOperationsOfVisit(db, visitId).map((o) => ({ ...o, voided: o.voided === 1 }));
  const payments = listPaymentsOfVisit(db, visitId).map((r) => ({ ...toBillPayment(r), row: r }));
  return { ops, payments };
}

/** The bill as the IPC contract has it. */
export function billOf(db: Db | WritableDb, visitId: string): VisitBill {
  const { ops, payments } = billParts(db, visitId);
  const voids = voidsOfVisit(db, visitId);
  return {
    lines: ops.map((o) => {
      const p = paymentOf(o.id, payments);
      const v = voids.get(o.id);
      return {
        operationId: o.id,
        kind: o.kind,
        feeMinor: o.feeMinor,
        paidBy: p ? { paymentId: p.id, method: p.method, freeReason: p.row.free_reason } : null,
        voided: v ? { at: v.created_at, reason: v.reason, supervisorName: String((JSON.parse(v.approval_json) as { supervisorName?: string }).supervisorName ?? '') } : null,
      };
    }),
    payments: payments.map((p) => ({ id: p.id, kind: p.kind, method: p.method, freeReason: p.row.free_reason, amountMinor: p.row.amount_minor, createdAt: p.row.created_at, lines: [...p.lines] })),
    unpaid: unpaidLines(ops, payments),
    totals: visitTotals(ops, payments),
  };
}
