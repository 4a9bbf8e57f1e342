import type { Queryable } from '../db/adapter';

export interface Stats {
  /** Operations applied (status applied), all offices. */
  applied: number;
  /** Re-pushed operations acknowledged `duplicate` without being applied again. */
  duplicates: number;
  conflicts: number;
  rejected: number;
  offices: number;
  /** Desks that may sync (a revoked desk is counted apart). */
  desks: number;
  revokedDesks: number;
  /**
   * Desks still holding a shared HMAC key (enrolled before key pairs, not synced since): the server's only desk
   * secrets. Each goes at its desk's next sync (docs/sync-server.md, "Authentication").
   */
  desksWithSharedKey: number;
  byOffice: Array<{ office: string; officeId: string; kind: string; applied: number; conflicts: number; rejected: number }>;
}

export async function stats(db: Queryable): Promise<Stats> {
  const byOffice = await db.query<{ office: string; office_id: string; kind: string; applied: string; conflicts: string; rejected: string }>(
    `SELECT o.name AS office, o.id AS office_id, op.kind,
       count(*) FILTER (WHERE op.status = 'applied')::text AS applied,
       count(*) FILTER (WHERE op.status = 'conflict')::text AS conflicts,
       count(*) FILTER (WHERE op.status = 'rejected')::text AS rejected
     FROM ops op JOIN offices o ON o.id = op.office_id GROUP BY o.name, o.id, op.kind ORDER BY o.name, op.kind`,
  );
  const [t] = await db.query<{ duplicates: string; desks: string; revoked: string; shared: string; offices: string }>(
    `SELECT (SELECT coalesce(sum(duplicate_acks), 0)::text FROM desks) AS duplicates,
       (SELECT count(*) FILTER (WHERE revoked_at IS NULL)::text FROM desks) AS desks, (SELECT count(*) FILTER (WHERE revoked_at IS NOT NULL)::text FROM desks) AS revoked,
       (SELECT count(*)::text FROM desks WHERE desk_key IS NOT NULL) AS shared, (SELECT count(*)::text FROM offices) AS offices`,
  );
  const rows = byOffice.map((r) => ({ office: r.office, officeId: r.office_id, kind: r.kind, applied: Number(r.applied), conflicts: Number(r.conflicts), rejected: Number(r.rejected) }));
  const sum = (f: 'applied' | 'conflicts' | 'rejected') => rows.reduce((a, r) => a + r[f], 0);
  return {
    applied: sum('applied'),
    duplicates: Number(t.duplicates),
    conflicts: sum('conflicts'),
    rejected: sum('rejected'),
    offices: Number(t.offices),
    desks: Number(t.desks),
    revokedDesks: Number(t.revoked),
    desksWithSharedKey: Number(t.shared),
    byOffice: rows,
  };
}
