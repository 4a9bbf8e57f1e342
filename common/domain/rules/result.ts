// A rule's verdict: null when the rule holds, otherwise an error code (common/errors.ts, text in common/i18n)
// with field-level codes for forms and details for the message. Rules are pure; services turn verdicts into AppErrors.
export interface Violation {
  code: string;
  /** English, for logs and the CLI; the renderer shows the code's text in the clerk's language. */
  message: string;
  fields?: Record<string, string>;
  details?: Record<string, unknown>;
}

export type Verdict = Violation | null;

export function violation(code: string, message: string, extra: { fields?: Record<string, string>; details?: Record<string, unknown> } = {}): Violation {
  return { code, message, ...extra };
}

/** The first failing verdict, or null. */
export function firstViolation(...verdicts: Verdict[]): Verdict {
  return verdicts.find((v) => v !== null) ?? null;
}
