// Personal data retention (issue 10, deliver 11; docs/security.md): which visits and POA scans may lose their
// personal details, and the writes that remove them. Only what the server has acknowledged is ever touched.
import type { ReadableDb, WritableDb } from '../database';

/**
 * Visits with an outbox entry the server has not acknowledged (pending, sent, conflict, rejected): a visit's entries
 * are its visit.create (same id; payload.visitId too), its operations (same id as theirs) and its close/cancel
 * (payload.visitId). An entry no longer in the outbox was pruned, and only acknowledged entries are pruned. Not
 * correlated, so SQLite builds it once from the few unacknowledged rows (outbox_by_state) instead of scanning the
 * outbox for every visit; coalesce never yields NULL (outbox.id is NOT NULL), which NOT IN would read as "unknown".
 */
const NOT_ACKED = `SELECT coalesce(o.visit_id, json_extract(b.payload_json, '$.visitId'), b.id) FROM outbox b LEFT JOIN operations o ON o.id = b.id
    WHERE b.state IN ('pending', 'sent', 'conflict', 'rejected')`;
const ALL_ACKED = `v.id NOT IN (${NOT_ACKED})`;

export interface PurgeableVisit {
  id: string;
  identity_json: string;
  identity_check_json: string;
  subject_key: string;
}

/** Closed visits made before `before`, not yet purged, every outbox entry of which the server acknowledged. */
export function listPurgeableVisits(db: ReadableDb, before: string): PurgeableVisit[] {
  return db
    .prepare(
      `SELECT v.id, v.identity_json, v.identity_check_json, v.subject_key FROM visits v
       WHERE v.created_at < ? AND v.status <> 'open' AND json_extract(v.identity_json, '$.purgedAt') IS NULL AND ${ALL_ACKED}`,
    )
    .all(before) as PurgeableVisit[];
}

export function replaceVisitIdentity(tx: WritableDb, id: string, identityJson: string, checkJson: string, searchText: string): void {
  tx.prepare('UPDATE visits SET identity_json = ?, identity_check_json = ?, search_text = ? WHERE id = ?').run(identityJson, checkJson, searchText, id);
}

/** The visit's operations (their payloads may name people: a POA's principal, a certificate's holder). */
export function listVisitOperationPayloads(db: ReadableDb, visitId: string): { id: string; payload_json: string }[] {
  return db.prepare('SELECT id, payload_json FROM operations WHERE visit_id = ?').all(visitId) as { id: string; payload_json: string }[];
}

export function setOperationPayload(tx: WritableDb, id: string, payloadJson: string): void {
  tx.prepare('UPDATE operations SET payload_json = ? WHERE id = ?').run(payloadJson, id);
}

/**
 * The acknowledged outbox entries still kept for these visits (the worker keeps them ~30 days, the newest for good),
 * in one pass over the outbox whatever the number of visits.
 */
export function listAckedOutboxOfVisits(db: ReadableDb, visitIds: readonly string[]): { id: string; payload_json: string }[] {
  if (visitIds.length === 0) return [];
  return db
    .prepare(
      `WITH ids(id) AS (SELECT value FROM json_each(?))
       SELECT b.id, b.payload_json FROM outbox b LEFT JOIN operations o ON o.id = b.id
       WHERE b.state = 'acked' AND coalesce(o.visit_id, json_extract(b.payload_json, '$.visitId'), b.id) IN (SELECT id FROM ids)`,
    )
    .all(JSON.stringify(visitIds)) as { id: string; payload_json: string }[];
}

export function setOutboxPayload(tx: WritableDb, id: string, payloadJson: string): void {
  tx.prepare(`UPDATE outbox SET payload_json = ? WHERE id = ? AND state = 'acked'`).run(payloadJson, id);
}

/**
 * Drops the letter scans (bytes) of POAs registered before `before` at visits whose every outbox entry is
 * acknowledged; the hash, MIME type and size stay, so the POA can still be matched to the paper. Returns how many.
 */
export function dropSyncedPoaScans(tx: WritableDb, before: string): number {
  return tx
    .prepare(
      `UPDATE powers_of_attorney SET letter_scan = NULL
       WHERE letter_scan IS NOT NULL AND created_at < ? AND visit_id IS NOT NULL
         AND visit_id NOT IN (${NOT_ACKED})`,
    )
    .run(before).changes;
}
