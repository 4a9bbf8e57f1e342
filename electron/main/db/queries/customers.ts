// The customer replica (migration 041): one function per query.
import type { ReadableDb, WritableDb } from '../database';
import { prepared } from '../statements';

export interface ReplicaCustomerRow {
  key: string;
  name: string;
  name_fold: string;
  fin: string | null;
  summary_json: string | null;
  heard_at: string | null;
  seen_at: string;
}

export type KeyKind = 'fin' | 'document' | 'iccid' | 'msisdn' | 'imei';

export function findReplicaCustomer(db: ReadableDb, key: string): ReplicaCustomerRow | null {
  return (prepared(db, 'SELECT * FROM replica_customers WHERE key = ?').get(key) as ReplicaCustomerRow | undefined) ?? null;
}

/**
 * Creates or updates a customer. Name, FIN and summary change only when given; `heard_at` and `seen_at` only move
 * forward (a late record must not make the customer look older or fresher than they are).
 */
export function upsertReplicaCustomer(
  tx: WritableDb,
  c: { key: string; name?: string; nameFold?: string; fin?: string | null; summaryJson?: string; heardAt?: string; seenAt?: string },
): void {
  prepared(
    tx,
    `INSERT INTO replica_customers (key, name, name_fold, fin, summary_json, heard_at, seen_at)
     VALUES (@key, coalesce(@name, ''), coalesce(@nameFold, ''), @fin, @summaryJson, @heardAt, coalesce(@seenAt, ''))
     ON CONFLICT (key) DO UPDATE SET
       name = coalesce(@name, name), name_fold = coalesce(@nameFold, name_fold), fin = coalesce(@fin, fin),
       summary_json = coalesce(@summaryJson, summary_json),
       heard_at = CASE WHEN @heardAt IS NOT NULL AND (heard_at IS NULL OR heard_at < @heardAt) THEN @heardAt ELSE heard_at END,
       seen_at = CASE WHEN @seenAt IS NOT NULL AND seen_at < @seenAt THEN @seenAt ELSE seen_at END`,
  ).run({ name: null, nameFold: null, fin: null, summaryJson: null, heardAt: null, seenAt: null, ...c });
}

export function insertReplicaRecord(tx: WritableDb, r: { id: string; key: string; kind: string; createdAt: string; json: string }): void {
  prepared(
    tx,
    `INSERT INTO replica_records (id, key, kind, created_at, record_json) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET key = excluded.key, record_json = excluded.record_json`,
  ).run(r.id, r.key, r.kind, r.createdAt, r.json);
}

export function listReplicaRecords(db: ReadableDb, key: string): string[] {
  return db.prepare('SELECT record_json FROM replica_records WHERE key = ? ORDER BY created_at LIMIT 5000').pluck().all(key) as string[];
}

export function putReplicaKey(tx: WritableDb, kind: KeyKind, value: string, key: string): void {
  prepared(tx, 'INSERT OR IGNORE INTO replica_keys (kind, value, key) VALUES (?, ?, ?)').run(kind, value, key);
}

/** The customers an identifier points at, most recently seen first. */
export function findKeysBy(db: ReadableDb, kind: KeyKind, values: readonly string[]): string[] {
  if (values.length === 0) return [];
  return db
    .prepare(
      `SELECT k.key FROM replica_keys k LEFT JOIN replica_customers c ON c.key = k.key
       WHERE k.kind = ? AND k.value IN (${values.map(() => '?').join(', ')}) ORDER BY c.seen_at DESC`,
    )
    .pluck()
    .all(kind, ...values) as string[];
}

/** Customers whose identifier starts with, or whose folded name contains, the query. */
export function searchReplica(db: ReadableDb, query: { value: string; fold: string }, limit: number): ReplicaCustomerRow[] {
  return db
    .prepare(
      `SELECT * FROM replica_customers WHERE key IN (SELECT key FROM replica_keys WHERE value >= @value AND value < @value || char(1114111))
         OR name_fold LIKE '%' || @fold || '%' ESCAPE '\\'
       ORDER BY seen_at DESC LIMIT @limit`,
    )
    .all({ value: query.value, fold: query.fold.replace(/[\\%_]/g, (c) => `\\${c}`), limit }) as ReplicaCustomerRow[];
}

export function listReplicaKeysOf(db: ReadableDb, key: string, kind: KeyKind): string[] {
  return db.prepare('SELECT value FROM replica_keys WHERE key = ? AND kind = ? ORDER BY value').pluck().all(key, kind) as string[];
}

/**
 * Customers not seen since `cutoff`, neither in the replica nor on a visit at this desk: what retention removes.
 * (A visit made here counts as seeing them even if the replica row is older.)
 */
export function listUnseenCustomers(db: ReadableDb, cutoff: string): string[] {
  return db
    .prepare(
      `SELECT c.key FROM replica_customers c
       WHERE c.seen_at < ? AND NOT EXISTS (SELECT 1 FROM visits v WHERE v.subject_key = c.key AND v.created_at >= ?)`,
    )
    .pluck()
    .all(cutoff, cutoff) as string[];
}

/**
 * Removes a customer from the replica: the summary, records and identifiers, and the central POAs and certificates
 * this desk only holds as copies (not made here: a POA without a visit of this desk, a certificate whose operation is
 * not in this desk's journal). The pulled rows' versions stay in `central_rows` (their content is dropped), so a
 * repeat of an old change does not bring them back; a newer change does.
 */
export function deleteReplicaCustomer(tx: WritableDb, key: string): void {
  tx.prepare(
    `UPDATE central_rows SET row_json = NULL
     WHERE (table_name = 'customer_records' AND key IN (SELECT id FROM replica_records WHERE key = @key))
        OR (table_name = 'certificates' AND key IN (SELECT id FROM certificates WHERE subject = @key AND operation_id NOT IN (SELECT id FROM operations)))
        OR (table_name = 'poas' AND key IN (SELECT id FROM powers_of_attorney WHERE visit_id IS NULL AND revoked_at IS NULL AND (principal_key = @key OR trustee_key = @key)))`,
  ).run({ key });
  tx.prepare('DELETE FROM replica_records WHERE key = ?').run(key);
  tx.prepare('DELETE FROM replica_keys WHERE key = ?').run(key);
  tx.prepare('DELETE FROM replica_customers WHERE key = ?').run(key);
  tx.prepare('DELETE FROM certificates WHERE subject = ? AND operation_id NOT IN (SELECT id FROM operations)').run(key);
  // A revoked POA stays: its revocation must keep refusing it.
  tx.prepare('DELETE FROM powers_of_attorney WHERE visit_id IS NULL AND revoked_at IS NULL AND (principal_key = @key OR trustee_key = @key)').run({ key });
}

// ---- this desk's own journal, read as a customer's records (it may not have reached the server yet)

export interface JournalVisitRow {
  id: string;
  created_at: string;
  identity_json: string;
  identity_method: string;
  status: 'open' | 'completed' | 'cancelled';
  closed_at: string | null;
}

export function listJournalVisitsOf(db: ReadableDb, key: string): JournalVisitRow[] {
  return db
    .prepare('SELECT id, created_at, identity_json, identity_method, status, closed_at FROM visits WHERE subject_key = ? ORDER BY created_at LIMIT 2000')
    .all(key) as JournalVisitRow[];
}

export function listJournalOperationsOf(db: ReadableDb, key: string): { id: string; kind: string; payload_json: string; created_at: string }[] {
  return db
    .prepare("SELECT id, kind, payload_json, created_at FROM operations WHERE subject = ? AND status = 'completed' ORDER BY created_at LIMIT 5000")
    .all(key) as { id: string; kind: string; payload_json: string; created_at: string }[];
}

/** Person keys this desk's journal knows for an identifier (its visits, SIMs, certificates, IMEI registrations). */
export function findJournalKeys(db: ReadableDb, kind: KeyKind, values: readonly string[]): string[] {
  if (values.length === 0) return [];
  const list = values.map(() => '?').join(', ');
  const sql: Record<KeyKind, string> = {
    fin: `SELECT subject_key FROM visits WHERE subject_key IN (${list}) OR json_extract(identity_json, '$.personalCode') IN (${list})`,
    document: `SELECT subject_key FROM visits WHERE json_extract(identity_json, '$.documentNumber') IN (${list})
               OR json_extract(identity_json, '$.passportNumber') IN (${list}) OR json_extract(identity_json, '$.residencePermitNumber') IN (${list})`,
    iccid: `SELECT subject FROM sim_cards WHERE iccid IN (${list}) UNION ALL SELECT subject FROM certificates WHERE iccid IN (${list})`,
    msisdn: `SELECT subject FROM sim_cards WHERE msisdn IN (${list}) UNION ALL SELECT subject FROM certificates WHERE msisdn IN (${list})`,
    imei: `SELECT o.subject FROM imei_registrations i JOIN operations o ON o.id = i.operation_id WHERE i.imei IN (${list}) OR i.imei2 IN (${list})`,
  };
  const params = kind === 'fin' ? [...values.map((v) => `fin:${v}`), ...values] : kind === 'document' ? [...values, ...values, ...values] : [...values, ...values];
  return [...new Set(db.prepare(sql[kind]).pluck().all(...params) as string[])].filter((k) => k !== '');
}
