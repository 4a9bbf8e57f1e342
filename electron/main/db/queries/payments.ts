// Payments, refunds and voids on the desk (migration 022). Shifts and the till build on `cashTakenByClerk`.
import type { ReadableDb, WritableDb } from '../database';
import type { BillPayment, PaymentLine, PaymentMethod } from '../../../../common/domain/payments';

export interface PaymentRow {
  id: string;
  visit_id: string;
  kind: 'payment' | 'refund';
  method: PaymentMethod;
  free_reason: string | null;
  amount_minor: number;
  clerk_id: string;
  created_at: string;
  local_date: string;
}

export interface VoidRow {
  operation_id: string;
  id: string;
  reason: string;
  approval_json: string;
  refund_payment_id: string | null;
  clerk_id: string;
  created_at: string;
}

export function insertPayment(tx: WritableDb, p: PaymentRow, lines: readonly PaymentLine[]): void {
  tx.prepare(
    `INSERT INTO payments (id, visit_id, kind, method, free_reason, amount_minor, clerk_id, created_at, local_date)
     VALUES (@id, @visit_id, @kind, @method, @free_reason, @amount_minor, @clerk_id, @created_at, @local_date)`,
  ).run(p);
  const line = tx.prepare('INSERT INTO payment_lines (payment_id, operation_id, amount_minor) VALUES (?, ?, ?)');
  for (const l of lines) line.run(p.id, l.operationId, l.amountMinor);
}

/** The visit's payments and refunds with their lines (line kinds from the operations), oldest first. */
export function listPaymentsOfVisit(db: ReadableDb, visitId: string): (PaymentRow & { lines: PaymentLine[] })[] {
  const rows = db.prepare('SELECT * FROM payments WHERE visit_id = ? ORDER BY created_at, id').all(visitId) as PaymentRow[];
  const lines = db
    .prepare(
      `SELECT l.payment_id, l.operation_id AS operationId, o.kind, l.amount_minor AS amountMinor FROM payment_lines l
       JOIN payments p ON p.id = l.payment_id JOIN operations o ON o.id = l.operation_id WHERE p.visit_id = ? ORDER BY o.id`,
    )
    .all(visitId) as (PaymentLine & { payment_id: string })[];
  return rows.map((r) => ({ ...r, lines: lines.filter((l) => l.payment_id === r.id).map(({ operationId, kind, amountMinor }) => ({ operationId, kind, amountMinor })) }));
}

/** As the payment rules (common/domain/payments.ts) see them. */
export function toBillPayment(r: PaymentRow & { lines: PaymentLine[] }): BillPayment {
  return { id: r.id, kind: r.kind, method: r.method, lines: r.lines };
}

/**
 * Cash a clerk took in over [from, to) (ISO times): payments in cash less cash refunds, in qəpik. The till's
 * expected cash at a shift's close starts from this.
 */
export function cashTakenByClerk(db: ReadableDb, clerkId: string, from: string, to: string): number {
  return db
    .prepare(`SELECT coalesce(sum(amount_minor), 0) FROM payments WHERE clerk_id = ? AND method = 'cash' AND created_at >= ? AND created_at < ?`)
    .pluck()
    .get(clerkId, from, to) as number;
}

/** Money by method over [from, to) for a clerk (payments less refunds): the X/Z reports' lines. */
export function takingsByMethod(db: ReadableDb, clerkId: string, from: string, to: string): { method: PaymentMethod; amountMinor: number; count: number }[] {
  return db
    .prepare(
      `SELECT method, coalesce(sum(amount_minor), 0) AS amountMinor, count(*) AS count FROM payments
       WHERE clerk_id = ? AND created_at >= ? AND created_at < ? GROUP BY method ORDER BY method`,
    )
    .all(clerkId, from, to) as { method: PaymentMethod; amountMinor: number; count: number }[];
}

export function insertVoid(tx: WritableDb, v: VoidRow): void {
  tx.prepare(
    `INSERT INTO operation_voids (operation_id, id, reason, approval_json, refund_payment_id, clerk_id, created_at)
     VALUES (@operation_id, @id, @reason, @approval_json, @refund_payment_id, @clerk_id, @created_at)`,
  ).run(v);
}

export function findVoidOf(db: ReadableDb, operationId: string): VoidRow | null {
  return (db.prepare('SELECT * FROM operation_voids WHERE operation_id = ?').get(operationId) as VoidRow | undefined) ?? null;
}

/** The voids of a visit's operations, by operation id. */
export function voidsOfVisit(db: ReadableDb, visitId: string): Map<string, VoidRow> {
  const rows = db.prepare('SELECT v.* FROM operation_voids v JOIN operations o ON o.id = v.operation_id WHERE o.visit_id = ?').all(visitId) as VoidRow[];
  return new Map(rows.map((r) => [r.operation_id, r]));
}

/** Another operation (not voided) made under this power of attorney: its id, or null. */
export function operationUsingPoa(db: ReadableDb, poaId: string): string | null {
  return (
    (db
      .prepare(`SELECT o.id FROM operations o LEFT JOIN operation_voids v ON v.operation_id = o.id WHERE o.poa_id = ? AND v.operation_id IS NULL LIMIT 1`)
      .pluck()
      .get(poaId) as string | undefined) ?? null
  );
}

/** The visit's operations as bill lines: fee, local date (from created_at's visit day) and whether voided. */
export function billOperationsOfVisit(db: ReadableDb, visitId: string): { id: string; kind: string; feeMinor: number; createdAt: string; localDate: string; voided: number }[] {
  return db
    .prepare(
      `SELECT o.id, o.kind, o.fee_minor AS feeMinor, o.created_at AS createdAt, vi.local_date AS localDate, (v.operation_id IS NOT NULL) AS voided
       FROM operations o JOIN visits vi ON vi.id = o.visit_id LEFT JOIN operation_voids v ON v.operation_id = o.id
       WHERE o.visit_id = ? AND o.status = 'completed' ORDER BY o.id`,
    )
    .all(visitId) as { id: string; kind: string; feeMinor: number; createdAt: string; localDate: string; voided: number }[];
}
