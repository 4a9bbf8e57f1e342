// Desks as the console shows them (issue 13): when enrolled, when last synced, what they said at their last pull
// (operations waiting, app version), their audit chain as the server has seen it, and revocation. A revoked desk is
// refused by auth.ts (DESK_REVOKED) once its signature verifies.
import type { Queryable } from '../db/adapter';
import { toIso, toIsoOrNull } from '../db/adapter';
import { AppHttpError } from '../http-error';
import { decodeCursor } from '../store/changes';
import type { ConsoleDesk } from '../../common/console/api';

type DeskRow = {
  id: string;
  name: string;
  office_id: string;
  office_name: string;
  created_at: unknown;
  last_seen_at: unknown;
  pending: number | null;
  app_version: string | null;
  revoked_at: unknown;
  revoked_by: string | null;
  revoke_reason: string | null;
  entries: string;
  last_at: unknown;
  alerts: string;
  broken: string;
  gaps: string;
};

/** The desks of the offices given (null: all), by office and name. */
export async function listDesks(db: Queryable, officeIds: string[] | null): Promise<ConsoleDesk[]> {
  const rows = await db.query<DeskRow>(
    `SELECT d.id, d.name, d.office_id, o.name AS office_name, d.created_at, d.last_seen_at, d.pending, d.app_version,
       d.revoked_at, d.revoked_by, d.revoke_reason, coalesce(h.seq, 0)::text AS entries, l.at AS last_at, a.alerts, a.broken, a.gaps
     FROM desks d JOIN offices o ON o.id = d.office_id
     -- The chain's length is its head's seq, and its last entry's time that link's (two key lookups): counting the
     -- links read every one of them, and chains only grow (bench/console.ts: 0.7–1.9 s for 500 desks × 1 500 links).
     LEFT JOIN audit_heads h ON h.desk_id = d.id
     LEFT JOIN audit_links l ON l.desk_id = d.id AND l.seq = h.seq
     CROSS JOIN LATERAL (SELECT count(*)::text AS alerts, count(*) FILTER (WHERE reason <> 'gap')::text AS broken,
                           count(*) FILTER (WHERE reason = 'gap')::text AS gaps FROM audit_alerts WHERE desk_id = d.id) a
     WHERE $1::uuid[] IS NULL OR d.office_id = ANY($1::uuid[])
     ORDER BY o.name, d.name, d.created_at`,
    [officeIds],
  );
  return rows.map((r) => {
    const entries = Number(r.entries);
    // A wrong link or a rewritten entry is worse than a gap (lost links): the state names the worst seen.
    const state = Number(r.broken) > 0 ? 'broken' : Number(r.gaps) > 0 ? 'gap' : entries > 0 ? 'ok' : 'none';
    return {
      id: r.id,
      name: r.name,
      officeId: r.office_id,
      officeName: r.office_name,
      enrolledAt: toIso(r.created_at),
      lastSyncAt: toIsoOrNull(r.last_seen_at),
      pending: r.pending === null ? null : Number(r.pending),
      appVersion: r.app_version,
      auditChain: { state, entries, alerts: Number(r.alerts), lastAt: toIsoOrNull(r.last_at) },
      revokedAt: toIsoOrNull(r.revoked_at),
      revokedBy: r.revoked_by,
      revokeReason: r.revoke_reason,
    };
  });
}

/** Revokes the desk for good: its signed requests are refused from now on. Revoking twice is refused. */
export async function revokeDesk(tx: Queryable, deskId: string, by: string, reason: string, now: number): Promise<void> {
  const r = await tx.query('UPDATE desks SET revoked_at = $2, revoked_by = $3, revoke_reason = $4 WHERE id = $1 AND revoked_at IS NULL RETURNING id', [
    deskId, new Date(now).toISOString(), by, reason,
  ]);
  if (!r.length) throw AppHttpError.conflict('the desk is already revoked');
}

/**
 * What a desk said at a pull, in one statement: when (its last sync), the cursor it presented (what it holds of the
 * pull log: reference-view.ts compares it with each table's newest change), and — when it sent them — its pending
 * count and app version (a desk older than issue 13 sends neither; what it said before stays).
 * `reset`: the pull started the desk over, so the cursor it presented names nothing it holds.
 */
export async function recordPull(db: Queryable, deskId: string, q: { cursor?: string; pending?: number; appVersion?: string }, reset: boolean): Promise<void> {
  const pos = reset ? { xid: '0', changeId: '0' } : decodeCursor(q.cursor);
  await db.query(
    `UPDATE desks SET last_seen_at = now(), pulled_xid = $2::xid8, pulled_change_id = $3::bigint,
       pending = coalesce($4::int, pending), app_version = coalesce($5::text, app_version) WHERE id = $1`,
    [deskId, pos.xid, pos.changeId, q.pending ?? null, q.appVersion ?? null],
  );
}
