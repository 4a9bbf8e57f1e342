// The X-report (a shift's totals so far) and the Z-report (at its close) as self-contained HTML, in the clerk's
// language, on A4 or on the receipt printer's 80 mm roll (the paper chosen for receipts: the till's reports come out
// of the same printer). Every value from data is escaped; labels come from common/i18n (shifts.ts `report.*`).
import { translate } from '../../../common/i18n/messages';
import { formatDateTime } from '../../../common/i18n/dates';
import type { Language } from '../../../common/i18n/languages';
import { formatAzn } from '../../../common/domain/reference';
import type { ShiftReport } from '../../../common/ipc/channels/shifts';
import type { Paper } from '../../../common/printing/destinations';
import { escapeHtml, kindLabel } from './templates';

const A4 = `
  body { font-family: 'DejaVu Sans', 'Noto Sans', Arial, sans-serif; font-size: 10.5pt; color: #000; }
  h1 { font-size: 15pt; margin: 0 0 4mm; } h2 { font-size: 11.5pt; margin: 5mm 0 2mm; }
  table { border-collapse: collapse; width: 100%; }
  th, td { border: 0.3mm solid #555; padding: 1.2mm 2mm; text-align: left; }
  th { background: #eee; } .num { text-align: right; white-space: nowrap; }
  .meta td { border: none; padding: 0.4mm 2mm 0.4mm 0; }
  .strong td { font-weight: bold; }
  .sign { margin-top: 14mm; border-top: 0.3mm solid #000; width: 70mm; padding-top: 1mm; font-size: 9pt; }
`;
const ROLL = `
  @page { margin: 0; } html, body { margin: 0; padding: 0; }
  body { width: 80mm; box-sizing: border-box; padding: 3mm 4mm 6mm; font-family: 'DejaVu Sans Mono', 'Liberation Mono', monospace; font-size: 8pt; color: #000; }
  h1 { font-size: 10.5pt; text-align: center; margin: 0 0 2mm; } h2 { font-size: 8.5pt; margin: 2.5mm 0 1mm; border-top: 0.3mm dashed #000; padding-top: 1.5mm; }
  table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: 0.3mm 0; vertical-align: top; }
  /* Without a gap the roll's narrow columns touch: a voided count of 1 beside 240.00 AZN read as 1240.00 AZN. */
  th + th, td + td { padding-left: 1.5mm; }
  .num { text-align: right; white-space: nowrap; } .strong td { font-weight: bold; }
  .sign { margin-top: 8mm; border-top: 0.3mm solid #000; padding-top: 0.5mm; font-size: 7pt; }
`;

export interface ShiftReportHeader {
  office: string;
  desk: string;
}

export function shiftReportHtml(lang: Language, kind: 'x' | 'z', r: ShiftReport, h: ShiftReportHeader, paper: Paper, copy = false): string {
  const t = (k: string, p: Record<string, string | number> = {}) => escapeHtml(translate(lang, `report.${k}`, p));
  const money = (m: number) => escapeHtml(formatAzn(m));
  const when = (iso: string) => escapeHtml(formatDateTime(lang, iso));
  const row = (cells: string[], cls = '') => `<tr${cls ? ` class="${cls}"` : ''}>${cells.join('')}</tr>`;
  const td = (v: string, num = false) => `<td${num ? ' class="num"' : ''}>${v}</td>`;
  const none = `<p>${t('none')}</p>`;
  const s = r.shift;

  const ops = r.operations.length
    ? `<table><tr><th>${t('kind')}</th><th class="num">${t('count')}</th><th class="num">${t('voided')}</th><th class="num">${t('fees')}</th></tr>${r.operations
        .map((o) => row([td(escapeHtml(kindLabel(lang, o.kind))), td(String(o.count), true), td(String(o.voided), true), td(money(o.feesMinor), true)]))
        .join('')}</table>`
    : none;
  const method = (m: string) => escapeHtml(translate(lang, `payments.methods.${m}`));
  const takings = r.takings.length
    ? `<table><tr><th>${t('method')}</th><th class="num">${t('count')}</th><th class="num">${t('amount')}</th></tr>${r.takings
        .map((x) => row([td(method(x.method)), td(String(x.count), true), td(money(x.amountMinor), true)]))
        .join('')}</table>`
    : none;
  const refunds = r.refunds.length
    ? `<table>${r.refunds.map((x) => row([td(method(x.method)), td(String(x.count), true), td(money(-x.amountMinor), true)])).join('')}</table>`
    : none;
  const voids = r.voids.length
    ? `<table>${r.voids.map((v) => row([td(when(v.createdAt)), td(escapeHtml(kindLabel(lang, v.kind))), td(escapeHtml(v.reason))])).join('')}</table>`
    : none;
  const c = r.cash;
  const closed = kind === 'z' && s.countedMinor !== null;
  const cashRows = [
    row([td(t('float')), td(money(c.openingFloatMinor), true)]),
    row([td(t('cashTaken')), td(money(c.takenMinor), true)]),
    row([td(t('cashRefunded')), td(money(-c.refundedMinor), true)]),
    row([td(t('expected')), td(money(c.expectedMinor), true)], 'strong'),
    ...(closed
      ? [
          row([td(t('counted')), td(money(s.countedMinor!), true)], 'strong'),
          row([td(t('difference')), td(money(s.differenceMinor ?? 0), true)], 'strong'),
          ...(s.reason ? [row([td(t('differenceReason')), td(escapeHtml(s.reason))])] : []),
          ...(s.approval ? [row([td(t('approvedBy')), td(escapeHtml(s.approval.supervisorName ?? s.approval.supervisorId))])] : []),
        ]
      : []),
  ].join('');

  const title = (kind === 'x' ? translate(lang, 'report.xTitle') : translate(lang, 'report.zTitle')) + (copy ? ` — ${translate(lang, 'print.copy')}` : '');
  const meta = [
    [t('office'), `${escapeHtml(h.office)} · ${t('desk')}: ${escapeHtml(h.desk)}`],
    [t('clerk'), escapeHtml(s.clerkName)],
    [t('shift'), escapeHtml(s.id)],
    [t('openedAt'), when(s.openedAt)],
    [kind === 'z' ? t('closedAt') : t('until'), when(r.until)],
  ]
    .map(([k, v]) => `<tr><td>${k}:</td><td>${v}</td></tr>`)
    .join('');
  return `<!doctype html><html lang="${escapeHtml(lang)}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${paper === 'receipt80' ? ROLL : A4}</style></head>
<body data-layout="${paper}" data-report="${kind}"><h1>${escapeHtml(title)}</h1><table class="meta">${meta}</table>
<h2>${t('operations')}</h2>${ops}<h2>${t('takings')}</h2>${takings}<h2>${t('refunds')}</h2>${refunds}<h2>${t('voids')}</h2>${voids}
<h2>${t('cash')}</h2><table>${cashRows}</table><div class="sign">${t('signature')}</div></body></html>`;
}
