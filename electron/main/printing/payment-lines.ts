// The receipt's money lines (issue 12): voided operations marked, a refund as a negative line with the method it
// is paid back by, the total, how the visit was paid (or that it is not paid: then the paper says it is no receipt
// of payment); and the refund slip the customer signs when a paid operation is voided.
import { translate } from '../../../common/i18n/messages';
import type { Language } from '../../../common/i18n/languages';
import { formatAzn } from '../../../common/domain/reference';
import type { VisitBill } from '../../../common/ipc/channels/payments';
import type { Operation } from '../../../common/ipc/channels/flows';
import { escapeHtml, kindLabel } from './templates';

/** What the receipt prints of the bill: the free_reasons labels for a waived fee. */
export interface ReceiptBill {
  bill: VisitBill;
  freeReasonLabels: ReadonlyMap<string, { az: string; en: string; ru: string }>;
}

const tp = (lang: Language, k: string, params: Record<string, string> = {}) => escapeHtml(translate(lang, k, params));

/** " — VOIDED" after a voided operation's name. */
export function voidedMark(lang: Language, b: ReceiptBill | undefined, operationId: string): string {
  return b?.bill.lines.find((l) => l.operationId === operationId)?.voided ? ` — <strong data-voided="1">${tp(lang, 'print.voided')}</strong>` : '';
}

/** The total the receipt states: what stands (voided lines that were never paid count nothing; a refund is negative). */
export function receiptTotal(b: ReceiptBill): number {
  const refunds = b.bill.payments.filter((p) => p.kind === 'refund').reduce((s, p) => s + p.amountMinor, 0);
  return b.bill.lines.reduce((s, l) => s + (l.voided && !l.paidBy ? 0 : l.feeMinor), 0) + refunds;
}

function methodText(lang: Language, b: ReceiptBill, method: string, freeReason: string | null): string {
  const label = freeReason ? b.freeReasonLabels.get(freeReason)?.[lang] ?? freeReason : null;
  return translate(lang, `payments.methods.${method}`) + (label ? ` — ${label}` : '');
}

/** Refund rows (three columns, like the operations'): "Refund: SIM duplicate | Card | −7.00 AZN". */
export function refundRows(lang: Language, b: ReceiptBill): string {
  return b.bill.payments
    .filter((p) => p.kind === 'refund')
    .flatMap((p) => p.lines.map((l) => `<tr data-refund="1"><td>${tp(lang, 'print.refund', { kind: kindLabel(lang, l.kind) })}</td><td>${escapeHtml(methodText(lang, b, p.method, null))}</td><td class="num">${escapeHtml(formatAzn(l.amountMinor).replace('-', '−'))}</td></tr>`))
    .join('');
}

/** After the total: how it was paid, or that it is not. */
export function paymentRows(lang: Language, b: ReceiptBill): string {
  const paid = b.bill.payments.filter((p) => p.kind === 'payment');
  const rows = paid.map((p) => `<tr data-paid-by="${escapeHtml(p.method)}"><th>${tp(lang, 'print.paidBy')}</th><td colspan="2">${escapeHtml(methodText(lang, b, p.method, p.freeReason))}</td></tr>`);
  if (b.bill.totals.due > 0) rows.push(`<tr data-unpaid="1"><th colspan="3">${tp(lang, 'print.unpaid', { amount: formatAzn(b.bill.totals.due) })}</th></tr>`);
  return rows.join('');
}

/** The refund slip of one voided, paid operation. `page` and `head` are the receipt's frame (templates.ts). */
export function refundSlipBody(lang: Language, b: ReceiptBill, operationId: string, head: string): string {
  const line = b.bill.lines.find((l) => l.operationId === operationId);
  const refund = b.bill.payments.find((p) => p.kind === 'refund' && p.lines.some((l) => l.operationId === operationId));
  if (!line || !refund) return '';
  return `<h1>${tp(lang, 'print.refundSlip')}</h1>${head}
    <table class="receipt"><tr><th>${tp(lang, 'print.operation')}</th><th>${tp(lang, 'print.details')}</th><th class="num">${tp(lang, 'print.fee')}</th></tr>
    <tr><td>${escapeHtml(kindLabel(lang, line.kind))}<br><span class="id">${escapeHtml(line.operationId)}</span></td><td>${tp(lang, 'print.voided')}: ${escapeHtml(line.voided?.reason ?? '')}</td><td class="num">${escapeHtml(formatAzn(line.feeMinor))}</td></tr>
    ${refundRows(lang, { ...b, bill: { ...b.bill, payments: [refund] } })}
    <tr><th colspan="2">${tp(lang, 'print.refundTotal')}</th><td class="num">${escapeHtml(methodText(lang, b, refund.method, null))} · ${escapeHtml(formatAzn(-refund.amountMinor))}</td></tr></table>
    <div class="sign"><div>${tp(lang, 'print.signatureCustomer')}</div><div>${tp(lang, 'print.signatureClerk')}</div></div>`;
}

/**
 * An operation whose form asked how it would be paid (IMEI's paymentType) prints how its line was actually paid: the
 * visit is paid once at the payment step, and a card payment must not print "Payment: Cash" from the form's
 * preselection. Unpaid or waived lines keep what the form said. The synced payload is not changed.
 */
export function asPaid(op: Operation, bill: VisitBill): Operation {
  const payload = op.payload as Record<string, unknown> | null;
  const paidBy = bill.lines.find((l) => l.operationId === op.id)?.paidBy;
  if (!payload || typeof payload.paymentType !== 'string' || !paidBy || (paidBy.method !== 'cash' && paidBy.method !== 'card')) return op;
  return paidBy.method === payload.paymentType ? op : { ...op, payload: { ...payload, paymentType: paidBy.method } };
}
