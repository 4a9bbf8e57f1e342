// Shifts at the desk (migration 023) and the till totals the X and Z reports print. Money sums read `payments`
// (migration 022) for the clerk over the shift's [opened_at, closed_at).
import type { ReadableDb, WritableDb } from '../database';

export interface ShiftRow {
  id: string;
  clerk_id: string;
  opened_at: string;
  opening_float_minor: number;
  closed_at: string | null;
  close_id: string | null;
  expected_minor: number | null;
  counted_minor: number | null;
  difference_minor: number | null;
  reason: string | null;
  approval_json: string | null;
  stock_count_json: string | null;
}

export function insertShift(tx: WritableDb, s: Pick<ShiftRow, 'id' | 'clerk_id' | 'opened_at' | 'opening_float_minor'>): void {
  tx.prepare('INSERT INTO shifts (id, clerk_id, opened_at, opening_float_minor) VALUES (@id, @clerk_id, @opened_at, @opening_float_minor)').run(s);
}

/** The clerk's open shift at this desk, or null. */
export function findOpenShift(db: ReadableDb, clerkId: string): ShiftRow | null {
  return (db.prepare('SELECT * FROM shifts WHERE clerk_id = ? AND closed_at IS NULL').get(clerkId) as ShiftRow | undefined) ?? null;
}

export function findShift(db: ReadableDb, id: string): ShiftRow | null {
  return (db.prepare('SELECT * FROM shifts WHERE id = ?').get(id) as ShiftRow | undefined) ?? null;
}

/** Closes an open shift; false when it was not open (closed meanwhile). */
export function closeShift(
  tx: WritableDb,
  c: Pick<ShiftRow, 'id' | 'closed_at' | 'close_id' | 'expected_minor' | 'counted_minor' | 'difference_minor' | 'reason' | 'approval_json' | 'stock_count_json'>,
): boolean {
  return (
    tx
      .prepare(
        `UPDATE shifts SET closed_at = @closed_at, close_id = @close_id, expected_minor = @expected_minor, counted_minor = @counted_minor,
           difference_minor = @difference_minor, reason = @reason, approval_json = @approval_json, stock_count_json = @stock_count_json
         WHERE id = @id AND closed_at IS NULL`,
      )
      .run(c).changes === 1
  );
}

/** Cash taken (payments) and paid back (refunds, as a positive amount) by the clerk over [from, to). */
export function cashMovements(db: ReadableDb, clerkId: string, from: string, to: string): { takenMinor: number; refundedMinor: number } {
  const r = db
    .prepare(
      `SELECT coalesce(sum(CASE WHEN kind = 'payment' THEN amount_minor END), 0) AS takenMinor,
              coalesce(-sum(CASE WHEN kind = 'refund' THEN amount_minor END), 0) AS refundedMinor
       FROM payments WHERE clerk_id = ? AND method = 'cash' AND created_at >= ? AND created_at < ?`,
    )
    .get(clerkId, from, to) as { takenMinor: number; refundedMinor: number };
  return r;
}

/** Payments taken by method over [from, to) (refunds are apart, refundsByMethod): the reports' takings lines. */
export function paymentsByMethod(db: ReadableDb, clerkId: string, from: string, to: string): { method: 'cash' | 'card' | 'free'; amountMinor: number; count: number }[] {
  return db
    .prepare(
      `SELECT method, coalesce(sum(amount_minor), 0) AS amountMinor, count(*) AS count FROM payments
       WHERE clerk_id = ? AND kind = 'payment' AND created_at >= ? AND created_at < ? GROUP BY method ORDER BY method`,
    )
    .all(clerkId, from, to) as { method: 'cash' | 'card' | 'free'; amountMinor: number; count: number }[];
}

/** Refunds by method over [from, to) (positive amounts): the reports' refund lines. */
export function refundsByMethod(db: ReadableDb, clerkId: string, from: string, to: string): { method: string; amountMinor: number; count: number }[] {
  return db
    .prepare(
      `SELECT method, -coalesce(sum(amount_minor), 0) AS amountMinor, count(*) AS count FROM payments
       WHERE clerk_id = ? AND kind = 'refund' AND created_at >= ? AND created_at < ? GROUP BY method ORDER BY method`,
    )
    .all(clerkId, from, to) as { method: string; amountMinor: number; count: number }[];
}

/** The clerk's operations over [from, to) by kind: how many, their fees, and how many of them were voided. */
export function operationsByKind(db: ReadableDb, clerkId: string, from: string, to: string): { kind: string; count: number; feesMinor: number; voided: number }[] {
  return db
    .prepare(
      `SELECT o.kind, count(*) AS count, coalesce(sum(o.fee_minor), 0) AS feesMinor, count(v.operation_id) AS voided
       FROM operations o LEFT JOIN operation_voids v ON v.operation_id = o.id
       WHERE o.clerk_id = ? AND o.status = 'completed' AND o.created_at >= ? AND o.created_at < ? GROUP BY o.kind ORDER BY o.kind`,
    )
    .all(clerkId, from, to) as { kind: string; count: number; feesMinor: number; voided: number }[];
}

/** The voids the clerk made over [from, to). */
export function voidsByClerk(db: ReadableDb, clerkId: string, from: string, to: string): { operationId: string; kind: string; reason: string; createdAt: string }[] {
  return db
    .prepare(
      `SELECT v.operation_id AS operationId, o.kind, v.reason, v.created_at AS createdAt FROM operation_voids v JOIN operations o ON o.id = v.operation_id
       WHERE v.clerk_id = ? AND v.created_at >= ? AND v.created_at < ? ORDER BY v.created_at`,
    )
    .all(clerkId, from, to) as { operationId: string; kind: string; reason: string; createdAt: string }[];
}

/** The clerk's operations since `from` the server has not yet made final (pending, sent, conflict or rejected). */
export function unsyncedOperations(db: ReadableDb, clerkId: string, from: string): { id: string; kind: string; visitId: string; createdAt: string; state: string }[] {
  return db
    .prepare(
      `SELECT o.id, o.kind, o.visit_id AS visitId, o.created_at AS createdAt,
              CASE WHEN b.state IN ('pending', 'sent') THEN 'provisional' ELSE 'conflict' END AS state
       FROM operations o JOIN outbox b ON b.id = o.id
       WHERE o.clerk_id = ? AND o.created_at >= ? AND (b.state IN ('pending', 'sent', 'rejected') OR (b.state = 'conflict' AND coalesce(b.resolution, '') <> 'accepted'))
       ORDER BY o.created_at`,
    )
    .all(clerkId, from) as { id: string; kind: string; visitId: string; createdAt: string; state: string }[];
}

/** The clerk's visits still open (any day): listed at close, carried into the next shift. */
export function openVisitsOfClerk(db: ReadableDb, clerkId: string): { id: string; number: number; createdAt: string; operationCount: number }[] {
  return db
    .prepare(`SELECT id, number, created_at AS createdAt, operation_count AS operationCount FROM visits WHERE clerk_id = ? AND status = 'open' ORDER BY number`)
    .all(clerkId) as { id: string; number: number; createdAt: string; operationCount: number }[];
}
