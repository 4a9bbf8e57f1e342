// Console accounts (issue 13): central administrators and office managers, with passwords of their own (scrypt, the
// desks' scheme: node-common/passwords.ts) and a lockout after CONSOLE_LOCKOUT_FAILURES wrong passwords in a row.
// The SQL here does not audit: the callers (routes.ts, admin-cli.ts) append the entry in the same transaction.
import { randomUUID } from 'node:crypto';
import type { Database, Queryable } from '../db/adapter';
import { toIso, toIsoOrNull } from '../db/adapter';
import { AppHttpError } from '../http-error';
import { hashPassword, verifyPassword, dummyHash, PASSWORD_COST } from '../../node-common/passwords';
import {
  CONSOLE_LOCKOUT_FAILURES,
  CONSOLE_LOCKOUT_MINUTES,
  ConsoleErrorCode,
  type ConsoleAccount,
  type ConsoleRole,
  type ConsoleUser,
} from '../../common/console/api';

type AccountRow = {
  id: string;
  username: string;
  display_name: string;
  role: ConsoleRole;
  language: 'az' | 'en' | 'ru';
  active: boolean;
  locked_until: unknown;
  last_signin_at: unknown;
  created_at: unknown;
  offices: Array<{ id: string; name: string }> | null;
};

// Each account with its offices (by name) in one row.
const ACCOUNT_SELECT = `SELECT a.id, a.username, a.display_name, a.role, a.language, a.active, a.locked_until, a.last_signin_at, a.created_at,
  (SELECT coalesce(jsonb_agg(jsonb_build_object('id', o.id, 'name', o.name) ORDER BY o.name), '[]'::jsonb)
     FROM console_account_offices ao JOIN offices o ON o.id = ao.office_id WHERE ao.account_id = a.id) AS offices
  FROM console_accounts a`;

function accountOf(r: AccountRow): ConsoleAccount {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    language: r.language,
    offices: r.role === 'central' ? [] : (r.offices ?? []),
    active: r.active,
    lockedUntil: toIsoOrNull(r.locked_until),
    lastSignInAt: toIsoOrNull(r.last_signin_at),
    createdAt: toIso(r.created_at),
  };
}

export function userOf(a: ConsoleAccount): ConsoleUser {
  return { id: a.id, username: a.username, displayName: a.displayName, role: a.role, language: a.language, offices: a.offices };
}

/** How the console names a person in what it writes elsewhere (a conflict's resolver, a desk's revoker). */
export function signature(u: { displayName: string; username: string }): string {
  return `${u.displayName} (${u.username})`;
}

export async function listAccounts(db: Queryable): Promise<ConsoleAccount[]> {
  return (await db.query<AccountRow>(`${ACCOUNT_SELECT} ORDER BY lower(a.username)`)).map(accountOf);
}

export async function getAccount(db: Queryable, idOrUsername: string): Promise<ConsoleAccount> {
  const [r] = await db.query<AccountRow>(`${ACCOUNT_SELECT} WHERE a.id::text = $1 OR lower(a.username) = lower($1) LIMIT 1`, [idOrUsername]);
  if (!r) throw AppHttpError.notFound(`no console account "${idOrUsername}"`);
  return accountOf(r);
}

export interface NewAccount {
  username: string;
  displayName: string;
  role: ConsoleRole;
  language: 'az' | 'en' | 'ru';
  officeIds: string[];
  password: string;
}

/** The hash is made before the transaction: scrypt takes a while and must not hold locks. */
export async function addAccount(tx: Queryable, a: NewAccount & { passwordHash: string }): Promise<ConsoleAccount> {
  const taken = await tx.query('SELECT 1 FROM console_accounts WHERE lower(username) = lower($1)', [a.username]);
  if (taken.length) throw AppHttpError.conflict(`console account "${a.username}" already exists`);
  const id = randomUUID();
  await tx.query('INSERT INTO console_accounts (id, username, display_name, role, language, password_hash) VALUES ($1, $2, $3, $4, $5, $6)', [
    id, a.username, a.displayName, a.role, a.language, a.passwordHash,
  ]);
  if (a.role === 'manager') await setAccountOffices(tx, id, a.officeIds);
  return getAccount(tx, id);
}

/** Replaces a manager's offices (each must exist). */
export async function setAccountOffices(tx: Queryable, accountId: string, officeIds: string[]): Promise<void> {
  const ids = [...new Set(officeIds)];
  const found = await tx.query<{ id: string }>('SELECT id FROM offices WHERE id = ANY($1::uuid[])', [ids]);
  if (found.length !== ids.length) throw AppHttpError.notFound('an office of the list does not exist');
  await tx.query('DELETE FROM console_account_offices WHERE account_id = $1', [accountId]);
  await tx.query('INSERT INTO console_account_offices (account_id, office_id) SELECT $1, unnest($2::uuid[])', [accountId, ids]);
}

/** A new password also lifts a lockout (an administrator set it, or the person proved the old one). */
export async function setAccountPassword(tx: Queryable, accountId: string, passwordHash: string): Promise<void> {
  await tx.query('UPDATE console_accounts SET password_hash = $2, failed_signins = 0, locked_until = NULL WHERE id = $1', [accountId, passwordHash]);
}

export async function unlockAccount(tx: Queryable, accountId: string): Promise<void> {
  await tx.query('UPDATE console_accounts SET failed_signins = 0, locked_until = NULL WHERE id = $1', [accountId]);
}

export async function setAccountLanguage(tx: Queryable, accountId: string, language: string): Promise<void> {
  await tx.query('UPDATE console_accounts SET language = $2 WHERE id = $1', [accountId, language]);
}

/**
 * Deactivates (or removes) an account and ends its sessions. Refused for the last active central administrator: no one
 * could then manage accounts but from the server's command line.
 */
export async function retireAccount(tx: Queryable, accountId: string, how: 'deactivate' | 'remove'): Promise<void> {
  const [a] = await tx.query<{ role: string; active: boolean }>('SELECT role, active FROM console_accounts WHERE id = $1 FOR UPDATE', [accountId]);
  if (!a) throw AppHttpError.notFound('no such console account');
  if (a.role === 'central' && a.active) {
    // Every active central account locked, so two administrators retiring each other cannot both pass the count.
    const others = await tx.query(`SELECT id FROM console_accounts WHERE role = 'central' AND active AND id <> $1 FOR UPDATE`, [accountId]);
    if (!others.length) throw AppHttpError.conflict('the last active central administrator cannot be deactivated or removed');
  }
  await tx.query('DELETE FROM console_sessions WHERE account_id = $1', [accountId]);
  if (how === 'remove') await tx.query('DELETE FROM console_accounts WHERE id = $1', [accountId]);
  else await tx.query('UPDATE console_accounts SET active = false WHERE id = $1', [accountId]);
}

/** A deactivated account back in service, with a clean slate of failed sign-ins (its password is the one it had). */
export async function reactivateAccount(tx: Queryable, accountId: string): Promise<void> {
  await tx.query('UPDATE console_accounts SET active = true, failed_signins = 0, locked_until = NULL WHERE id = $1', [accountId]);
}

export type SignInOutcome =
  | { ok: true; account: ConsoleAccount }
  | { ok: false; reason: 'unknown' | 'inactive' | 'password'; lockedUntil: string | null; username: string; accountId: string | null }
  | { ok: false; reason: 'locked'; lockedUntil: string; username: string; accountId: string };

/**
 * Checks a sign-in. An unknown username costs the same scrypt time as a wrong password (a hash of the same cost is
 * verified) and gets the same answer from the caller; a locked account is refused without looking at the password.
 *
 * The attempt is counted before the password is checked, in one statement that also sets the lock when it is the
 * CONSOLE_LOCKOUT_FAILURES-th in a row: guesses sent in parallel cannot all pass a "not locked yet" check while the
 * first ones are still being verified. A right password then lifts the lock it may have set and starts the count
 * over; a wrong one leaves both. A lock that has run out starts the count over. `cost`: the scrypt cost accounts are
 * made with (tests lower it), for the unknown user's stand-in hash.
 */
export async function checkSignIn(db: Database, username: string, password: string, now: number, cost = PASSWORD_COST): Promise<SignInOutcome> {
  const at = new Date(now).toISOString();
  const lockUntil = new Date(now + CONSOLE_LOCKOUT_MINUTES * 60_000).toISOString();
  // In SET, columns are the row's values before the update; a row whose lock ran out counts from 0 again.
  const [r] = await db.query<{ id: string; username: string; password_hash: string; active: boolean; locked_until: unknown }>(
    `UPDATE console_accounts SET
       failed_signins = (CASE WHEN locked_until IS NOT NULL THEN 0 ELSE failed_signins END) + 1,
       locked_until = CASE WHEN (CASE WHEN locked_until IS NOT NULL THEN 0 ELSE failed_signins END) + 1 >= $2 THEN $3::timestamptz END
     WHERE lower(username) = lower($1) AND (locked_until IS NULL OR locked_until <= $4::timestamptz)
     RETURNING id, username, password_hash, active, locked_until`,
    [username, CONSOLE_LOCKOUT_FAILURES, lockUntil, at],
  );
  if (!r) {
    const [locked] = await db.query<{ id: string; username: string; locked_until: unknown }>('SELECT id, username, locked_until FROM console_accounts WHERE lower(username) = lower($1)', [username]);
    if (locked) return { ok: false, reason: 'locked', lockedUntil: toIso(locked.locked_until), username: locked.username, accountId: locked.id };
    await verifyPassword(password, dummyHash(cost));
    return { ok: false, reason: 'unknown', lockedUntil: null, username, accountId: null };
  }
  if (!(await verifyPassword(password, r.password_hash))) {
    return { ok: false, reason: 'password', lockedUntil: r.locked_until ? toIso(r.locked_until) : null, username: r.username, accountId: r.id };
  }
  // The right password: whatever this attempt counted (and locked) is undone — also for a deactivated account.
  await db.query('UPDATE console_accounts SET failed_signins = 0, locked_until = NULL, last_signin_at = CASE WHEN active THEN $2::timestamptz ELSE last_signin_at END WHERE id = $1', [r.id, at]);
  if (!r.active) return { ok: false, reason: 'inactive', lockedUntil: null, username: r.username, accountId: r.id };
  return { ok: true, account: await getAccount(db, r.id) };
}

/** The error a refused sign-in gets: one answer for unknown, inactive and wrong; the lock with its end. */
export function signInError(o: Exclude<SignInOutcome, { ok: true }>): AppHttpError {
  if (o.lockedUntil) return new AppHttpError(403, ConsoleErrorCode.Locked, `account locked until ${o.lockedUntil}`, { until: o.lockedUntil });
  return new AppHttpError(401, ConsoleErrorCode.BadCredentials, 'wrong username or password');
}

export { hashPassword };
