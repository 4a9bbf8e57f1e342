// Personal data retention (issue 10, deliver 11; docs/security.md): which visits and POA scans may lose their
// personal details, and the writes that remove them. Only what the server has acknowledged is ever touched.
import type { ReadableDb, WritableDb } from '../database';

/**
 * A visit's outbox entries: its visit.create (same id), its operations (same id as theirs) and its close/cancel
 * (payload.visitId). An entry no longer in the outbox was pruned, and only acknowledged entries are pruned.
 */
const ALL_ACKED = `NOT EXISTS (SELECT 1 FROM outbox b WHERE b.state <> 'acked'
    AND (b.id = v.id OR b.id IN (SELECT o.id FROM operations o WHERE o.visit_id = v.id) OR json_extract(b.payload_json, '$.visitId') = v.id))`;

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

/** The acknowledged outbox entries still kept for the visit (the worker keeps them ~30 days, the last one for good). */
export function listVisitOutboxPayloads(db: ReadableDb, visitId: string): { id: string; payload_json: string }[] {
  return db
    .prepare(
      `SELECT id, payload_json FROM outbox WHERE state = 'acked'
       AND (id = ? OR id IN (SELECT id FROM operations WHERE visit_id = ?) OR json_extract(payload_json, '$.visitId') = ?)`,
    )
    .all(visitId, visitId, visitId) as { id: string; payload_json: string }[];
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
         AND visit_id IN (SELECT v.id FROM visits v WHERE ${ALL_ACKED})`,
    )
    .run(before).changes;
}
