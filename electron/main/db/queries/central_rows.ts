import type { ReadableDb, WritableDb } from '../database';
import { prepared } from '../statements';

export interface CentralRow {
  table_name: string;
  key: string;
  version: number;
  deleted: number;
  row_json: string | null;
}

export function centralRowVersion(db: ReadableDb, table: string, key: string): number {
  return (prepared(db, 'SELECT version FROM central_rows WHERE table_name = ? AND key = ?').pluck().get(table, key) as number | undefined) ?? 0;
}

/** Caller holds the transaction (a pulled page is applied in one). */
export function putCentralRow(tx: WritableDb, r: { table: string; key: string; version: number; deleted: boolean; rowJson: string | null; pulledAt: string }): void {
  prepared(
    tx,
    `INSERT INTO central_rows (table_name, key, version, deleted, row_json, pulled_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (table_name, key) DO UPDATE SET version = excluded.version, deleted = excluded.deleted, row_json = excluded.row_json, pulled_at = excluded.pulled_at`,
  ).run(r.table, r.key, r.version, r.deleted ? 1 : 0, r.rowJson, r.pulledAt);
}

/** A live (not deleted) central row, parsed. */
export function findCentralRow<T = Record<string, unknown>>(db: ReadableDb, table: string, key: string): T | null {
  const r = db.prepare('SELECT row_json FROM central_rows WHERE table_name = ? AND key = ? AND deleted = 0').get(table, key) as { row_json: string | null } | undefined;
  return r?.row_json ? (JSON.parse(r.row_json) as T) : null;
}

export function listCentralRows<T = Record<string, unknown>>(db: ReadableDb, table: string): Array<{ key: string; version: number; row: T }> {
  const rows = db.prepare('SELECT key, version, row_json FROM central_rows WHERE table_name = ? AND deleted = 0 ORDER BY key').all(table) as Array<{ key: string; version: number; row_json: string }>;
  return rows.map((r) => ({ key: r.key, version: r.version, row: JSON.parse(r.row_json) as T }));
}

export function countCentralRows(db: ReadableDb): number {
  return db.prepare('SELECT count(*) FROM central_rows WHERE deleted = 0').pluck().get() as number;
}

/** After the server restarted its pull walk: every held version is forgotten, so whatever it sends applies. */
export function forgetCentralVersions(tx: WritableDb): void {
  tx.prepare('UPDATE central_rows SET version = 0').run();
}

/** Rows (and tombstones) not received since `before`: the server no longer has them. Returns what was dropped. */
export function dropCentralRowsPulledBefore(tx: WritableDb, before: string): Array<{ table: string; key: string }> {
  const rows = tx.prepare('SELECT table_name AS "table", key FROM central_rows WHERE pulled_at < ? AND deleted = 0').all(before) as Array<{ table: string; key: string }>;
  tx.prepare('DELETE FROM central_rows WHERE pulled_at < ?').run(before);
  return rows;
}
