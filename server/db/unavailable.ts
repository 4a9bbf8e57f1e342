/**
 * Tells "the database is down or unreachable" (→ 503 + Retry-After, the desk retries) from a real bug (→ 500).
 */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
// SQLSTATE: 08xxx connection exceptions; 57P01 admin shutdown; 57P02 crash shutdown; 57P03 cannot connect now;
// 53300 too many connections; 40001/40P01 serialization failure / deadlock (retrying is right).
const SQLSTATE_PREFIXES = ['08', '57P0', '53300', '40001', '40P01'];
const MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /not queryable/i,
  /connection.*(closed|ended|lost)/i,
  /query read timeout/i,
  /database (is )?unavailable/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
];

export class DatabaseUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatabaseUnavailableError';
  }
}

export function isDatabaseUnavailable(e: unknown): boolean {
  for (let err = e as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown[] } | undefined, depth = 0; err && depth < 5; err = err.cause as typeof err, depth++) {
    if (err instanceof DatabaseUnavailableError) return true;
    const code = typeof err.code === 'string' ? err.code : '';
    if (NETWORK_CODES.has(code)) return true;
    if (SQLSTATE_PREFIXES.some((p) => code.startsWith(p))) return true;
    const msg = typeof err.message === 'string' ? err.message : '';
    if (MESSAGES.some((re) => re.test(msg))) return true;
    if (Array.isArray(err.errors) && err.errors.some((x) => isDatabaseUnavailable(x))) return true;
  }
  return false;
}
