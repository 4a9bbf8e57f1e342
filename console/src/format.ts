// Pure formatting and form checks for the console: AZN amounts, "5 min ago", and a schema's complaints as sentence
// keys per field. No DOM, so unit tests run them directly.
import type { z } from 'zod';
import { minorToAzn } from '../../common/sync/reports';

/** qəpik → "12.50 AZN" (the same in every language: the till and the receipts write it so). */
export function azn(minor: number): string {
  return `${minorToAzn(minor)} AZN`;
}

/** How long ago, as a key of the console's `relative` section and its count. */
export function relativeKey(iso: string, now = Date.now()): { key: string; n: number } {
  const minutes = Math.max(0, Math.floor((now - Date.parse(iso)) / 60_000));
  if (minutes < 1) return { key: 'relative.now', n: 0 };
  if (minutes < 60) return { key: 'relative.minutes', n: minutes };
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return { key: 'relative.hours', n: hours };
  return { key: 'relative.days', n: Math.floor(hours / 24) };
}

export interface FieldError {
  key: string;
  params: Record<string, string | number>;
}

/** A schema's issues → one message per top-level field (the first issue wins). */
export function fieldErrors(error: z.ZodError): Record<string, FieldError> {
  const out: Record<string, FieldError> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'form');
    if (out[field]) continue;
    out[field] = issueText(field, issue);
  }
  return out;
}

function issueText(field: string, issue: z.core.$ZodIssue): FieldError {
  if (field === 'officeIds') return { key: 'validation.offices', params: {} };
  if (issue.code === 'too_small') {
    const min = Number(issue.minimum);
    if (issue.origin === 'string') return min <= 1 ? { key: 'validation.required', params: {} } : { key: 'validation.tooShort', params: { n: min } };
    if (issue.origin === 'array') return { key: 'validation.required', params: {} };
    return { key: 'validation.invalid', params: {} };
  }
  if (issue.code === 'too_big' && issue.origin === 'string') return { key: 'validation.tooLong', params: { n: Number(issue.maximum) } };
  if (issue.code === 'invalid_format' && field === 'username') return { key: 'validation.username', params: {} };
  if (issue.code === 'invalid_type' && issue.input === undefined) return { key: 'validation.required', params: {} };
  return { key: 'validation.invalid', params: {} };
}

/** A reference row's value as a grid cell shows it: text as is, numbers and flags as written, objects as JSON. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** What an edit field holds back into the row's type: the old value's type decides (a number stays a number). */
export function parseCell(text: string, old: unknown): { ok: true; value: unknown } | { ok: false } {
  const t = text.trim();
  if (typeof old === 'number') {
    if (t === '') return { ok: false };
    const n = Number(t);
    return Number.isFinite(n) ? { ok: true, value: n } : { ok: false };
  }
  if (typeof old === 'boolean') return t === 'true' || t === 'false' ? { ok: true, value: t === 'true' } : { ok: false };
  if (old === null && t === '') return { ok: true, value: null };
  if (old !== null && typeof old === 'object') {
    try {
      return { ok: true, value: JSON.parse(t) };
    } catch {
      return { ok: false };
    }
  }
  return { ok: true, value: text };
}

/** Day before an ISO day ('2026-03-01' → '2026-02-28'). */
export function dayBefore(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** "12.5" or "12.50" AZN → 1250 qəpik; null when it is not an amount with at most two decimals. */
export function parseAzn(text: string): number | null {
  const m = /^(-?)(\d+)(?:[.,](\d{1,2}))?$/.exec(text.trim());
  if (!m) return null;
  const minor = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -minor : minor;
}

/** A column of money in qəpik (amountMinor, feeMinor …): shown and edited as AZN. */
export const isMinorColumn = (column: string) => /Minor$/.test(column);

/** Identifiers a person cannot use on a conflict's two sides (the operation, visit and clerk ids, a device's code). */
const HIDDEN_FIELDS = new Set(['operationId', 'visitId', 'clerkId', 'securityCode', 'officeId', 'deskId', 'id', 'opId']);

const camel = (k: string) => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * A payload or a central record as label/value pairs: snake_case keys read as the desk's camelCase field names,
 * one level of nesting opened (the server names what it holds, e.g. {imeiRegistration: {...}}), ids left out.
 */
export function recordEntries(record: Record<string, unknown>): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  for (const [key, value] of Object.entries(record)) {
    if (value && typeof value === 'object' && !Array.isArray(value)) out.push(...recordEntries(value as Record<string, unknown>));
    else if (!HIDDEN_FIELDS.has(camel(key)) && value !== null && value !== undefined && value !== '') out.push([camel(key), value]);
  }
  return out;
}
