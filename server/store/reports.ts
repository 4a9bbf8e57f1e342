/**
 * The reports per office, desk, clerk and day (issue 12, deliver 6; the shapes in common/sync/reports.ts): one SQL
 * query per figure, each grouped by the dimensions asked for, then put together per group here. Plain PostgreSQL:
 * the same text runs on PGlite and on PostgreSQL.
 *
 * Where each figure comes from:
 * - operations: `ops` of an operation kind (not a record such as visit.create or shift.open), applied or in conflict —
 *   the customer was served either way; a rejected record never happened. Fees: the envelope's `feeMinor`.
 * - payments: `visit.pay` records; voids and refunds: `op.void` records (the refund is negative, by the method the
 *   line had been paid by). A void the server could not reverse (a conflict) still paid the money back: it counts.
 * - approvals: every op whose payload carries an `approval` (overrides such as a typed ICCID, a void, a shift's
 *   difference) or an offline-limit approval (`offline.approvalId`, action `sync.offline-limit`).
 * - conflicts: `conflicts`, by reason and status, placed by the op they hold.
 * - shift differences: `shifts` (migration 014), placed by the shift's opening.
 *
 * The clerk is the `clerkId` the desk recorded (a published account's id, or a desk-local account's); the day is the
 * local day in Asia/Baku of the time the desk did it (`ops.created_at`, the desk's clock, which the server keeps close
 * to its own) — not when it reached the server, so a desk syncing the next morning still reports yesterday's work
 * under yesterday.
 */
import type { Queryable } from '../db/adapter';
import { AppHttpError } from '../http-error';
import { findOffice } from './offices';
import { operationKinds, syncKindOf } from '../../common/operations';
import {
  REPORT_TIME_ZONE,
  emptyFigures,
  reportQuerySchema,
  sumFigures,
  type Report,
  type ReportDimension,
  type ReportFigures,
  type ReportGroup,
  type ReportQueryInput,
  type ShiftDifference,
} from '../../common/sync/reports';

/** The filters resolved to ids (names looked up once, so each figure's query filters on indexed columns). */
interface Scope {
  by: ReportDimension[];
  officeId: string | null;
  /** The offices a console manager may see (null: no such limit). */
  officeIds: string[] | null;
  deskId: string | null;
  clerkIds: string[] | null;
  from: string | null;
  to: string | null;
}

/** Where one figure's source keeps office, desk, clerk and time. */
interface Source {
  office: string;
  desk: string;
  clerk: string;
  time: string;
}

/** The key columns every figure's query selects: `o` is offices, `d` desks in each query. */
interface KeyRow {
  office_id: string | null;
  office: string | null;
  desk_id: string | null;
  desk: string | null;
  clerk_id: string | null;
  day: string | null;
}

const TZ = `'${REPORT_TIME_ZONE}'`;
const localDay = (time: string) => `(${time} AT TIME ZONE ${TZ})::date::text`;

/** SELECT list and GROUP BY of the grouping; dimensions not grouped by come back NULL. */
function keyColumns(by: readonly ReportDimension[], s: Source): { select: string; groupBy: string } {
  const office = by.includes('office') || by.includes('desk');
  const cols: Array<[string, string | null]> = [
    ['office_id', office ? 'o.id::text' : null],
    ['office', office ? 'o.name' : null],
    ['desk_id', by.includes('desk') ? 'd.id::text' : null],
    ['desk', by.includes('desk') ? 'd.name' : null],
    ['clerk_id', by.includes('clerk') ? s.clerk : null],
    ['day', by.includes('day') ? localDay(s.time) : null],
  ];
  const used = cols.filter(([, e]) => e !== null).map(([, e]) => e!);
  return { select: cols.map(([name, e]) => `${e ?? 'NULL::text'} AS ${name}`).join(', '), groupBy: used.join(', ') };
}

/** The scope's conditions on a source, numbered after `params` (which it extends). */
function scopeWhere(scope: Scope, s: Source, params: unknown[]): string {
  const parts: string[] = [];
  const add = (cond: (n: string) => string, value: unknown) => {
    params.push(value);
    parts.push(cond(`$${params.length}`));
  };
  if (scope.officeId) add((n) => `${s.office} = ${n}::uuid`, scope.officeId);
  if (scope.officeIds) add((n) => `${s.office} = ANY(${n}::uuid[])`, scope.officeIds);
  if (scope.deskId) add((n) => `${s.desk} = ${n}::uuid`, scope.deskId);
  if (scope.clerkIds) add((n) => `${s.clerk} = ANY(${n}::text[])`, scope.clerkIds);
  // The local day's bounds as instants, so a time index can serve the range (no function of the column).
  if (scope.from) add((n) => `${s.time} >= (${n}::date::timestamp AT TIME ZONE ${TZ})`, scope.from);
  if (scope.to) add((n) => `${s.time} < ((${n}::date + 1)::timestamp AT TIME ZONE ${TZ})`, scope.to);
  return parts.length ? parts.join(' AND ') : 'TRUE';
}

const OPS: Source = { office: 'op.office_id', desk: 'op.desk_id', clerk: `(op.payload->>'clerkId')`, time: 'op.created_at' };
const OPS_FROM = 'ops op JOIN offices o ON o.id = op.office_id JOIN desks d ON d.id = op.desk_id';

/** Runs one figure's query: its own columns after the key columns, grouped by the key and `extraGroup`. */
async function figure<T>(db: Queryable, scope: Scope, s: Source, sql: { from: string; columns: string; where: string; extraGroup?: string; params?: unknown[] }): Promise<Array<KeyRow & T>> {
  const params = [...(sql.params ?? [])];
  const k = keyColumns(scope.by, s);
  const group = [k.groupBy, sql.extraGroup].filter(Boolean).join(', ');
  return db.query<KeyRow & T & Record<string, unknown>>(
    `SELECT ${k.select}, ${sql.columns} FROM ${sql.from} WHERE ${sql.where} AND ${scopeWhere(scope, s, params)}${group ? ` GROUP BY ${group}` : ''}`,
    params,
  );
}

/** Operations by kind, with the fees they charged. */
export function operationsFigure(db: Queryable, scope: Scope) {
  const kinds = [...new Set(operationKinds.map((k) => syncKindOf(k)))];
  return figure<{ kind: string; count: number; fees: number }>(db, scope, OPS, {
    from: OPS_FROM,
    columns: `op.kind, count(*)::int AS count, coalesce(sum((op.payload->>'feeMinor')::int), 0)::float8 AS fees`,
    where: `op.kind = ANY($1::text[]) AND op.status <> 'rejected'`,
    extraGroup: 'op.kind',
    params: [kinds],
  });
}

/** Visit payments by method and free reason: taken in, and what the waived lines were worth. */
export function paymentsFigure(db: Queryable, scope: Scope) {
  return figure<{ method: string; free_reason: string | null; count: number; taken: number; waived: number }>(db, scope, OPS, {
    from: `${OPS_FROM} CROSS JOIN LATERAL (SELECT coalesce(sum((l->>'amountMinor')::int), 0) AS worth
             FROM jsonb_array_elements(CASE WHEN op.payload->>'method' = 'free' THEN op.payload->'lines' ELSE '[]'::jsonb END) l) w`,
    columns: `op.payload->>'method' AS method, op.payload->>'freeReason' AS free_reason, count(*)::int AS count,
      coalesce(sum((op.payload->>'amountMinor')::int), 0)::float8 AS taken, coalesce(sum(w.worth), 0)::float8 AS waived`,
    where: `op.kind = 'visit.pay' AND op.status <> 'rejected'`,
    extraGroup: `op.payload->>'method', op.payload->>'freeReason'`,
  });
}

/** Voids by the voided kind and the refund's method, with the amount paid back (negative). */
export function voidsFigure(db: Queryable, scope: Scope) {
  return figure<{ kind: string; refund_method: string | null; count: number; refunded: number }>(db, scope, OPS, {
    from: OPS_FROM,
    columns: `op.payload->>'kind' AS kind, op.payload->'refund'->>'method' AS refund_method, count(*)::int AS count,
      coalesce(sum((op.payload->'refund'->>'amountMinor')::int), 0)::float8 AS refunded`,
    where: `op.kind = 'op.void' AND op.status <> 'rejected'`,
    extraGroup: `op.payload->>'kind', op.payload->'refund'->>'method'`,
  });
}

/** Approvals and overrides, by action and supervisor (the name kept with the approval, else the account id). */
export function approvalsFigure(db: Queryable, scope: Scope) {
  return figure<{ action: string; supervisor: string; count: number }>(db, scope, OPS, {
    from: `${OPS_FROM} CROSS JOIN LATERAL (
        SELECT op.payload->'approval'->>'action' AS action,
          coalesce(op.payload->'approval'->>'supervisorName', op.payload->'approval'->>'supervisorId', '') AS supervisor
        WHERE jsonb_typeof(op.payload->'approval') = 'object'
        UNION ALL
        SELECT 'sync.offline-limit', coalesce(op.payload->'offline'->>'supervisorName', op.payload->'offline'->>'supervisorId', '')
        WHERE op.payload->'offline'->>'approvalId' IS NOT NULL) a`,
    columns: `a.action, a.supervisor, count(*)::int AS count`,
    where: `op.status <> 'rejected'`,
    extraGroup: 'a.action, a.supervisor',
  });
}

/** Conflicts by reason: open, accepted, rejected. */
export function conflictsFigure(db: Queryable, scope: Scope) {
  return figure<{ reason: string; open: number; accepted: number; rejected: number }>(
    db,
    scope,
    { office: 'c.office_id', desk: 'c.desk_id', clerk: `(op.payload->>'clerkId')`, time: 'op.created_at' },
    {
      from: 'conflicts c JOIN ops op ON op.id = c.op_id JOIN offices o ON o.id = c.office_id JOIN desks d ON d.id = c.desk_id',
      columns: `c.reason, count(*) FILTER (WHERE c.status = 'open')::int AS open, count(*) FILTER (WHERE c.status = 'accepted')::int AS accepted,
        count(*) FILTER (WHERE c.status = 'rejected')::int AS rejected`,
      where: 'TRUE',
      extraGroup: 'c.reason',
    },
  );
}

/** Shifts opened and closed, the sum and count of non-zero differences, and each such difference with its reason. */
export function shiftsFigure(db: Queryable, scope: Scope) {
  return figure<{ opened: number; closed: number; non_zero: number; difference: number; differences: Array<Omit<ShiftDifference, 'clerk'>> }>(
    db,
    scope,
    { office: 's.office_id', desk: 's.desk_id', clerk: 's.clerk_id', time: 's.opened_at' },
    {
      from: 'shifts s JOIN offices o ON o.id = s.office_id JOIN desks d ON d.id = s.desk_id',
      columns: `count(*)::int AS opened, count(*) FILTER (WHERE s.closed_at IS NOT NULL)::int AS closed,
        count(*) FILTER (WHERE s.difference_minor <> 0)::int AS non_zero, coalesce(sum(s.difference_minor), 0)::float8 AS difference,
        coalesce(jsonb_agg(jsonb_build_object('shiftId', s.shift_id, 'office', o.name, 'desk', d.name, 'clerkId', s.clerk_id, 'day', ${localDay('s.opened_at')},
          'differenceMinor', s.difference_minor, 'reason', s.reason, 'approvedBy', coalesce(s.approval->>'supervisorName', s.approved_by)) ORDER BY s.opened_at)
          FILTER (WHERE s.difference_minor <> 0), '[]'::jsonb) AS differences`,
      where: 'TRUE',
    },
  );
}

/** Published accounts' usernames by id (a removed account keeps its last row), to name the clerks reported. */
export async function clerkNames(db: Queryable, ids: readonly string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await db.query<{ key: string; username: string }>(
    `SELECT key, row->>'username' AS username FROM central_rows WHERE table_name = 'clerks' AND key = ANY($1::text[]) AND row IS NOT NULL`,
    [ids],
  );
  return new Map(rows.map((r) => [r.key, r.username]));
}

/** The ids a --clerk filter means: the value as recorded, and any published account's id with that username. */
export async function clerkIdsFor(db: Queryable, clerk: string, officeId: string | null): Promise<string[]> {
  const rows = await db.query<{ key: string }>(
    `SELECT key FROM central_rows WHERE table_name = 'clerks' AND lower(row->>'username') = lower($1) AND ($2::uuid IS NULL OR office_id = $2::uuid)`,
    [clerk, officeId],
  );
  return [...new Set([clerk, ...rows.map((r) => r.key)])];
}

/** The desk a --desk filter names: its id, or its name (within the office when one is given; unique otherwise). */
export async function findDesk(db: Queryable, desk: string, officeId: string | null): Promise<string> {
  const rows = await db.query<{ id: string; office: string }>(
    `SELECT d.id::text AS id, o.name AS office FROM desks d JOIN offices o ON o.id = d.office_id
     WHERE (d.id::text = $1 OR d.name = $1) AND ($2::uuid IS NULL OR d.office_id = $2::uuid) ORDER BY o.name`,
    [desk, officeId],
  );
  if (!rows.length) throw AppHttpError.notFound(`no desk "${desk}"${officeId ? ' in that office' : ''}`);
  if (rows.length > 1) throw AppHttpError.badRequest(`${rows.length} desks are named "${desk}" (offices ${rows.map((r) => `"${r.office}"`).join(', ')}): name the office too`);
  return rows[0].id;
}

async function resolveScope(db: Queryable, input: ReportQueryInput, officeIds: string[] | null): Promise<{ scope: Scope; filters: Report['filters'] }> {
  const parsed = reportQuerySchema.safeParse(input);
  if (!parsed.success) throw AppHttpError.badRequest(`report: ${parsed.error.issues.map((i) => `${String(i.path[0] ?? 'query')}: ${i.message}`).join('; ')}`);
  const q = parsed.data;
  const office = q.office ? await findOffice(db, q.office) : null;
  const officeId = office?.id ?? null;
  const deskId = q.desk ? await findDesk(db, q.desk, officeId) : null;
  const clerkIds = q.clerk ? await clerkIdsFor(db, q.clerk, officeId) : null;
  return {
    scope: { by: q.by, officeId, officeIds, deskId, clerkIds, from: q.from ?? null, to: q.to ?? null },
    filters: { office: office?.name ?? null, desk: q.desk ?? null, clerk: q.clerk ?? null, from: q.from ?? null, to: q.to ?? null },
  };
}

const keyOf = (r: KeyRow) => [r.office_id, r.desk_id, r.clerk_id, r.day].map((v) => v ?? '').join('\u0000');

/** The report: every figure's query, then one group per key any figure has, in office, desk, clerk, day order. */
/** `officeIds`: only these offices' figures (a console manager's), whatever the query names. */
export async function buildReport(db: Queryable, input: ReportQueryInput, now: () => Date = () => new Date(), officeIds: string[] | null = null): Promise<Report> {
  const { scope, filters } = await resolveScope(db, input, officeIds);
  const [operations, payments, voids, approvals, conflicts, shifts] = await Promise.all([
    operationsFigure(db, scope),
    paymentsFigure(db, scope),
    voidsFigure(db, scope),
    approvalsFigure(db, scope),
    conflictsFigure(db, scope),
    shiftsFigure(db, scope),
  ]);
  const clerkIds = new Set<string>();
  for (const r of [...operations, ...payments, ...voids, ...approvals, ...conflicts, ...shifts]) if (r.clerk_id) clerkIds.add(r.clerk_id);
  for (const s of shifts) for (const d of s.differences) clerkIds.add(d.clerkId);
  const names = await clerkNames(db, [...clerkIds]);
  const clerkLabel = (id: string) => names.get(id) ?? id;

  const groups = new Map<string, ReportGroup>();
  const groupOf = (r: KeyRow): ReportFigures => {
    const id = keyOf(r);
    let g = groups.get(id);
    if (!g) {
      const key: ReportGroup['key'] = {};
      if (r.office_id !== null) Object.assign(key, { officeId: r.office_id, office: r.office });
      if (r.desk_id !== null) Object.assign(key, { deskId: r.desk_id, desk: r.desk });
      if (scope.by.includes('clerk')) Object.assign(key, { clerkId: r.clerk_id ?? '', clerk: r.clerk_id ? clerkLabel(r.clerk_id) : '' });
      if (r.day !== null) key.day = r.day;
      g = { key, ...emptyFigures() };
      groups.set(id, g);
    }
    return g;
  };
  for (const r of operations) groupOf(r).operations.push({ kind: r.kind, count: r.count, feesMinor: r.fees });
  for (const r of payments) groupOf(r).payments.push({ method: r.method, freeReason: r.free_reason, count: r.count, takenMinor: r.taken, waivedMinor: r.waived });
  for (const r of voids) groupOf(r).voids.push({ kind: r.kind, refundMethod: r.refund_method, count: r.count, refundedMinor: r.refunded });
  for (const r of approvals) groupOf(r).approvals.push({ action: r.action, supervisor: r.supervisor, count: r.count });
  for (const r of conflicts) groupOf(r).conflicts.push({ reason: r.reason, open: r.open, accepted: r.accepted, rejected: r.rejected });
  for (const r of shifts) {
    groupOf(r).shifts = {
      opened: r.opened,
      closed: r.closed,
      nonZero: r.non_zero,
      differenceMinor: r.difference,
      differences: r.differences.map((d) => ({ ...d, clerk: clerkLabel(d.clerkId) })),
    };
  }
  // Each group's lists sorted (sumFigures of one group sorts them) and its takings derived.
  const sorted = [...groups.values()].map((g) => ({ key: g.key, ...sumFigures([g]) }));
  const text = (v: string | undefined) => v ?? '';
  sorted.sort((a, b) => text(a.key.office).localeCompare(text(b.key.office)) || text(a.key.desk).localeCompare(text(b.key.desk)) || text(a.key.clerk).localeCompare(text(b.key.clerk)) || text(a.key.day).localeCompare(text(b.key.day)));
  return { generatedAt: now().toISOString(), timeZone: REPORT_TIME_ZONE, currency: 'AZN', by: scope.by, filters, groups: sorted, totals: sumFigures(sorted) };
}
