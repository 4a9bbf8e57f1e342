import type { ReadableDb, WritableDb } from '../database';

export interface ReferenceTableRow {
  name: string;
  version: number;
  updated_at: string;
  source: 'default' | 'sync' | 'local';
}

export function listReferenceTables(db: ReadableDb): ReferenceTableRow[] {
  return db.prepare('SELECT * FROM reference_tables ORDER BY name').all() as ReferenceTableRow[];
}

export function findReferenceTable(db: ReadableDb, name: string): ReferenceTableRow | null {
  return (db.prepare('SELECT * FROM reference_tables WHERE name = ?').get(name) as ReferenceTableRow | undefined) ?? null;
}

export function upsertReferenceTable(tx: WritableDb, t: ReferenceTableRow): void {
  tx.prepare(
    `INSERT INTO reference_tables (name, version, updated_at, source) VALUES (@name, @version, @updated_at, @source)
     ON CONFLICT (name) DO UPDATE SET version = excluded.version, updated_at = excluded.updated_at, source = excluded.source`,
  ).run(t);
}

export function listReferenceRows(db: ReadableDb, table: string): Record<string, unknown>[] {
  return (db.prepare('SELECT data_json FROM reference_rows WHERE table_name = ? ORDER BY row_key, valid_from').pluck().all(table) as string[]).map((j) => JSON.parse(j));
}

export function deleteReferenceRows(tx: WritableDb, table: string): void {
  tx.prepare('DELETE FROM reference_rows WHERE table_name = ?').run(table);
}

export function deleteReferenceRow(tx: WritableDb, table: string, rowKey: string): void {
  tx.prepare('DELETE FROM reference_rows WHERE table_name = ? AND row_key = ?').run(table, rowKey);
}

export function upsertReferenceRow(tx: WritableDb, r: { table: string; rowKey: string; validFrom: string; validTo: string | null; data: Record<string, unknown> }): void {
  tx.prepare('DELETE FROM reference_rows WHERE table_name = ? AND row_key = ?').run(r.table, r.rowKey);
  tx.prepare('INSERT INTO reference_rows (table_name, row_key, valid_from, valid_to, data_json) VALUES (?, ?, ?, ?, ?)').run(
    r.table, r.rowKey, r.validFrom, r.validTo, JSON.stringify(r.data),
  );
}
