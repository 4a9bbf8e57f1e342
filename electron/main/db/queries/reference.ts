import type { Db } from '../database';

export interface ReferenceTableRow {
  name: string;
  version: number;
  updated_at: string;
  source: 'default' | 'sync' | 'local';
}

export function listReferenceTables(db: Db): ReferenceTableRow[] {
  return db.prepare('SELECT * FROM reference_tables ORDER BY name').all() as ReferenceTableRow[];
}

export function findReferenceTable(db: Db, name: string): ReferenceTableRow | null {
  return (db.prepare('SELECT * FROM reference_tables WHERE name = ?').get(name) as ReferenceTableRow | undefined) ?? null;
}

export function upsertReferenceTable(db: Db, t: ReferenceTableRow): void {
  db.prepare(
    `INSERT INTO reference_tables (name, version, updated_at, source) VALUES (@name, @version, @updated_at, @source)
     ON CONFLICT (name) DO UPDATE SET version = excluded.version, updated_at = excluded.updated_at, source = excluded.source`,
  ).run(t);
}

export function listReferenceRows(db: Db, table: string): Record<string, unknown>[] {
  return (db.prepare('SELECT data_json FROM reference_rows WHERE table_name = ? ORDER BY row_key, valid_from').pluck().all(table) as string[]).map((j) => JSON.parse(j));
}

export function deleteReferenceRows(db: Db, table: string): void {
  db.prepare('DELETE FROM reference_rows WHERE table_name = ?').run(table);
}

export function deleteReferenceRow(db: Db, table: string, rowKey: string): void {
  db.prepare('DELETE FROM reference_rows WHERE table_name = ? AND row_key = ?').run(table, rowKey);
}

export function upsertReferenceRow(db: Db, r: { table: string; rowKey: string; validFrom: string; validTo: string | null; data: Record<string, unknown> }): void {
  db.prepare('DELETE FROM reference_rows WHERE table_name = ? AND row_key = ?').run(r.table, r.rowKey);
  db.prepare('INSERT INTO reference_rows (table_name, row_key, valid_from, valid_to, data_json) VALUES (?, ?, ?, ?, ?)').run(
    r.table, r.rowKey, r.validFrom, r.validTo, JSON.stringify(r.data),
  );
}
