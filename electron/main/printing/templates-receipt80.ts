// The combined receipt on an 80 mm receipt-printer roll (issue 12, deliver 4): the same content as the A4 receipt
// (templates.ts: every operation with its printed details, fee, total, the QR of the visit and operation ids, the
// provisional / final / copy marks) laid out in one narrow column of monospace-friendly text, as long as it needs
// to be (the PDF renderer measures it). Self-contained HTML, everything escaped, labels from common/i18n.
import { translate } from '../../../common/i18n/messages';
import { formatDateTime } from '../../../common/i18n/dates';
import type { Language } from '../../../common/i18n/languages';
import { formatAzn } from '../../../common/domain/reference';
import type { Operation } from '../../../common/operations';
import { escapeHtml, kindLabel, operationDetails, qrDataUri, type PrintContext, type PrintHeader } from './templates';
import { paymentRows, receiptTotal, refundRows, voidedMark } from './payment-lines';

/** The roll's printable width is ~72 mm of 80 (receipt printers leave ~4 mm each side). */
const STYLE = `
  @page { margin: 0; }
  html, body { margin: 0; padding: 0; }
  body { width: 80mm; box-sizing: border-box; padding: 3mm 4mm 6mm; font-family: 'DejaVu Sans Mono', 'Liberation Mono', monospace;
         font-size: 8.5pt; line-height: 1.3; color: #000; }
  h1 { font-size: 11pt; text-align: center; margin: 0 0 2mm; }
  .standing { text-align: center; font-weight: bold; border: 0.3mm solid #000; padding: 1mm; margin: 0 0 2mm; }
  .meta div { overflow-wrap: anywhere; }
  .rule { border-top: 0.3mm dashed #000; margin: 2mm 0; }
  .line { display: flex; justify-content: space-between; gap: 2mm; font-weight: bold; }
  .line .fee { white-space: nowrap; }
  .details { font-size: 7.5pt; margin: 0.5mm 0 0 2mm; overflow-wrap: anywhere; }
  .id { font-size: 6.5pt; margin-left: 2mm; overflow-wrap: anywhere; }
  .op { margin-bottom: 2mm; break-inside: avoid; }
  .total { display: flex; justify-content: space-between; font-size: 10pt; font-weight: bold; }
  /* Refund and payment rows (payment-lines.ts) are table rows of three cells: label, method, amount. */
  table.money { width: 100%; border-collapse: collapse; font-size: 7.5pt; margin-top: 1mm; }
  table.money th, table.money td { text-align: left; padding: 0.3mm 0; vertical-align: top; }
  table.money .num { text-align: right; white-space: nowrap; }
  /* A gap between cells: the refund's method ran into its amount ("Cash−80.00 AZN"). */
  table.money td + td, table.money th + td { padding-left: 1.5mm; }
  .qr { text-align: center; margin-top: 3mm; font-size: 6.5pt; }
  .qr img { width: 28mm; height: 28mm; }
  .sign { margin-top: 8mm; border-top: 0.3mm solid #000; padding-top: 0.5mm; font-size: 7pt; }
`;

function standing(lang: Language, s: PrintContext['standing']): string {
  const t = (k: string) => escapeHtml(translate(lang, `print.${k}`));
  if (!s) return '';
  if (s.provisional) return `<p class="standing" data-standing="provisional">${t('provisional')}</p>`;
  return s.final ? `<p class="standing" data-standing="final">${t('final')}</p>` : '';
}

export async function receipt80Html(lang: Language, h: PrintHeader, operations: readonly Operation[], ctx: PrintContext = {}): Promise<string> {
  const t = (k: string) => escapeHtml(translate(lang, `print.${k}`));
  const qr = await qrDataUri(JSON.stringify({ v: h.visitId, ops: operations.map((o) => o.id) }));
  // The same money lines as the A4 receipt: voided marks, refunds as negative lines, how the visit was paid.
  const total = ctx.bill ? receiptTotal(ctx.bill) : operations.reduce((s, o) => s + o.feeMinor, 0);
  const ops = operations
    .map((o) => {
      const details = operationDetails(lang, o, ctx);
      return `<div class="op"><div class="line"><span>${escapeHtml(kindLabel(lang, o.kind))}${voidedMark(lang, ctx.bill, o.id)}</span><span class="fee">${escapeHtml(formatAzn(o.feeMinor))}</span></div>
      ${details ? `<div class="details">${details}</div>` : ''}<div class="id">${escapeHtml(o.id)}</div></div>`;
    })
    .join('');
  const title = translate(lang, 'print.receiptTitle');
  return `<!doctype html><html lang="${escapeHtml(lang)}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body data-layout="receipt80">
  <h1>${t('receiptTitle')}${ctx.standing?.copy ? ` — ${t('copy')}` : ''}</h1>${standing(lang, ctx.standing)}
  <div class="meta">
    <div>${t('office')}: ${escapeHtml(h.office)}</div><div>${t('desk')}: ${escapeHtml(h.desk)}</div>
    <div>${t('visit')}: ${escapeHtml(h.visitNumber)}</div><div class="id">${escapeHtml(h.visitId)}</div>
    <div>${t('date')}: ${escapeHtml(formatDateTime(lang, h.date))}</div>
    <div>${t('clerk')}: ${escapeHtml(h.clerkName)}</div>
    <div>${t('customer')}: ${escapeHtml(h.customer)}</div>
  </div>
  <div class="rule"></div>${ops}${ctx.bill ? `<table class="money">${refundRows(lang, ctx.bill)}</table>` : ''}<div class="rule"></div>
  <div class="total"><span>${t('total')}</span><span>${escapeHtml(formatAzn(total))}</span></div>
  ${ctx.bill ? `<table class="money">${paymentRows(lang, ctx.bill)}</table>` : ''}
  <div class="qr"><img alt="QR" src="${qr}"><div>${t('qrHint')}</div></div>
  <div class="sign">${t('signatureCustomer')}</div><div class="sign">${t('signatureClerk')}</div>
</body></html>`;
}
