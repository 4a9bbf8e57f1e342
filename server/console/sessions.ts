// Console sessions (issue 13): a random token in an HttpOnly, SameSite=Strict cookie limited to /console (Secure over
// HTTPS); the database keeps only its SHA-256, so a copy of the table lets nobody in. A session ends after
// CONSOLE_SESSION_IDLE_MINUTES without a request and CONSOLE_SESSION_MAX_HOURS after sign-in, whatever happens.
// Each session has a CSRF token of its own, which the page sends back in a header on every change (routes.ts).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Queryable } from '../db/adapter';
import { toIso } from '../db/adapter';
import { CONSOLE_PATH, CONSOLE_SESSION_COOKIE, CONSOLE_SESSION_IDLE_MINUTES, CONSOLE_SESSION_MAX_HOURS } from '../../common/console/api';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface SessionRecord {
  accountId: string;
  csrfToken: string;
  expiresAt: string;
}

/** A new session for the account: the token goes in the cookie, never into the database. */
export async function createSession(db: Queryable, accountId: string, now: number): Promise<SessionRecord & { token: string }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now + CONSOLE_SESSION_MAX_HOURS * 3_600_000).toISOString();
  const at = new Date(now).toISOString();
  // Sessions nobody came back to end here too (a miss in useSession removes the ones it meets).
  await db.query('DELETE FROM console_sessions WHERE expires_at <= $1 OR last_used_at <= $2', [at, new Date(now - CONSOLE_SESSION_IDLE_MINUTES * 60_000).toISOString()]);
  await db.query('INSERT INTO console_sessions (token_hash, account_id, csrf_token, created_at, last_used_at, expires_at) VALUES ($1, $2, $3, $4, $4, $5)', [
    hashToken(token), accountId, csrfToken, at, expiresAt,
  ]);
  return { token, accountId, csrfToken, expiresAt };
}

/**
 * The live session the token names, touched (its idle time starts over) in the same statement; null when the token
 * is unknown, idle too long, past its end, or its account is deactivated. Ended sessions are deleted on the way.
 */
export async function useSession(db: Queryable, token: string, now: number): Promise<SessionRecord | null> {
  const at = new Date(now).toISOString();
  const idleSince = new Date(now - CONSOLE_SESSION_IDLE_MINUTES * 60_000).toISOString();
  const [r] = await db.query<{ account_id: string; csrf_token: string; expires_at: unknown }>(
    `UPDATE console_sessions s SET last_used_at = $2 FROM console_accounts a
     WHERE s.token_hash = $1 AND a.id = s.account_id AND a.active AND s.last_used_at > $3 AND s.expires_at > $2
     RETURNING s.account_id, s.csrf_token, s.expires_at`,
    [hashToken(token), at, idleSince],
  );
  if (!r) {
    await db.query('DELETE FROM console_sessions WHERE token_hash = $1 OR expires_at <= $2 OR last_used_at <= $3', [hashToken(token), at, idleSince]);
    return null;
  }
  return { accountId: r.account_id, csrfToken: r.csrf_token, expiresAt: toIso(r.expires_at) };
}

export async function endSession(db: Queryable, token: string): Promise<void> {
  await db.query('DELETE FROM console_sessions WHERE token_hash = $1', [hashToken(token)]);
}

/** Ends every session of the account but the one named (a password change signs the other browsers out). */
export async function endOtherSessions(db: Queryable, accountId: string, keepToken: string | null): Promise<void> {
  await db.query('DELETE FROM console_sessions WHERE account_id = $1 AND token_hash IS DISTINCT FROM $2', [accountId, keepToken ? hashToken(keepToken) : null]);
}

/** Constant-time comparison of the CSRF header with the session's token. */
export function csrfMatches(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export function sessionCookie(token: string, secure: boolean): string {
  return `${CONSOLE_SESSION_COOKIE}=${token}; Path=${CONSOLE_PATH}; HttpOnly; SameSite=Strict; Max-Age=${CONSOLE_SESSION_MAX_HOURS * 3600}${secure ? '; Secure' : ''}`;
}

export function clearedCookie(secure: boolean): string {
  return `${CONSOLE_SESSION_COOKIE}=; Path=${CONSOLE_PATH}; HttpOnly; SameSite=Strict; Max-Age=0${secure ? '; Secure' : ''}`;
}

/** The session token from a Cookie header, if any. */
export function tokenFromCookies(header: string | undefined): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === CONSOLE_SESSION_COOKIE) {
      const v = part.slice(i + 1).trim();
      return /^[A-Za-z0-9_-]{20,100}$/.test(v) ? v : null;
    }
  }
  return null;
}
