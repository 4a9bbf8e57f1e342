import type { Db } from '../database';

export interface ApprovalRow {
  id: string;
  supervisor_id: string;
  clerk_id: string;
  action: string;
  reason: string;
  created_at: string;
  used_at: string | null;
}

export function insertApproval(db: Db, a: { id: string; supervisorId: string; clerkId: string; action: string; reason: string; createdAt: string }): void {
  db.prepare('INSERT INTO approvals (id, supervisor_id, clerk_id, action, reason, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(
    a.id, a.supervisorId, a.clerkId, a.action, a.reason, a.createdAt,
  );
}

export function findApproval(db: Db, id: string): ApprovalRow | null {
  return (db.prepare('SELECT * FROM approvals WHERE id = ?').get(id) as ApprovalRow | undefined) ?? null;
}

/** Marks an approval used; returns false if it was already used (an approval covers one operation). */
export function markApprovalUsed(db: Db, id: string, usedAt: string): boolean {
  return db.prepare('UPDATE approvals SET used_at = ? WHERE id = ? AND used_at IS NULL').run(usedAt, id).changes === 1;
}
