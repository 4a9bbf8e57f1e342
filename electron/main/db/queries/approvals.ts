import type { ReadableDb, WritableDb } from '../database';

export interface ApprovalRow {
  id: string;
  supervisor_id: string;
  clerk_id: string;
  action: string;
  reason: string;
  created_at: string;
  used_at: string | null;
}

export function insertApproval(tx: WritableDb, a: { id: string; supervisorId: string; clerkId: string; action: string; reason: string; createdAt: string }): void {
  tx.prepare('INSERT INTO approvals (id, supervisor_id, clerk_id, action, reason, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(
    a.id, a.supervisorId, a.clerkId, a.action, a.reason, a.createdAt,
  );
}

export function findApproval(db: ReadableDb, id: string): ApprovalRow | null {
  return (db.prepare('SELECT * FROM approvals WHERE id = ?').get(id) as ApprovalRow | undefined) ?? null;
}

/** Marks an approval used; returns false if it was already used (an approval covers one operation). */
export function markApprovalUsed(tx: WritableDb, id: string, usedAt: string): boolean {
  return tx.prepare('UPDATE approvals SET used_at = ? WHERE id = ? AND used_at IS NULL').run(usedAt, id).changes === 1;
}
