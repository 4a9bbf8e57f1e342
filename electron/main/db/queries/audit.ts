import type { ReadableDb, WritableDb } from '../database';
import { getSyncState } from './sync_state';
import { listCentralRows } from './central_rows';
import { AUDIT_ALERTS_TABLE, auditAlertSchema, type AuditAlert } from '../../../../common/sync/protocol';

export interface AuditRow {
  seq: number;
  at: string;
  kind: string;
  actor: string | null;
  details_json: string;
  prev_hash: string;
  hash: string;
}

/** The last entry, whose hash the next one links to. */
export function lastAuditEntry(db: ReadableDb): AuditRow | null {
  return (db.prepare('SELECT * FROM audit_log ORDER BY seq DESC LIMIT 1').get() as AuditRow | undefined) ?? null;
}

export function insertAuditEntry(tx: WritableDb, r: AuditRow): void {
  tx.prepare('INSERT INTO audit_log (seq, at, kind, actor, details_json, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    r.seq, r.at, r.kind, r.actor, r.details_json, r.prev_hash, r.hash,
  );
}

/** Every entry in order, one at a time (verification walks the whole chain without holding it in memory). */
export function iterateAuditEntries(db: ReadableDb): IterableIterator<AuditRow> {
  return db.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as IterableIterator<AuditRow>;
}

/** A page of entries, newest first, with the actor's username and name when the clerk is known on this desk. */
export function listAuditEntries(db: ReadableDb, q: { beforeSeq?: number; limit: number }): (AuditRow & { username: string | null; display_name: string | null })[] {
  return db
    .prepare(
      `SELECT a.*, c.username AS username, c.display_name AS display_name
         FROM audit_log a LEFT JOIN clerks c ON c.id = a.actor
        WHERE a.seq < ? ORDER BY a.seq DESC LIMIT ?`,
    )
    .all(q.beforeSeq ?? Number.MAX_SAFE_INTEGER, q.limit) as (AuditRow & { username: string | null; display_name: string | null })[];
}

/** Entries above `afterSeq`, oldest first: their links go to the sync server (sync/audit-links.ts). */
export function auditEntriesAfter(db: ReadableDb, afterSeq: number, limit: number): AuditRow[] {
  return db.prepare('SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?').all(afterSeq, limit) as AuditRow[];
}

/** The sync server's audit alerts this desk has pulled (its own and the office's other desks'), newest first. */
export function pulledAuditAlerts(db: ReadableDb): Array<AuditAlert & { thisDesk: boolean }> {
  const me = getSyncState(db, 'deskId');
  const out: Array<AuditAlert & { thisDesk: boolean }> = [];
  for (const { row } of listCentralRows(db, AUDIT_ALERTS_TABLE)) {
    const a = auditAlertSchema.safeParse(row);
    if (a.success) out.push({ ...a.data, thisDesk: a.data.deskId === me });
  }
  return out.sort((x, y) => (x.createdAt < y.createdAt ? 1 : x.createdAt > y.createdAt ? -1 : x.seq - y.seq));
}

/** How many times a shift's X- or Z-report was printed (print.shiftReport entries): a Z-report printed again is a copy. */
export function countShiftReportPrints(db: ReadableDb, shiftId: string, report: 'x' | 'z'): number {
  const row = db
    .prepare(`SELECT count(*) AS n FROM audit_log WHERE kind = 'print.shiftReport' AND json_extract(details_json, '$.shiftId') = ? AND json_extract(details_json, '$.report') = ?`)
    .get(shiftId, report) as { n: number };
  return row.n;
}
