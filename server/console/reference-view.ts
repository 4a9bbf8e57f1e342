// Reference data as the console shows it (issue 13): each table, its rows, and which desks have its latest rows.
//
// "Has" is exact, not a guess from the last sync time: a desk presents its pull cursor with each pull (desks.ts
// recordPull keeps the last one), and a cursor (store/changes.ts) is a position (xid, change_id) in the stable part
// of the pull log — everything at or before it the desk has received. So a desk has a table's latest rows when its
// cursor is at or past the newest change of that table its office sees. The server learns it one pull late: the
// cursor that covers a change is the one the desk presents at the pull after the one that brought it.
import { randomUUID } from 'node:crypto';
import type { Database, Queryable } from '../db/adapter';
import { toIso, toIsoOrNull } from '../db/adapter';
import { AppHttpError } from '../http-error';
import { putRow } from '../store/changes';
import { hasUnstorableText } from '../store/push';
import type { AlsoInTx } from '../store/offices';
import type { ReferenceTableView, newReferenceVersionSchema } from '../../common/console/api';
import type { z } from 'zod';

/** Tables of what desks did (personal data, stock, conflicts): not reference data, not listed here. */
const OPERATIONAL = new Set(['poas', 'certificates', 'customer_records', 'conflicts', 'audit_alerts', 'office_stock_ranges', 'office_stock_items', 'retired_iccids', 'poa_revocations']);
/** Listed but written by the server only (accounts through the clerk pages, offices through theirs, trust by import). */
const SERVER_WRITTEN = new Set(['clerks', 'office_profile', 'icao_trust']);
/** Fields of a row the console does not show (a clerk's password hash and the server's signature over it). */
const HIDDEN_FIELDS = ['passwordHash', 'serverSignature'];

// The newest change of each listed table per office scope (office_id null: every desk), and each live desk's cursor.
const NEWEST = `SELECT DISTINCT ON (table_name, office_id) table_name, office_id, xid, change_id FROM changes
  WHERE NOT (table_name = ANY($1::text[])) ORDER BY table_name, office_id, xid DESC, change_id DESC`;
const DESK_HAS = `(d.pulled_xid IS NOT NULL AND (d.pulled_xid, d.pulled_change_id) >= (n.xid, n.change_id))`;

export async function listReferenceView(db: Queryable, officeIds: string[] | null) {
  const rows = await db.query<{ table_name: string; rows: string; updated_at: unknown; having: string | null; desks: string | null }>(
    `WITH newest AS (${NEWEST}),
     per_desk AS (
       SELECT n.table_name, d.id, bool_and(${DESK_HAS}) AS has
       FROM desks d JOIN newest n ON n.office_id IS NULL OR n.office_id = d.office_id
       WHERE d.revoked_at IS NULL AND ($2::uuid[] IS NULL OR d.office_id = ANY($2::uuid[]))
       GROUP BY n.table_name, d.id),
     counts AS (SELECT table_name, count(*) FILTER (WHERE has)::text AS having, count(*)::text AS desks FROM per_desk GROUP BY table_name),
     tables AS (
       SELECT table_name, count(*) FILTER (WHERE NOT deleted)::text AS rows, max(updated_at) AS updated_at FROM central_rows
       WHERE NOT (table_name = ANY($1::text[])) AND ($2::uuid[] IS NULL OR office_id IS NULL OR office_id = ANY($2::uuid[]))
       GROUP BY table_name)
     SELECT t.table_name, t.rows, t.updated_at, c.having, c.desks FROM tables t LEFT JOIN counts c USING (table_name) ORDER BY t.table_name`,
    [[...OPERATIONAL], officeIds],
  );
  return rows.map((r) => ({ table: r.table_name, rows: Number(r.rows), updatedAt: toIsoOrNull(r.updated_at), desksHaving: Number(r.having ?? 0), desks: Number(r.desks ?? 0) }));
}

/** One table's live rows (those the user's offices see) and, per desk that sees it, whether it has the latest. */
export async function referenceTableView(db: Queryable, table: string, officeIds: string[] | null): Promise<ReferenceTableView> {
  if (OPERATIONAL.has(table)) throw AppHttpError.notFound(`${table} is not reference data`);
  const rows = await db.query<{ key: string; version: string; updated_at: unknown; office_id: string | null; row: Record<string, unknown> }>(
    `SELECT key, version::text AS version, updated_at, office_id, row FROM central_rows
     WHERE table_name = $1 AND NOT deleted AND ($2::uuid[] IS NULL OR office_id IS NULL OR office_id = ANY($2::uuid[])) ORDER BY key`,
    [table, officeIds],
  );
  const desks = await db.query<{ id: string; name: string; office_name: string; has: boolean; last_seen_at: unknown }>(
    `WITH newest AS (SELECT DISTINCT ON (office_id) office_id, xid, change_id FROM changes WHERE table_name = $1 ORDER BY office_id, xid DESC, change_id DESC)
     SELECT d.id, d.name, o.name AS office_name, bool_and(${DESK_HAS}) AS has, d.last_seen_at
     FROM desks d JOIN offices o ON o.id = d.office_id JOIN newest n ON n.office_id IS NULL OR n.office_id = d.office_id
     WHERE d.revoked_at IS NULL AND ($2::uuid[] IS NULL OR d.office_id = ANY($2::uuid[]))
     GROUP BY d.id, d.name, o.name, d.last_seen_at ORDER BY o.name, d.name`,
    [table, officeIds],
  );
  if (!rows.length && !desks.length) throw AppHttpError.notFound(`no reference table ${table}`);
  return {
    table,
    rows: rows.map((r) => ({
      key: r.key,
      version: Number(r.version),
      updatedAt: toIso(r.updated_at),
      officeId: r.office_id,
      row: Object.fromEntries(Object.entries(r.row).filter(([k]) => !HIDDEN_FIELDS.includes(k))),
    })),
    desks: desks.map((d) => ({ deskId: d.id, deskName: d.name, officeName: d.office_name, has: d.has, lastSyncAt: toIsoOrNull(d.last_seen_at) })),
  };
}

const dayBefore = (isoDay: string) => new Date(Date.parse(`${isoDay}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/**
 * A new version of a dated row: the replaced row (if any) ends the day before `validFrom`, and the new row — with a
 * key of its own, `<code>@<validFrom>`, so both versions live side by side on the desks — starts on it; both in one
 * transaction. Only for reference tables every desk sees: not for the server's own tables.
 * (`masa-server reference set` replaces a whole table from a file: a version made here is gone after it unless the
 * file has it too.)
 */
export async function addReferenceVersion(
  db: Database,
  table: string,
  v: z.infer<typeof newReferenceVersionSchema>,
  alsoInTx?: AlsoInTx<{ key: string; replaced: string | null }>,
): Promise<{ key: string; replaced: string | null }> {
  if (OPERATIONAL.has(table) || SERVER_WRITTEN.has(table)) throw AppHttpError.badRequest(`table ${table} is written by the server, not edited as reference data`);
  if (hasUnstorableText(v.row)) throw AppHttpError.badRequest('NUL or broken Unicode in the row, or a row nested too deep');
  if (Number.isNaN(Date.parse(`${v.validFrom}T00:00:00Z`))) throw AppHttpError.badRequest('validFrom is not a date');
  return db.transaction(async (tx) => {
    const existing = await tx.query<{ key: string; office_id: string | null; row: Record<string, unknown> }>(
      'SELECT key, office_id, row FROM central_rows WHERE table_name = $1 AND NOT deleted ORDER BY key',
      [table],
    );
    if (!existing.length) throw AppHttpError.notFound(`no reference table ${table}`);
    if (existing.some((r) => r.office_id !== null)) throw AppHttpError.badRequest(`table ${table} has rows of single offices: not edited here`);
    const old = v.replaces === undefined ? null : existing.find((r) => r.key === v.replaces);
    if (v.replaces !== undefined && !old) throw AppHttpError.notFound(`no row ${v.replaces} in ${table}`);
    if (old && typeof old.row.validFrom === 'string' && old.row.validFrom >= v.validFrom) {
      throw AppHttpError.badRequest(`the new version must start after the row it replaces (from ${old.row.validFrom})`);
    }
    const code = typeof v.row.code === 'string' && v.row.code ? v.row.code : typeof old?.row.code === 'string' ? old.row.code : null;
    const base = `${code ?? randomUUID()}@${v.validFrom}`;
    const taken = new Set(existing.map((r) => r.key));
    let key = base;
    for (let n = 2; taken.has(key); n++) key = `${base}#${n}`;
    const { key: _ignored, ...fields } = v.row;
    const row = { ...(old ? { ...old.row, key: undefined } : {}), ...fields, ...(code ? { code } : {}), id: key, validFrom: v.validFrom, validTo: fields.validTo ?? null };
    delete (row as Record<string, unknown>).key;
    if (old) await putRow(tx, { table, key: old.key, officeId: null, row: { ...old.row, validTo: dayBefore(v.validFrom) } });
    await putRow(tx, { table, key, officeId: null, row });
    const out = { key, replaced: old?.key ?? null };
    await alsoInTx?.(tx, out);
    return out;
  });
}
