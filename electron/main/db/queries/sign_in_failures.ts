import type { ReadableDb, WritableDb } from '../database';

export interface SignInFailure {
  count: number;
  /** Epoch ms until which the username is held back; 0 when it is not. */
  lockedUntil: number;
}

export function findSignInFailure(db: ReadableDb, username: string): SignInFailure | null {
  const row = db.prepare('SELECT count, locked_until FROM sign_in_failures WHERE username = ?').get(username) as { count: number; locked_until: number } | undefined;
  return row ? { count: row.count, lockedUntil: row.locked_until } : null;
}

export function saveSignInFailure(tx: WritableDb, username: string, f: SignInFailure): void {
  tx.prepare('INSERT INTO sign_in_failures (username, count, locked_until) VALUES (?, ?, ?) ON CONFLICT (username) DO UPDATE SET count = excluded.count, locked_until = excluded.locked_until').run(
    username, f.count, f.lockedUntil,
  );
}

export function clearSignInFailures(tx: WritableDb, username: string): void {
  tx.prepare('DELETE FROM sign_in_failures WHERE username = ?').run(username);
}
