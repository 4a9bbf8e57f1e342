import type { Db } from '../database';

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

export function insertOperation(db: Db, o: Omit<OperationRow, 'status'>): void {
  db.prepare(
    `INSERT INTO operations (id, visit_id, kind, subject, payload_json, fee_minor, approval_json, poa_id, clerk_id, created_at)
     VALUES (@id, @visit_id, @kind, @subject, @payload_json, @fee_minor, @approval_json, @poa_id, @clerk_id, @created_at)`,
  ).run(o);
}

export function listOperationsOfVisit(db: Db, visitId: string): OperationRow[] {
  return db.prepare('SELECT * FROM operations WHERE visit_id = ? ORDER BY id').all(visitId) as OperationRow[];
}

export function findOperation(db: Db, id: string): OperationRow | null {
  return (db.prepare('SELECT * FROM operations WHERE id = ?').get(id) as OperationRow | undefined) ?? null;
}
