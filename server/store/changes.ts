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
 * Cost: a long-running transaction on the server holds the cursor back (desks then get the tail repeatedly). The
 * server's own writers are short: a pushed batch is one transaction (push.ts), at most MAX_OPS_PER_PUSH ops applied
 * in a few set-based statements, so the cursor is held back for one batch's time — tens of milliseconds, and while
 * it waits for the keys another batch holds. A batch's rows all carry its one xid; they become stable together.
 */
import { AppHttpError } from '../http-error';
import type { Database, Queryable } from '../db/adapter';
import type { BatchStatement } from './batch-statement';
import { base64url, fromBase64url, type Change, type PullResponse } from '../../common/sync/protocol';
import { CUSTOMER_RECORDS_TABLE } from '../../common/sync/customers';
import { customerRecordOf, RECORD_COLUMNS, RECORD_JOINS, type RecordColumns } from './customer-records';

export interface RowWrite {
  table: string;
  key: string;
  /** null = every office sees it (reference data, retired ICCIDs, POA revocations). */
  officeId: string | null;
  row: Record<string, unknown>;
}

export const TABLE_NAME = /^[a-z][a-z0-9_]{0,62}$/;

/**
 * A row's next version: one more than the last, but never below the clock in milliseconds. Versions thus keep
 * increasing even if the server loses its last commits (PGlite without fsync) or is restored from a backup: a desk
 * that had pulled a now-lost version still accepts the next real change. (Fits a JS number until the year 287396.)
 */
const NEXT_VERSION = (previous: string) => `GREATEST(${previous} + 1, (extract(epoch from clock_timestamp()) * 1000)::bigint)`;

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
    `INSERT INTO central_rows (table_name, key, office_id, version, deleted, row) VALUES ($1, $2, $3, ${NEXT_VERSION('0')}, false, $4::jsonb)
     ON CONFLICT (table_name, key) DO UPDATE SET version = ${NEXT_VERSION('central_rows.version')}, office_id = EXCLUDED.office_id,
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

/**
 * `putRow` for many rows at once (a pushed batch), as parts of the batch's write statement (batch-statement.ts): one
 * part upserts every row, the next appends their changes. At most one write per (table, key) — a statement may not
 * change a row twice; the caller keeps the last write of a key. Rows should come in key order, so two batches lock
 * the rows they share in the same order.
 */
export function writeRows(w: BatchStatement, writes: RowWrite[]): void {
  const rows = writes.map((r) => ({ table_name: r.table, key: r.key, office_id: r.officeId, row: r.row }));
  w.add(
    `INSERT INTO central_rows (table_name, key, office_id, version, deleted, row)
     SELECT table_name, key, office_id, ${NEXT_VERSION('0')}, false, row FROM jsonb_to_recordset(${w.rows(rows)}) AS x(table_name text, key text, office_id uuid, row jsonb)
     ON CONFLICT (table_name, key) DO UPDATE SET version = ${NEXT_VERSION('central_rows.version')}, office_id = EXCLUDED.office_id,
       deleted = false, row = EXCLUDED.row, updated_at = now()
     RETURNING table_name, key, office_id, version, row`,
    'central_upserts',
  );
  w.add(`INSERT INTO changes (table_name, key, office_id, op, version, row) SELECT table_name, key, office_id, 'upsert', version, row FROM central_upserts`);
}

export async function deleteRow(tx: Queryable, table: string, key: string): Promise<number | null> {
  const [r] = await tx.query<{ version: string; office_id: string | null }>(
    `UPDATE central_rows SET version = ${NEXT_VERSION('version')}, deleted = true, row = NULL, updated_at = now()
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
  /** First 12 hex digits of the row's random nonce ('' at the start). */
  tag: string;
}
const START: CursorPos = { xid: '0', changeId: '0', tag: '' };

export function encodeCursor(c: CursorPos): string {
  return base64url(new TextEncoder().encode(`1:${c.xid}:${c.changeId}:${c.tag}`));
}
export function decodeCursor(s: string | undefined): CursorPos {
  if (!s) return START;
  let text: string;
  try {
    text = new TextDecoder().decode(fromBase64url(s));
  } catch {
    throw AppHttpError.badRequest('cursor is not valid');
  }
  const m = /^1:(\d{1,20}):(\d{1,20}):([0-9a-f]{12})?$/.exec(text);
  if (!m) throw AppHttpError.badRequest('cursor is not valid');
  return { xid: m[1], changeId: m[2], tag: m[3] ?? '' };
}

type ChangeRow = { change_id: string; xid: string; tag: string; table_name: string; key: string; op: 'upsert' | 'delete'; version: string; row: Record<string, unknown> | null; stable: boolean } & (
  | RecordColumns
  | { r_id: null }
);

export async function pullChanges(db: Database, officeId: string, cursor: string | undefined, limit: number): Promise<PullResponse> {
  // Only a walk of the (xid, change_id) index from the cursor is wanted (see below). The planner does not know how many
  // rows lie past the cursor (PGlite has no autovacuum to tell it) and, guessing few, chose a bitmap scan of all of
  // them and a sort; sequential and bitmap scans are off for this one transaction.
  return db.transaction(async (tx) => {
    await tx.exec('SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off');
    return pullInTransaction(tx, officeId, cursor, limit);
  });
}

async function pullInTransaction(db: Queryable, officeId: string, cursor: string | undefined, limit: number): Promise<PullResponse> {
  let pos = decodeCursor(cursor);
  let reset = false;
  // The row a cursor points at must still exist. If it does, its commit is durable, so every xid the database hands
  // out from now on is larger and nothing can land behind the cursor. If it does not (the server lost commits or was
  // restored from a backup — xids may then be handed out again — or compaction removed it), start over: the desk
  // gets every current row again and keeps only what is newer than what it holds.
  // (After such a loss a new row may get the same xid and change_id as a lost one: the random tag tells them apart.)
  if (pos.changeId !== '0') {
    const found = await db.query(`SELECT 1 FROM changes WHERE change_id = $1::bigint AND xid = $2::xid8 AND left(replace(nonce::text, '-', ''), 12) = $3`, [
      pos.changeId,
      pos.xid,
      pos.tag,
    ]);
    if (!found.length) {
      pos = START;
      reset = true;
    }
  }
  // An activity record's change names its op (migration 008): the record is built from the op row as it is served.
  // xmin is read as a scalar (an InitPlan), not joined: joined, the index's (xid, change_id) order did not survive the
  // join, and every row past the cursor was read and sorted for one page — each pull cost in proportion to the log, a
  // new desk's first pull of 100 000 records the square of it — and the tail scanned the whole log. Now both parts walk
  // the index from the cursor and stop at the limit.
  const rows = await db.query<ChangeRow>(
    `WITH s AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin),
     stable AS (
       SELECT c.change_id::text AS change_id, c.xid::text AS xid, left(replace(c.nonce::text, '-', ''), 12) AS tag, c.table_name, c.key, c.op,
         c.version::text AS version, c.row, true AS stable, c.xid AS ord_xid, c.change_id AS ord_id
       FROM changes c
       WHERE (c.office_id IS NULL OR c.office_id = $1::uuid) AND c.xid < (SELECT xmin FROM s) AND (c.xid, c.change_id) > ($2::xid8, $3::bigint)
       ORDER BY c.xid, c.change_id LIMIT $4 + 1),
     tail AS (
       SELECT c.change_id::text AS change_id, c.xid::text AS xid, left(replace(c.nonce::text, '-', ''), 12) AS tag, c.table_name, c.key, c.op,
         c.version::text AS version, c.row, false AS stable, c.xid AS ord_xid, c.change_id AS ord_id
       FROM changes c
       WHERE (c.office_id IS NULL OR c.office_id = $1::uuid) AND c.xid >= (SELECT xmin FROM s)
       ORDER BY c.xid, c.change_id LIMIT $4),
     picked AS (SELECT * FROM stable UNION ALL SELECT * FROM tail)
     SELECT p.change_id, p.xid, p.tag, p.table_name, p.key, p.op, p.version, p.row, p.stable, r.*
     FROM picked p
       LEFT JOIN LATERAL (
         SELECT ${RECORD_COLUMNS} FROM ops o ${RECORD_JOINS}
         WHERE p.table_name = '${CUSTOMER_RECORDS_TABLE}' AND p.op = 'upsert' AND o.id = (CASE WHEN p.table_name = '${CUSTOMER_RECORDS_TABLE}' THEN p.key::uuid END)
       ) r ON true
     ORDER BY p.stable DESC, p.ord_xid, p.ord_id`,
    [officeId, pos.xid, pos.changeId, limit],
  );
  const stable = rows.filter((r) => r.stable);
  const tail = rows.filter((r) => !r.stable);
  const more = stable.length > limit;
  const served = more ? stable.slice(0, limit) : [...stable, ...tail.slice(0, limit - stable.length)];
  const lastStable = more ? stable[limit - 1] : stable[stable.length - 1];
  const next = lastStable ? { xid: lastStable.xid, changeId: lastStable.change_id, tag: lastStable.tag } : pos;
  const changes: Change[] = served.map((r) => ({ table: r.table_name, key: r.key, op: r.op, version: Number(r.version), row: r.r_id === null ? r.row : { ...customerRecordOf(r), ...r.row } }));
  return reset ? { changes, cursor: encodeCursor(next), more, reset } : { changes, cursor: encodeCursor(next), more };
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
