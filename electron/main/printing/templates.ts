// Printed documents as self-contained HTML (inline CSS, inline QR image), in the customer's language.
// Every value that comes from data passes through escapeHtml; labels come from common/i18n.
import QRCode from 'qrcode';
import { translate } from '../../../common/i18n/messages';
import { formatDate, formatDateTime } from '../../../common/i18n/dates';
import type { Language } from '../../../common/i18n/languages';
import { formatAzn, type ReferenceRow } from '../../../common/domain/reference';
import { isOperationKind, kindLabelKey, operationSpec, type Operation } from '../../../common/operations';
import type { PowerOfAttorney } from '../../../common/ipc/channels/flows';
import { paymentRows, receiptTotal, refundRows, voidedMark, type ReceiptBill } from './payment-lines';

/** What the printed details need beyond the operation itself (the print service looks it up). */
export interface PrintContext {
  /** The principal of each operation done under a power of attorney, by operation id. */
  principals?: ReadonlyMap<string, PowerOfAttorney['principal']>;
  /** The IMEI price bands, to print a band as its price range instead of its code. */
  priceBands?: readonly ReferenceRow<'imei_price_bands'>[];
  /**
   * Where the receipt stands: provisional while any operation is not yet acknowledged by the server; final when all
   * are; a copy on any print after the first.
   */
  standing?: { provisional: boolean; final: boolean; copy: boolean };
  /** How the visit was paid, its voided lines and refunds (payment-lines.ts); absent: fees and their sum only. */
  bill?: ReceiptBill;
}

/** Whom an operation was done for, as the customer reads it: the name and the FIN (or the company's VÖEN). */
export function principalLabel(lang: Language, p: PowerOfAttorney['principal']): string {
  return p.kind === 'person' ? `${p.name} (${translate(lang, 'visit.fin')} ${p.fin})` : `${p.name} (VÖEN ${p.voen})`;
}

/** An IMEI price band as its range in AZN (the band in force on `date`); null when the band is unknown. */
export function priceBandLabel(lang: Language, code: string, date: string, bands: readonly ReferenceRow<'imei_price_bands'>[]): string | null {
  const same = bands.filter((b) => b.code === code);
  const band = same.find((b) => b.validFrom <= date && (b.validTo === null || b.validTo >= date)) ?? same[same.length - 1];
  if (!band) return null;
  const min = formatAzn(band.minPriceMinor);
  if (band.maxPriceMinor === null) return translate(lang, 'print.bandFrom', { min });
  const max = formatAzn(band.maxPriceMinor);
  return band.minPriceMinor === 0 ? translate(lang, 'print.bandUpTo', { max }) : translate(lang, 'print.bandRange', { min, max });
}

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The kind's name in the one vocabulary (i18n `kinds.<kind>`), as on the screens. */
export function kindLabel(lang: Language, kind: string): string {
  return translate(lang, kindLabelKey(kind));
}

export async function qrDataUri(text: string): Promise<string> {
  const svg = await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

export interface PrintHeader {
  office: string;
  desk: string;
  visitNumber: number;
  visitId: string;
  /** When the visit began (ISO); printed in the language's date format. */
  date: string;
  clerkName: string;
  customer: string;
}

const STYLE = `
  body { font-family: 'DejaVu Sans', 'Noto Sans', Arial, sans-serif; font-size: 11pt; color: #000; }
  h1 { font-size: 16pt; margin: 0 0 6mm; }
  table { border-collapse: collapse; width: 100%; margin-bottom: 5mm; }
  th, td { border: 0.3mm solid #555; padding: 1.5mm 2mm; text-align: left; vertical-align: top; }
  th { background: #eee; }
  .meta td { border: none; padding: 0.5mm 2mm 0.5mm 0; }
  .num { text-align: right; white-space: nowrap; }
  .qr { float: right; width: 32mm; text-align: center; font-size: 7pt; }
  .qr img { width: 30mm; height: 30mm; }
  .secret { font-family: 'DejaVu Sans Mono', monospace; font-size: 18pt; letter-spacing: 1mm; border: 0.6mm solid #000; padding: 2mm 4mm; display: inline-block; }
  .sign { margin-top: 14mm; display: flex; justify-content: space-between; }
  /* The receipt's last rows, total and signature lines stay together: the customer signs under the table, never on
     a page of their own. Two tables with the same fixed columns read as one. */
  .receipt { table-layout: fixed; }
  .receipt col.kind { width: 38%; } .receipt col.fee { width: 16%; }
  .receipt .id { font-size: 8pt; white-space: nowrap; }
  .receipt tr { break-inside: avoid; page-break-inside: avoid; }
  .receipt.head { margin-bottom: 0; }
  .receipt.tail { margin-top: 0; }
  .receipt.tail tr:first-child td { border-top: none; }
  .keep { break-inside: avoid; page-break-inside: avoid; }
  .sign div { border-top: 0.3mm solid #000; width: 70mm; padding-top: 1mm; font-size: 9pt; }
  .note { font-size: 9pt; }
  .standing { font-weight: bold; border: 1px solid #000; padding: 1mm 2mm; margin: 0 0 4mm; }
`;

export function page(lang: Language, title: string, body: string): string {
  return `<!doctype html><html lang="${escapeHtml(lang)}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

export function headerBlock(lang: Language, h: PrintHeader, qr: string): string {
  const t = (k: string) => escapeHtml(translate(lang, `print.${k}`));
  return `<div class="qr"><img alt="QR" src="${qr}"><div>${t('qrHint')}</div></div>
  <table class="meta">
    <tr><td>${t('office')}:</td><td>${escapeHtml(h.office)} · ${t('desk')}: ${escapeHtml(h.desk)}</td></tr>
    <tr><td>${t('visit')}:</td><td>${escapeHtml(h.visitNumber)} · ${escapeHtml(h.visitId)}</td></tr>
    <tr><td>${t('date')}:</td><td>${escapeHtml(formatDateTime(lang, h.date))}</td></tr>
    <tr><td>${t('clerk')}:</td><td>${escapeHtml(h.clerkName)}</td></tr>
    <tr><td>${t('customer')}:</td><td>${escapeHtml(h.customer)}</td></tr>
  </table>`;
}

/** The kind's printed fields (registry `printed`), labelled, with coded values named from the vocabulary. */
export function operationDetails(lang: Language, op: Operation, ctx: PrintContext = {}): string {
  const parts: string[] = [];
  if (!isOperationKind(op.kind)) return '';
  const spec = operationSpec(op.kind);
  const principal = ctx.principals?.get(op.id);
  if (principal) parts.push(`${escapeHtml(translate(lang, 'print.actingFor'))}: ${escapeHtml(principalLabel(lang, principal))}`);
  for (const f of spec.printed) {
    const v = op.payload[f];
    if (v === undefined || v === null || v === '') continue;
    const vocabulary = spec.coded?.[f];
    const band = f === 'priceBand' && typeof v === 'string' ? priceBandLabel(lang, v, op.createdAt.slice(0, 10), ctx.priceBands ?? []) : null;
    const value =
      band ?? (vocabulary && typeof v === 'string' ? translate(lang, `vocab.${vocabulary}.${v}`) : typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? formatDate(lang, v) : String(v));
    parts.push(`${escapeHtml(translate(lang, `fields.${f}`))}: ${escapeHtml(value)}`);
  }
  if (op.approval) parts.push(`${escapeHtml(translate(lang, 'print.approval'))}: ${escapeHtml(op.approval.reason)}`);
  return parts.join('<br>');
}

export async function receiptHtml(lang: Language, h: PrintHeader, operations: readonly Operation[], ctx: PrintContext = {}): Promise<string> {
  const t = (k: string) => escapeHtml(translate(lang, `print.${k}`));
  const qr = await qrDataUri(JSON.stringify({ v: h.visitId, ops: operations.map((o) => o.id) }));
  const row = (o: Operation) =>
    `<tr><td>${escapeHtml(kindLabel(lang, o.kind))}${voidedMark(lang, ctx.bill, o.id)}<br><span class="id">${escapeHtml(o.id)}</span></td><td>${operationDetails(lang, o, ctx)}</td><td class="num">${escapeHtml(formatAzn(o.feeMinor))}</td></tr>`;
  const cols = '<colgroup><col class="kind"><col><col class="fee"></colgroup>';
  const total = ctx.bill ? receiptTotal(ctx.bill) : operations.reduce((s, o) => s + o.feeMinor, 0);
  // The last operation, the total and the signatures form one block that is never split across pages.
  const last = operations.length > 0 ? row(operations[operations.length - 1]) : '';
  return page(
    lang,
    translate(lang, 'print.receiptTitle'),
    `<h1>${t('receiptTitle')}${ctx.standing?.copy ? ` — ${t('copy')}` : ''}</h1>${standingLine(lang, ctx.standing)}${headerBlock(lang, h, qr)}
    <table class="receipt head">${cols}<tr><th>${t('operation')}</th><th>${t('details')}</th><th class="num">${t('fee')}</th></tr>${operations.slice(0, -1).map(row).join('')}</table>
    <div class="keep"><table class="receipt tail">${cols}${last}${ctx.bill ? refundRows(lang, ctx.bill) : ''}
    <tr><th colspan="2">${t('total')}</th><th class="num">${escapeHtml(formatAzn(total))}</th></tr>${ctx.bill ? paymentRows(lang, ctx.bill) : ''}</table>
    <div class="sign"><div>${t('signatureCustomer')}</div><div>${t('signatureClerk')}</div></div></div>`,
  );
}

function standingLine(lang: Language, s: PrintContext['standing']): string {
  if (!s) return '';
  const t = (k: string) => escapeHtml(translate(lang, `print.${k}`));
  if (s.provisional) return `<p class="standing" data-standing="provisional">${t('provisional')}</p>`;
  return s.final ? `<p class="standing" data-standing="final">${t('final')}</p>` : '';
}

export async function formHtml(lang: Language, h: PrintHeader, op: Operation, actingFor: string | null, ctx: PrintContext = {}): Promise<string> {
  const t = (k: string) => escapeHtml(translate(lang, `print.${k}`));
  const qr = await qrDataUri(JSON.stringify({ v: h.visitId, ops: [op.id] }));
  const notice = op.kind === 'imei.register' ? `<p class="note">${t('imeiNotice')}</p>` : '';
  return page(
    lang,
    translate(lang, 'print.formTitle'),
    `<h1>${t('formTitle')}: ${escapeHtml(kindLabel(lang, op.kind))}</h1>${headerBlock(lang, h, qr)}
    ${actingFor ? `<p>${t('actingFor')}: ${escapeHtml(actingFor)}</p>` : ''}
    <table><tr><th>${t('details')}</th></tr><tr><td>${operationDetails(lang, op, { priceBands: ctx.priceBands })}</td></tr>
    <tr><td>${t('fee')}: ${escapeHtml(formatAzn(op.feeMinor))}</td></tr></table>${notice}
    <div class="sign"><div>${t('signatureCustomer')}</div><div>${t('signatureClerk')}</div></div>`,
  );
}

/** The KÖMİS registration sheet; `password` null on a reprint (the clear password is never kept). */
export async function komisSheetHtml(lang: Language, h: PrintHeader, op: Operation, subscriberCode: string, password: string | null, accounts: Record<string, string>): Promise<string> {
  const t = (k: string) => escapeHtml(translate(lang, `print.${k}`));
  const qr = await qrDataUri(JSON.stringify({ v: h.visitId, ops: [op.id] }));
  const rows = Object.entries(accounts)
    .map(([u, a]) => `<tr><td>${escapeHtml(translate(lang, `flows.utilities.${u}`))}</td><td>${escapeHtml(a)}</td></tr>`)
    .join('');
  const secret = password
    ? `<p>${t('initialPassword')}:</p><p><span class="secret">${escapeHtml(password)}</span></p><p class="note">${t('passwordNotice')}</p>`
    : `<p class="note">${t('passwordNotReprinted')}</p>`;
  return page(
    lang,
    translate(lang, 'print.komisTitle'),
    `<h1>${t('komisTitle')}</h1>${headerBlock(lang, h, qr)}
    <p>${t('subscriberCode')}: <span class="secret">${escapeHtml(subscriberCode)}</span></p>${secret}
    <table><tr><th colspan="2">${t('accounts')}</th></tr>${rows}</table>
    <div class="sign"><div>${t('signatureCustomer')}</div><div>${t('signatureClerk')}</div></div>`,
  );
}
