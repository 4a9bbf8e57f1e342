import type { OperationSync } from '../../../../common/operations';
import type { ReadableDb, WritableDb } from '../database';
import type { Operation, OperationKind } from '../../../../common/ipc/channels/flows';

export interface OperationRow {
  id: string;
  visit_id: string;
  kind: string;
  subject: string;
  payload_json: string;
  fee_minor: number;
  approval_json: string | null;
  poa_id: string | null;
  clerk_id: string;
  created_at: string;
  status: 'completed' | 'cancelled';
}

export function insertOperation(tx: WritableDb, o: Omit<OperationRow, 'status'>): void {
  tx.prepare(
    `INSERT INTO operations (id, visit_id, kind, subject, payload_json, fee_minor, approval_json, poa_id, clerk_id, created_at)
     VALUES (@id, @visit_id, @kind, @subject, @payload_json, @fee_minor, @approval_json, @poa_id, @clerk_id, @created_at)`,
  ).run(o);
}

export function listOperationsOfVisit(db: ReadableDb, visitId: string): OperationRow[] {
  return db.prepare('SELECT * FROM operations WHERE visit_id = ? ORDER BY id').all(visitId) as OperationRow[];
}

/**
 * The visit's operations by sync state, from their outbox entries (same id); an accepted conflict is final, and so
 * is an operation whose entry was pruned (only acknowledged entries are).
 */
export function operationSyncStates(db: ReadableDb, visitId: string): Map<string, OperationSync> {
  const rows = db
    .prepare(
      `SELECT o.id, CASE
         WHEN b.state IN ('pending', 'sent') THEN 'provisional'
         WHEN b.state = 'rejected' OR (b.state = 'conflict' AND coalesce(b.resolution, '') <> 'accepted') THEN 'conflict'
         ELSE 'final' END AS sync
       FROM operations o LEFT JOIN outbox b ON b.id = o.id WHERE o.visit_id = ?`,
    )
    .all(visitId) as { id: string; sync: OperationSync }[];
  return new Map(rows.map((r) => [r.id, r.sync]));
}

/** Whose tokens this serial was (its unblocks and loss reports on this desk): the subjects, most recent first. */
export function subjectsOfTokenSerial(db: ReadableDb, serial: string): string[] {
  return db
    .prepare(
      `SELECT subject FROM operations WHERE kind IN ('token.unblock', 'token.reportLost') AND status = 'completed'
         AND json_extract(payload_json, '$.tokenSerial') = ? GROUP BY subject ORDER BY max(created_at) DESC`,
    )
    .pluck()
    .all(serial) as string[];
}

export function findOperation(db: ReadableDb, id: string): OperationRow | null {
  return (db.prepare('SELECT * FROM operations WHERE id = ?').get(id) as OperationRow | undefined) ?? null;
}

/** The row as the contract's Operation (JSON columns parsed). */
export function toOperation(row: OperationRow): Operation {
  return {
    id: row.id,
    visitId: row.visit_id,
    kind: row.kind as OperationKind,
    subject: row.subject,
    payload: JSON.parse(row.payload_json) as Record<string, unknown>,
    feeMinor: row.fee_minor,
    approval: row.approval_json ? JSON.parse(row.approval_json) : null,
    poaId: row.poa_id,
    createdAt: row.created_at,
    clerkId: row.clerk_id,
    status: row.status,
  };
}
