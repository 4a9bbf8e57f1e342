// One date format per language, everywhere: screens, typed fields, printed forms (issue 14, item 11). Azerbaijani
// and Russian write day.month.year; English screens use ISO (year-month-day), which no reader can take for the
// American month-first order. Dates travel as ISO strings; these only show and read them.
import type { Language } from './languages';
import { isIsoDate } from '../domain/dates';

interface DateFormat {
  order: 'dmy' | 'ymd';
  separator: string;
  /** What the empty field shows, in the language's words. */
  placeholder: string;
}

export const dateFormats: Record<Language, DateFormat> = {
  az: { order: 'dmy', separator: '.', placeholder: 'gg.aa.iiii' },
  ru: { order: 'dmy', separator: '.', placeholder: 'дд.мм.гггг' },
  en: { order: 'ymd', separator: '-', placeholder: 'yyyy-mm-dd' },
};

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** '2026-12-01' → '01.12.2026' (az, ru) or '2026-12-01' (en); anything that is not an ISO date as it is. */
export function formatDate(lang: Language, iso: string | null | undefined): string {
  if (!iso) return '';
  const m = ISO.exec(iso.slice(0, 10));
  if (!m) return iso;
  const f = dateFormats[lang];
  const [, y, mo, d] = m;
  return f.order === 'dmy' ? [d, mo, y].join(f.separator) : [y, mo, d].join(f.separator);
}

/** An ISO time → the language's date and the local hours and minutes ('01.12.2026 09:05'). */
export function formatDateTime(lang: Language, iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return '';
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return iso;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone })
      .formatToParts(t)
      .map((p) => [p.type, p.value]),
  );
  return `${formatDate(lang, `${parts.year}-${parts.month}-${parts.day}`)} ${parts.hour}:${parts.minute}`;
}

function validIso(y: number, m: number, d: number): string | null {
  const iso = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

/**
 * What the clerk typed → ISO, or null when it is not a date. The language's own format is read with any of . / -
 * as separators (a scanner or a colleague may type either); ISO is always understood too.
 */
export function parseDate(lang: Language, text: string): string | null {
  const s = text.trim();
  const iso = ISO.exec(s);
  if (iso) return validIso(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const dmy = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(s);
  if (dmy && dateFormats[lang].order === 'dmy') return validIso(Number(dmy[3]), Number(dmy[2]), Number(dmy[1]));
  return null;
}

/** A chip's or MRZ's YYMMDD → the language's date; the century is the one that makes the date the nearest past one
 *  for birth dates (`past: true`) or the nearest future/recent one for expiry dates. */
export function formatYymmdd(lang: Language, yymmdd: string, past: boolean, today = new Date()): string {
  if (!/^\d{6}$/.test(yymmdd)) return yymmdd;
  const yy = Number(yymmdd.slice(0, 2));
  const nowYy = today.getUTCFullYear() % 100;
  const century = past ? (yy > nowYy ? 1900 : 2000) : yy >= nowYy - 50 ? 2000 : 1900;
  return formatDate(lang, `${century + yy}-${yymmdd.slice(2, 4)}-${yymmdd.slice(4, 6)}`);
}
