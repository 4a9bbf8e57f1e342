// The console's requests as plain data (no fetch, no DOM), so unit tests can check them: which headers a request
// carries, and how a refusal's code becomes a sentence key in the console's bundle.
import { CONSOLE_CSRF_HEADER, ConsoleErrorCode } from '../../common/console/api';

/** Every code the page names in words (console.ts `errors`); anything else reads "Something went wrong (CODE)". */
export const KNOWN_ERROR_CODES = [
  ...Object.values(ConsoleErrorCode),
  'DATABASE_UNAVAILABLE',
  'TOO_MANY_REQUESTS',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'PAYLOAD_TOO_LARGE',
  'INTERNAL',
  /** The page's own: fetch failed (server down, network gone). */
  'NETWORK',
] as const;

export class ConsoleApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ConsoleApiError';
  }
}

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface ConsoleRequest {
  method: Method;
  headers: Record<string, string>;
  body?: string;
  credentials: 'same-origin';
}

/**
 * The fetch options of one call: the session cookie goes along (same origin only), and every request that changes
 * something carries the session's CSRF token, which the server compares with the session's own.
 */
export function consoleRequest(method: Method, body: unknown, csrfToken: string | null): ConsoleRequest {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET' && csrfToken) headers[CONSOLE_CSRF_HEADER] = csrfToken;
  if (body === undefined) return { method, headers, credentials: 'same-origin' };
  headers['content-type'] = 'application/json';
  return { method, headers, body: JSON.stringify(body), credentials: 'same-origin' };
}

/** A query string of the set values only ('' and undefined left out). */
export function queryString(q: Record<string, string | number | undefined | null>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** A refusal's body `{code, message, details}` (anything else: the status names it). */
export function errorFromResponse(status: number, body: unknown): ConsoleApiError {
  if (body && typeof body === 'object' && typeof (body as { code?: unknown }).code === 'string') {
    const b = body as { code: string; message?: unknown; details?: unknown };
    const details = b.details && typeof b.details === 'object' ? (b.details as Record<string, unknown>) : {};
    return new ConsoleApiError(status, b.code, typeof b.message === 'string' ? b.message : b.code, details);
  }
  const code = status === 401 ? 'CONSOLE_SIGNED_OUT' : status === 403 ? 'CONSOLE_FORBIDDEN' : status === 404 ? 'NOT_FOUND' : status === 429 ? 'TOO_MANY_REQUESTS' : status === 503 ? 'DATABASE_UNAVAILABLE' : 'INTERNAL';
  return new ConsoleApiError(status, code, `HTTP ${status}`);
}

/** The i18n key of a code's sentence, and its parameters. */
export function errorKey(code: string): { key: string; params: Record<string, string> } {
  if ((KNOWN_ERROR_CODES as readonly string[]).includes(code)) return { key: `errors.${code}`, params: {} };
  return { key: 'errors.UNKNOWN', params: { code } };
}
