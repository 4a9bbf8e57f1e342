/**
 * Central rows that desks pull, and the pull cursor.
 *
 * Every write of a pullable row goes through `putRow`/`deleteRow` inside the writer's transaction: it bumps the
 * per-key version in `central_rows` (a row lock, so one key's versions follow commit order) and appends to `changes`
 * with `xid = pg_current_xact_id()` (the writing transaction's id, assigned when it first writes).
 *
 * Why not "change_id > last seen"? Sequence values are taken at insert time but become visible at commit time.
 * Transaction A takes change 10 and commits late; B takes 11 and commits first; a pull between the two sees 11 and
 * would move the cursor past 10 for ever.
 *
 * The cursor is a keyset position (xid, change_id) in the *stable* part of the log: rows whose xid is below the
 * xmin of the pull's snapshot (`pg_snapshot_xmin(pg_current_snapshot())`). Every transaction with an xid below xmin
 * has finished (committed or aborted), and every future transaction gets a larger xid, so the set of stable rows never
 * changes again: walking it in (xid, change_id) order with a strict "greater than" cursor cannot skip anything.
 * A late transaction A has xid_A >= xmin(S) for every snapshot S taken while it runs, so none of its rows is stable
 * before it commits, and the cursor only ever advances to keys of stable rows (xid < xmin(S)): it stays below
 * (xid_A, 0) until A has finished, and A's rows are walked once they are stable.
 *
 * For freshness the pull also returns the "tail": committed rows with xid >= xmin (visible but not yet stable) once the
 * stable part is exhausted. The cursor does not move over them, so they come again later (at least once more, as
 * stable rows). Desks apply a change only if its version is higher than what they hold, so repeats are harmless.
 * The stable part and the tail are read in one statement, i.e. under one snapshot.
 * Cost: a long-running transaction on the server holds the cursor back (desks then get the tail repeatedly);
 * the server's own transactions are one op each, so this is short.
 */
import { AppHttpError } from '../http-error';
import type { Queryable } from '../db/adapter';
import { base64url, fromBase64url, type Change, type PullResponse } from '../../common/sync/protocol';

export interface RowWrite {
  table: string;
  key: string;
  /** null = every office sees it (reference data, retired ICCIDs, POA revocations). */
  officeId: string | null;
  row: Record<string, unknown>;
}

export const TABLE_NAME = /^[a-z][a-z0-9_]{0,62}$/;

export async function putRow(tx: Queryable, w: RowWrite, opts: { skipIfUnchanged?: boolean } = {}): Promise<number | null> {
  const json = JSON.stringify(w.row);
  if (opts.skipIfUnchanged) {
    const same = await tx.query(
      `SELECT 1 FROM central_rows WHERE table_name = $1 AND key = $2 AND NOT deleted AND row = $3::jsonb AND office_id IS NOT DISTINCT FROM $4::uuid`,
      [w.table, w.key, json, w.officeId],
    );
    if (same.length) return null;
  }
  const [r] = await tx.query<{ version: string }>(
    `INSERT INTO central_rows (table_name, key, office_id, version, deleted, row) VALUES ($1, $2, $3, 1, false, $4::jsonb)
     ON CONFLICT (table_name, key) DO UPDATE SET version = central_rows.version + 1, office_id = EXCLUDED.office_id,
       deleted = false, row = EXCLUDED.row, updated_at = now()
     RETURNING version`,
    [w.table, w.key, w.officeId, json],
  );
  const version = Number(r.version);
  await tx.query(`INSERT INTO changes (table_name, key, office_id, op, version, row) VALUES ($1, $2, $3, 'upsert', $4, $5::jsonb)`, [
    w.table,
    w.key,
    w.officeId,
    version,
    json,
  ]);
  return version;
}

export async function deleteRow(tx: Queryable, table: string, key: string): Promise<number | null> {
  const [r] = await tx.query<{ version: string; office_id: string | null }>(
    `UPDATE central_rows SET version = version + 1, deleted = true, row = NULL, updated_at = now()
     WHERE table_name = $1 AND key = $2 AND NOT deleted RETURNING version, office_id`,
    [table, key],
  );
  if (!r) return null;
  await tx.query(`INSERT INTO changes (table_name, key, office_id, op, version, row) VALUES ($1, $2, $3, 'delete', $4, NULL)`, [
    table,
    key,
    r.office_id,
    Number(r.version),
  ]);
  return Number(r.version);
}

interface CursorPos {
  xid: string;
  changeId: string;
}
const START: CursorPos = { xid: '0', changeId: '0' };

export function encodeCursor(c: CursorPos): string {
  return base64url(new TextEncoder().encode(`1:${c.xid}:${c.changeId}`));
}
export function decodeCursor(s: string | undefined): CursorPos {
  if (!s) return START;
  let text: string;
  try {
    text = new TextDecoder().decode(fromBase64url(s));
  } catch {
    throw AppHttpError.badRequest('cursor is not valid');
  }
  const m = /^1:(\d{1,20}):(\d{1,20})$/.exec(text);
  if (!m) throw AppHttpError.badRequest('cursor is not valid');
  return { xid: m[1], changeId: m[2] };
}

type ChangeRow = { change_id: string; xid: string; table_name: string; key: string; op: 'upsert' | 'delete'; version: string; row: Record<string, unknown> | null; stable: boolean };

export async function pullChanges(db: Queryable, officeId: string, cursor: string | undefined, limit: number): Promise<PullResponse> {
  const pos = decodeCursor(cursor);
  const rows = await db.query<ChangeRow>(
    `WITH s AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin),
     stable AS (
       SELECT c.change_id::text AS change_id, c.xid::text AS xid, c.table_name, c.key, c.op, c.version::text AS version, c.row, true AS stable
       FROM changes c, s
       WHERE (c.office_id IS NULL OR c.office_id = $1::uuid) AND c.xid < s.xmin AND (c.xid, c.change_id) > ($2::xid8, $3::bigint)
       ORDER BY c.xid, c.change_id LIMIT $4 + 1),
     tail AS (
       SELECT c.change_id::text AS change_id, c.xid::text AS xid, c.table_name, c.key, c.op, c.version::text AS version, c.row, false AS stable
       FROM changes c, s
       WHERE (c.office_id IS NULL OR c.office_id = $1::uuid) AND c.xid >= s.xmin
       ORDER BY c.xid, c.change_id LIMIT $4)
     SELECT * FROM stable UNION ALL SELECT * FROM tail`,
    [officeId, pos.xid, pos.changeId, limit],
  );
  const stable = rows.filter((r) => r.stable);
  const tail = rows.filter((r) => !r.stable);
  const more = stable.length > limit;
  const served = more ? stable.slice(0, limit) : [...stable, ...tail.slice(0, limit - stable.length)];
  const lastStable = more ? stable[limit - 1] : stable[stable.length - 1];
  const next = lastStable ? { xid: lastStable.xid, changeId: lastStable.change_id } : pos;
  const changes: Change[] = served.map((r) => ({ table: r.table_name, key: r.key, op: r.op, version: Number(r.version), row: r.row }));
  return { changes, cursor: encodeCursor(next), more };
}

/**
 * Removes changes superseded by a newer version of the same (table, key). Always safe, whatever desks' cursors:
 * a desk whose cursor is before the removed change gets the newer one instead; one whose cursor is past it has
 * it already. Versions follow commit order per key, so "newer" is by version, not by position in the log.
 */
export async function compactChanges(db: Queryable): Promise<number> {
  const rows = await db.query<{ n: string }>(
    `WITH gone AS (
       DELETE FROM changes c USING changes newer
       WHERE newer.table_name = c.table_name AND newer.key = c.key AND newer.version > c.version
       RETURNING c.change_id)
     SELECT count(*)::text AS n FROM gone`,
  );
  return Number(rows[0].n);
}
