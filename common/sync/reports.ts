// The server's reports (issue 12, deliver 6): what `masa-server report` and `GET /admin/reports` answer, and the CSV
// both export. Pure: the query's schema, the result's shape, the totals and the CSV text, shared by the server (which
// fills the figures, server/store/reports.ts) and any console that shows them.
//
// Money is integer qəpik (`…Minor`) everywhere; it becomes AZN with two decimals only where it is shown. Days are the
// office's local calendar days in Asia/Baku (all offices are in Azerbaijan: UTC+4 the whole year since 2016): an
// operation done at 01:30 on 2 December in Baku is 21:30 UTC on 1 December, and it belongs to 2 December.
import { z } from 'zod';
import { isIsoDate } from '../domain/dates';

export const REPORT_TIME_ZONE = 'Asia/Baku';
export const reportDimensions = ['office', 'desk', 'clerk', 'day'] as const;
export type ReportDimension = (typeof reportDimensions)[number];

const isoDay = z.string().refine(isIsoDate, 'a date as YYYY-MM-DD');
const text = z.string().trim().min(1).max(200);

/** `by` as a list or as "office,day" (a query string). Order kept, repeats dropped; at least one. */
const bySchema = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (typeof v === 'string' ? v.split(',') : v).map((s) => s.trim()).filter(Boolean))
  .pipe(z.array(z.enum(reportDimensions, { error: `grouping must be among ${reportDimensions.join(', ')}` })).min(1).max(4))
  .transform((list) => [...new Set(list)]);

export const reportQuerySchema = z
  .object({
    by: bySchema.default(['office']),
    /** An office's name or id. */
    office: text.optional(),
    /** A desk's name (within --office when given) or id. */
    desk: text.optional(),
    /** A clerk's id as the desk records it, or a published account's username. */
    clerk: text.optional(),
    /** First and last local day (Asia/Baku), both included. */
    from: isoDay.optional(),
    to: isoDay.optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: '"from" must not be after "to"', path: ['to'] });
export type ReportQuery = z.output<typeof reportQuerySchema>;
export type ReportQueryInput = z.input<typeof reportQuerySchema>;

/** What a group is of: only the dimensions grouped by are set (a desk's key also names its office). */
export interface ReportKey {
  officeId?: string;
  office?: string;
  deskId?: string;
  desk?: string;
  clerkId?: string;
  /** The published account's username when the clerk id is one, else the id as recorded. */
  clerk?: string;
  day?: string;
}

export interface ReportFigures {
  /** Operations done (applied or held in a conflict; a refused record is none), with the fees they charged. */
  operations: Array<{ kind: string; count: number; feesMinor: number }>;
  /** Visit payments by method (and, for free, the reason): taken in, and what a waived line was worth. */
  payments: Array<{ method: string; freeReason: string | null; count: number; takenMinor: number; waivedMinor: number }>;
  /** Voids by the voided operation's kind and the method the refund went back by (null: nothing was refunded). */
  voids: Array<{ kind: string; refundMethod: string | null; count: number; refundedMinor: number }>;
  /** Money per method after refunds: taken (payments) + refunded (voids, negative). */
  takings: Array<{ method: string; payments: number; takenMinor: number; refundedMinor: number; netMinor: number }>;
  /** Supervisor approvals carried by records and operations (overrides included), by action and supervisor. */
  approvals: Array<{ action: string; supervisor: string; count: number }>;
  /** Conflicts of the operations reported, by reason: still open, accepted and rejected. */
  conflicts: Array<{ reason: string; open: number; accepted: number; rejected: number }>;
  /** Shifts opened; of them closed; the non-zero differences at close (counted − expected), each with its reason. */
  shifts: { opened: number; closed: number; nonZero: number; differenceMinor: number; differences: ShiftDifference[] };
}

export interface ShiftDifference {
  shiftId: string;
  office: string;
  desk: string;
  clerkId: string;
  clerk: string;
  day: string;
  differenceMinor: number;
  reason: string | null;
  approvedBy: string | null;
}

export interface ReportGroup extends ReportFigures {
  key: ReportKey;
}

export interface Report {
  generatedAt: string;
  timeZone: typeof REPORT_TIME_ZONE;
  currency: 'AZN';
  by: ReportDimension[];
  filters: { office: string | null; desk: string | null; clerk: string | null; from: string | null; to: string | null };
  groups: ReportGroup[];
  totals: ReportFigures;
}

/** qəpik → "12.50" (no float: 1005 is "10.05", −100 is "-1.00"). */
export function minorToAzn(minor: number): string {
  const abs = Math.abs(minor);
  return `${minor < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export function emptyFigures(): ReportFigures {
  return { operations: [], payments: [], voids: [], takings: [], approvals: [], conflicts: [], shifts: { opened: 0, closed: 0, nonZero: 0, differenceMinor: 0, differences: [] } };
}

/** Adds rows into `into`, summing the numeric fields of rows with the same identifying fields. */
function addRows<T extends object>(into: T[], rows: readonly T[], idOf: (r: T) => string): void {
  for (const r of rows) {
    const same = into.find((x) => idOf(x) === idOf(r));
    if (!same) {
      into.push({ ...r });
      continue;
    }
    for (const [k, v] of Object.entries(r)) if (typeof v === 'number') (same as Record<string, number>)[k] += v;
  }
}

/** Methods in the till's order: cash, card, free (an unknown one last). */
function methodOrder(method: string | null): number {
  const i = ['cash', 'card', 'free'].indexOf(method ?? '');
  return i < 0 ? 3 : i;
}

/** The money per method: payments' takings and the voids' refunds (each by the method the line was paid by). */
export function takingsOf(f: Pick<ReportFigures, 'payments' | 'voids'>): ReportFigures['takings'] {
  const out: ReportFigures['takings'] = [];
  for (const p of f.payments) addRows(out, [{ method: p.method, payments: p.count, takenMinor: p.takenMinor, refundedMinor: 0, netMinor: p.takenMinor }], (r) => r.method);
  for (const v of f.voids) if (v.refundMethod) addRows(out, [{ method: v.refundMethod, payments: 0, takenMinor: 0, refundedMinor: v.refundedMinor, netMinor: v.refundedMinor }], (r) => r.method);
  return out.sort((a, b) => methodOrder(a.method) - methodOrder(b.method));
}

/** The totals of several groups: every figure is a count or a sum, so they add up. */
export function sumFigures(groups: readonly ReportFigures[]): ReportFigures {
  const t = emptyFigures();
  for (const g of groups) {
    addRows(t.operations, g.operations, (r) => r.kind);
    addRows(t.payments, g.payments, (r) => `${r.method}\u0000${r.freeReason ?? ''}`);
    addRows(t.voids, g.voids, (r) => `${r.kind}\u0000${r.refundMethod ?? ''}`);
    addRows(t.approvals, g.approvals, (r) => `${r.action}\u0000${r.supervisor}`);
    addRows(t.conflicts, g.conflicts, (r) => r.reason);
    t.shifts.opened += g.shifts.opened;
    t.shifts.closed += g.shifts.closed;
    t.shifts.nonZero += g.shifts.nonZero;
    t.shifts.differenceMinor += g.shifts.differenceMinor;
    t.shifts.differences.push(...g.shifts.differences);
  }
  t.operations.sort((a, b) => a.kind.localeCompare(b.kind));
  t.payments.sort((a, b) => methodOrder(a.method) - methodOrder(b.method) || (a.freeReason ?? '').localeCompare(b.freeReason ?? ''));
  t.voids.sort((a, b) => a.kind.localeCompare(b.kind) || methodOrder(a.refundMethod) - methodOrder(b.refundMethod));
  t.approvals.sort((a, b) => a.action.localeCompare(b.action) || a.supervisor.localeCompare(b.supervisor));
  t.conflicts.sort((a, b) => a.reason.localeCompare(b.reason));
  t.takings = takingsOf(t);
  return t;
}

// ---- CSV (RFC 4180: comma, CRLF, fields quoted when they hold a comma, quote or line break)

export const REPORT_CSV_COLUMNS = ['office', 'desk', 'clerk', 'day', 'figure', 'item', 'detail', 'supervisor', 'count', 'amount_minor', 'amount_azn'] as const;

type CsvRow = Partial<Record<(typeof REPORT_CSV_COLUMNS)[number], string | number | null>>;

/**
 * A text field a clerk or an office typed (a reason, a name) that a spreadsheet would run as a formula (=, +, -, @ or
 * a control character first) gets a leading apostrophe: opening the export must not execute what a desk sent.
 */
function cell(v: string | number | null | undefined, guard: boolean): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (guard && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

const NUMERIC = new Set(['count', 'amount_minor', 'amount_azn']);

function line(row: CsvRow): string {
  return REPORT_CSV_COLUMNS.map((c) => cell(row[c], !NUMERIC.has(c))).join(',');
}

function money(minor: number): CsvRow {
  return { amount_minor: minor, amount_azn: minorToAzn(minor) };
}

/** One group's rows: a figure per row, the group's key in the first four columns (docs/sync-server.md, "Reports"). */
function groupRows(key: ReportKey, f: ReportFigures): CsvRow[] {
  const k: CsvRow = { office: key.office, desk: key.desk, clerk: key.clerk, day: key.day };
  const rows: CsvRow[] = [];
  for (const o of f.operations) rows.push({ ...k, figure: 'operations', item: o.kind, count: o.count, ...money(o.feesMinor) });
  for (const p of f.payments) {
    rows.push({ ...k, figure: 'payments', item: p.method, detail: p.freeReason, count: p.count, ...money(p.takenMinor) });
    if (p.waivedMinor) rows.push({ ...k, figure: 'waived', item: p.method, detail: p.freeReason, count: p.count, ...money(p.waivedMinor) });
  }
  for (const v of f.voids) rows.push({ ...k, figure: 'voids', item: v.kind, detail: v.refundMethod, count: v.count, ...money(v.refundedMinor) });
  for (const t of f.takings) rows.push({ ...k, figure: 'takings', item: t.method, count: t.payments, ...money(t.netMinor) });
  for (const a of f.approvals) rows.push({ ...k, figure: 'approvals', item: a.action, supervisor: a.supervisor, count: a.count });
  for (const c of f.conflicts) {
    for (const status of ['open', 'accepted', 'rejected'] as const) if (c[status]) rows.push({ ...k, figure: 'conflicts', item: c.reason, detail: status, count: c[status] });
  }
  const s = f.shifts;
  rows.push({ ...k, figure: 'shifts', item: 'closed', count: s.closed, ...money(s.differenceMinor) });
  // Each non-zero difference on a row of its own, naming its own desk, clerk and day whatever the grouping.
  for (const d of s.differences) {
    rows.push({ office: d.office, desk: d.desk, clerk: d.clerk, day: d.day, figure: 'shift_difference', item: d.shiftId, detail: d.reason, supervisor: d.approvedBy, count: 1, ...money(d.differenceMinor) });
  }
  return rows;
}

/** The report as CSV text: the header, every group's rows, then the totals (key columns `TOTAL`, blank). */
export function reportToCsv(report: Report): string {
  const rows = [REPORT_CSV_COLUMNS.join(',')];
  for (const g of report.groups) for (const r of groupRows(g.key, g)) rows.push(line(r));
  for (const r of groupRows({ office: 'TOTAL' }, { ...report.totals, shifts: { ...report.totals.shifts, differences: [] } })) rows.push(line(r));
  return rows.join('\r\n') + '\r\n';
}
