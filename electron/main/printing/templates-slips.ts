// Customer slips (issue 12, deliver 5): what the customer takes home after a visit, in their language. The figures
// (the SMS short number, the renewal window, PIN/PUK tries, the KÖMİS password length) come from reference data
// through SlipFacts; the words from common/i18n/<lang>/slips.ts. No slip ever carries a PIN, a PUK or a password.
import { translate } from '../../../common/i18n/messages';
import { formatDate, formatDateTime } from '../../../common/i18n/dates';
import type { Language } from '../../../common/i18n/languages';
import { certTypes, type CertType } from '../../../common/domain/reference';
import { escapeHtml } from './templates';

export type { SlipKind } from '../../../common/ipc/channels/slips';

/** Who and where, as on every paper the desk prints (without the receipt's QR: a slip records nothing). */
export interface SlipHeader {
  office: string;
  /** ISO time of the print. */
  printedAt: string;
  customer: string;
}

export interface RenewalSlipFacts {
  smsNumber: number;
  windowDays: number;
  /** The customer's certificate the slip is about, when it is for one. */
  certificate: { type: CertType; msisdn: string; validTo: string; windowFrom: string } | null;
}

const STYLE = `
  body { font-family: 'DejaVu Sans', 'Noto Sans', Arial, sans-serif; font-size: 11pt; color: #000; }
  h1 { font-size: 15pt; margin: 0 0 4mm; }
  .meta { font-size: 9pt; margin: 0 0 5mm; }
  table { border-collapse: collapse; width: 100%; margin: 3mm 0 5mm; }
  th, td { border: 0.3mm solid #555; padding: 1.5mm 2mm; text-align: left; vertical-align: top; }
  th { background: #eee; }
  .kw { font-family: 'DejaVu Sans Mono', monospace; font-weight: bold; white-space: nowrap; }
  .important { font-weight: bold; border: 0.4mm solid #000; padding: 2mm 3mm; }
`;

function slipPage(lang: Language, h: SlipHeader, title: string, body: string): string {
  const meta = `${escapeHtml(h.office)} · ${escapeHtml(formatDateTime(lang, h.printedAt))} · ${escapeHtml(h.customer)}`;
  return `<!doctype html><html lang="${escapeHtml(lang)}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><h1>${escapeHtml(title)}</h1><p class="meta">${meta}</p>${body}</body></html>`;
}

const p = (text: string, cls?: string) => `<p${cls ? ` class="${cls}"` : ''}>${escapeHtml(text)}</p>`;

/** SMS renewal through the short number: keywords, free of charge, and the online window before expiry. */
export function renewalSlipHtml(lang: Language, h: SlipHeader, f: RenewalSlipFacts): string {
  const t = (k: string, params?: Record<string, string | number>) => translate(lang, `slips.renewal.${k}`, params);
  const c = f.certificate;
  const typeName = (type: CertType) => translate(lang, `vocab.certTypes.${type}`);
  const window = c ? t('window', { from: formatDate(lang, c.windowFrom), to: formatDate(lang, c.validTo) }) : '';
  const rows = [...certTypes, 'status' as const]
    .map((k) => `<tr><td class="kw">${escapeHtml(k)}</td><td>${escapeHtml(t(`keywords.${k}`))}</td></tr>`)
    .join('');
  return slipPage(
    lang,
    h,
    t('title'),
    `${c ? p(t('certificate', { type: typeName(c.type), msisdn: c.msisdn, date: formatDate(lang, c.validTo) })) : ''}
    ${p(t('online', { days: f.windowDays, window }), 'important')}${p(t('inPerson'))}
    ${p(t('sms', { number: f.smsNumber }))}
    <table><tr><th>${escapeHtml(t('keyword'))} → ${escapeHtml(f.smsNumber)}</th><th>${escapeHtml(t('meaning'))}</th></tr>${rows}</table>`,
  );
}

/** What PIN1, PIN2 and PUK are for and what blocks them; never any code itself. */
export function pinSlipHtml(lang: Language, h: SlipHeader, f: { pin1Tries: number; pukTries: number }): string {
  const t = (k: string, params?: Record<string, string | number>) => translate(lang, `slips.pin.${k}`, params);
  const rows = (['pin1', 'pin2', 'puk'] as const).map((k) => `<tr><td class="kw">${k.toUpperCase()}</td><td>${escapeHtml(t(k))}</td></tr>`).join('');
  return slipPage(
    lang,
    h,
    t('title'),
    `${p(t('intro'))}<table><tr><th>${escapeHtml(t('code'))}</th><th>${escapeHtml(t('use'))}</th></tr>${rows}</table>
    ${p(t('pin1Blocked', { tries: f.pin1Tries }))}${p(t('pukBlocked', { tries: f.pukTries }), 'important')}${p(t('secret'))}`,
  );
}

/** The KÖMİS first login: the initial password (on the registration sheet, not here) must be changed first. */
export function komisSlipHtml(lang: Language, h: SlipHeader, f: { subscriberCode: string | null; passwordLength: number }): string {
  const t = (k: string, params?: Record<string, string | number>) => translate(lang, `slips.komis.${k}`, params);
  return slipPage(
    lang,
    h,
    t('title'),
    `${f.subscriberCode ? p(t('code', { code: f.subscriberCode })) : ''}${p(t('login'))}${p(t('change'), 'important')}${p(t('length', { length: f.passwordLength }))}${p(t('secret'))}`,
  );
}
