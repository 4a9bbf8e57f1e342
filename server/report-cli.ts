// `masa-server report`: the reports per office, desk, clerk and day (server/store/reports.ts makes them; the CSV is
// common/sync/reports.ts's, the same the admin endpoint serves). This reads the command line and prints.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../node-common/cli-options';
import { minorToAzn, reportQuerySchema, reportToCsv, type Report, type ReportFigures, type ReportGroup } from '../common/sync/reports';
import type { Admin } from './runtime';

export const REPORT_USAGE = `  report [--by office|desk|clerk|day[,…]] [--office NAME] [--desk NAME] [--clerk ID|USERNAME]
         [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--json | --format table|json|csv | --csv FILE]
                          operations by kind, fees by payment method, voids and refunds, approvals and overrides,
                          conflicts and shift differences, per group (default --by office); days are Asia/Baku
                          local days, both ends included; money in AZN (JSON and CSV also in qəpik)`;

export interface ReportOptions {
  by?: string;
  office?: string;
  desk?: string;
  clerk?: string;
  from?: string;
  to?: string;
  json?: boolean;
  format?: string;
  csv?: string;
}

const azn = (minor: number) => `${minorToAzn(minor)} AZN`;

function title(g: ReportGroup): string {
  const k = g.key;
  const parts = [k.office && `office "${k.office}"`, k.desk && `desk "${k.desk}"`, k.clerkId !== undefined && `clerk ${k.clerk || '(none)'}`, k.day].filter(Boolean);
  return parts.join(' · ');
}

/** One group's figures as indented lines (what `report` prints without --json or --csv). */
function figureLines(f: ReportFigures): string[] {
  const out: string[] = [];
  const row = (label: string, text: string) => out.push(`  ${label.padEnd(18)}${text}`);
  const ops = f.operations.reduce((n, o) => n + o.count, 0);
  const fees = f.operations.reduce((n, o) => n + o.feesMinor, 0);
  row('operations', ops ? `${ops} (fees ${azn(fees)}): ${f.operations.map((o) => `${o.kind} ${o.count}`).join(', ')}` : '0');
  row(
    'payments',
    f.payments.map((p) => (p.method === 'free' ? `free ${p.count}${p.freeReason ? ` (${p.freeReason})` : ''}, waived ${azn(p.waivedMinor)}` : `${p.method} ${p.count}, ${azn(p.takenMinor)}`)).join('; ') || '0',
  );
  const voids = f.voids.reduce((n, v) => n + v.count, 0);
  const refunded = f.voids.reduce((n, v) => n + v.refundedMinor, 0);
  row('voids', voids ? `${voids}, refunded ${azn(refunded)}: ${f.voids.map((v) => `${v.kind} ${v.count}${v.refundMethod ? ` (${v.refundMethod} ${azn(v.refundedMinor)})` : ''}`).join(', ')}` : '0');
  row('takings (net)', f.takings.filter((t) => t.method !== 'free').map((t) => `${t.method} ${azn(t.netMinor)}`).join(', ') || '0.00 AZN');
  row('approvals', f.approvals.map((a) => `${a.action} ${a.count}${a.supervisor ? ` (${a.supervisor})` : ''}`).join(', ') || '0');
  row(
    'conflicts',
    f.conflicts.map((c) => `${c.reason}: ${[c.open && `${c.open} open`, c.accepted && `${c.accepted} accepted`, c.rejected && `${c.rejected} rejected`].filter(Boolean).join(', ')}`).join('; ') || '0',
  );
  const s = f.shifts;
  row('shifts', `${s.opened} opened, ${s.closed} closed; ${s.nonZero} with a difference, sum ${azn(s.differenceMinor)}`);
  for (const d of s.differences) {
    out.push(`    ${azn(d.differenceMinor)}  ${d.office} / ${d.desk} / ${d.clerk} / ${d.day}: ${d.reason ?? '(no reason)'}${d.approvedBy ? ` — approved by ${d.approvedBy}` : ''}`);
  }
  return out;
}

/** The readable table: a heading per group, then the totals. */
export function reportText(r: Report): string {
  const f = r.filters;
  const scope = [f.office && `office "${f.office}"`, f.desk && `desk "${f.desk}"`, f.clerk && `clerk ${f.clerk}`, `${f.from ?? 'the beginning'} to ${f.to ?? 'today'}`].filter(Boolean);
  const lines = [`report by ${r.by.join(', ')}: ${scope.join(', ')} (days in ${r.timeZone})`];
  if (!r.groups.length) return [...lines, '(nothing in this period)'].join('\n');
  for (const g of r.groups) lines.push('', title(g), ...figureLines(g));
  if (r.groups.length > 1) lines.push('', 'TOTAL', ...figureLines({ ...r.totals, shifts: { ...r.totals.shifts, differences: [] } }));
  return lines.join('\n');
}

export async function reportCommand(admin: Admin, rest: string[], o: ReportOptions, out: (s: string) => void): Promise<void> {
  if (rest.length) throw new UsageError(`report takes options only, not "${rest[0]}" (masa-server report --office NAME --from DAY)`);
  const format = o.csv !== undefined ? 'csv' : (o.format ?? (o.json ? 'json' : 'table'));
  if (!['table', 'json', 'csv'].includes(format)) throw new UsageError(`--format must be table, json or csv, not "${o.format}"`);
  if (o.json && format !== 'json') throw new UsageError('--json and --csv/--format csv ask for two formats: give one');
  // Checked here too, so a wrong date or grouping is a usage error (exit 2) before the server is asked.
  const query = { by: o.by, office: o.office, desk: o.desk, clerk: o.clerk, from: o.from, to: o.to };
  const parsed = reportQuerySchema.safeParse(query);
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `--${String(i.path[0] ?? 'by')}: ${i.message}`).join('; '));
  const report = await admin.report(query);
  if (format === 'json') out(JSON.stringify(report, null, 2));
  else if (format === 'table') out(reportText(report));
  else if (o.csv === undefined) out(reportToCsv(report).trimEnd());
  else {
    // A byte-order mark first: spreadsheet programs then read the file as UTF-8 (office names are Azerbaijani).
    const file = resolve(o.csv);
    writeFileSync(file, '\uFEFF' + reportToCsv(report));
    out(`report written to ${file} (${report.groups.length} group(s), CSV)`);
  }
}
