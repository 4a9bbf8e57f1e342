/**
 * Reference data (tariffs, fees, renewal window, price bands, operator prefixes, clerk accounts …) as pullable rows.
 * A file `{table, rows: [...]}` is the whole table: rows are upserted (unchanged rows keep their version) and rows of
 * that table missing from the file become tombstones. A row's key is its `key`, `id` or `code` field (else a hash of
 * its content); a row with an `officeId` (uuid or office name) is seen only by that office (e.g. clerk accounts).
 */
import { createHash } from 'node:crypto';
import type { Database } from '../db/adapter';
import { AppHttpError } from '../http-error';
import { TABLE_NAME, deleteRow, putRow } from './changes';
import { findOffice } from './offices';
import { hasUnstorableText } from './push';
import { z } from 'zod';

// Tables the server itself writes: not settable as reference data (icao_trust only through `trust import-…`'s checks).
const RESERVED = new Set(['conflicts', 'poa_revocations', 'retired_iccids', 'icao_trust']);

export const referenceFileSchema = z.object({
  table: z.string().regex(TABLE_NAME, 'table name: lower-case letters, digits, _'),
  rows: z.array(z.record(z.string(), z.unknown())).max(100_000),
});
export type ReferenceFile = z.infer<typeof referenceFileSchema>;

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** The row's `key`, `id` or `code`; a row without one is keyed by its content (a change is then delete + insert). */
function keyOf(row: Record<string, unknown>): string {
  for (const f of ['key', 'id', 'code'] as const) {
    const v = row[f];
    if (typeof v === 'string' && v) return v;
    if (typeof v === 'number') return String(v);
  }
  return 'h:' + createHash('sha256').update(stableJson(row)).digest('hex').slice(0, 24);
}

export async function setReferenceTable(db: Database, input: unknown): Promise<{ table: string; upserted: number; unchanged: number; deleted: number }> {
  const parsed = referenceFileSchema.safeParse(input);
  if (!parsed.success) throw AppHttpError.badRequest(`reference data: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const { table, rows } = parsed.data;
  if (hasUnstorableText(rows)) throw AppHttpError.badRequest(`${table}: NUL or broken Unicode in the rows, or rows nested too deep`);
  if (RESERVED.has(table)) throw AppHttpError.badRequest(`table ${table} is written by the server, not by reference data`);
  const officeIds = new Map<string, string>();
  for (const row of rows) {
    if (typeof row.officeId === 'string' && !officeIds.has(row.officeId)) officeIds.set(row.officeId, (await findOffice(db, row.officeId)).id);
  }
  const keyed = rows.map((row) => ({ key: keyOf(row), row }));
  const keys = new Set(keyed.map((k) => k.key));
  if (keys.size !== keyed.length) throw AppHttpError.badRequest(`${table}: duplicate keys`);
  return db.transaction(async (tx) => {
    let upserted = 0;
    let unchanged = 0;
    for (const { key, row } of keyed) {
      const officeId = typeof row.officeId === 'string' ? officeIds.get(row.officeId)! : null;
      const v = await putRow(tx, { table, key, officeId, row: officeId ? { ...row, officeId } : row }, { skipIfUnchanged: true });
      if (v === null) unchanged++;
      else upserted++;
    }
    const existing = await tx.query<{ key: string }>('SELECT key FROM central_rows WHERE table_name = $1 AND NOT deleted', [table]);
    let deleted = 0;
    for (const { key } of existing) {
      if (!keys.has(key) && (await deleteRow(tx, table, key)) !== null) deleted++;
    }
    return { table, upserted, unchanged, deleted };
  });
}

export async function listReferenceTables(db: Database): Promise<Array<{ table: string; rows: number }>> {
  const rows = await db.query<{ table_name: string; n: string }>(
    'SELECT table_name, count(*)::text AS n FROM central_rows WHERE NOT deleted GROUP BY table_name ORDER BY table_name',
  );
  return rows.map((r) => ({ table: r.table_name, rows: Number(r.n) }));
}
