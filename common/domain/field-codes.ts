// What a clerk reads under a field the contract's schema refused: a code of `validation.*` (common/i18n). A field
// left empty is "Required" whatever rule it broke; a text too long or too short names its limit. A code may carry
// one number after a colon ('TOO_LONG:80'): the renderer fills it into the sentence as {count}.
import type { z } from 'zod';

type Issue = z.core.$ZodIssue;

/** Where the refused input is not at hand (a ZodError thrown deep inside a service): no field is taken as empty. */
export const UNKNOWN_INPUT: unique symbol = Symbol('unknown input');

/** The value the issue is about, found along its path in what was given to the schema. */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let node = input;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** The field code of one schema issue (a rule's own code, e.g. 'DATE_FORMAT', when it set one). */
export function issueCode(issue: Issue, input: unknown): string {
  if (input !== UNKNOWN_INPUT && isEmpty(valueAt(input, issue.path))) return 'REQUIRED';
  if (/^[A-Z_]+$/.test(issue.message)) return issue.message;
  if (issue.code === 'too_big' && issue.origin === 'string') return `TOO_LONG:${Number(issue.maximum)}`;
  if (issue.code === 'too_small' && issue.origin === 'string') return `TOO_SHORT:${Number(issue.minimum)}`;
  return 'INVALID';
}

/** Field codes keyed by the dotted path ('principal.fin'; '_' for the whole input), the first issue per field. */
export function fieldCodesOf(issues: readonly Issue[], input: unknown, prefix = ''): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const key = prefix + (issue.path.length > 0 ? issue.path.map(String).join('.') : '_');
    if (!fields[key]) fields[key] = issueCode(issue, input);
  }
  return fields;
}

/** A text field's length against its limit, as validateIdentity and the forms check it before sending. */
export function lengthCode(value: string | null | undefined, max: number): string | null {
  return (value ?? '').trim().length > max ? `TOO_LONG:${max}` : null;
}
