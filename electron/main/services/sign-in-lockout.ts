// The sign-in lockout, kept in the desk database (issue 10, hole 6): five wrong passwords for a username hold it
// back for 30 seconds, and neither a restart nor a new browser-host connection resets the count. The username is
// counted whether or not it exists, so the lockout does not tell which usernames do.
import type { ReadableDb, WritableDb } from '../db/database';
import { clearSignInFailures, findSignInFailure, saveSignInFailure } from '../db/queries/sign_in_failures';

export const MAX_FAILED_SIGN_INS = 5;
export const SIGN_IN_COOLDOWN_MS = 30_000;

const keyOf = (username: string) => username.toLowerCase();

/** How long the username is still held back (ms), or 0. */
export function lockedFor(db: ReadableDb, username: string, now: number): number {
  const f = findSignInFailure(db, keyOf(username));
  return f && f.lockedUntil > now ? f.lockedUntil - now : 0;
}

/** Counts one more wrong password, in the caller's transaction (with its audit entry); returns the count. */
export function countFailure(tx: WritableDb, username: string, now: number): number {
  const count = (findSignInFailure(tx, keyOf(username))?.count ?? 0) + 1;
  saveSignInFailure(tx, keyOf(username), { count, lockedUntil: count >= MAX_FAILED_SIGN_INS ? now + SIGN_IN_COOLDOWN_MS : 0 });
  return count;
}

export function forgetFailures(tx: WritableDb, username: string): void {
  clearSignInFailures(tx, keyOf(username));
}
