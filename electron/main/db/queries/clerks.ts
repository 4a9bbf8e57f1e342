import type { ReadableDb, WritableDb } from '../database';
import type { Clerk, Role } from '../../../../common/ipc/channels/app';
import type { Language } from '../../../../common/i18n/languages';

interface ClerkRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  password_hash: string;
  language: Language;
  active: number;
  created_at: string;
}

export interface ClerkWithHash extends Clerk {
  passwordHash: string;
}

function toClerk(row: ClerkRow): ClerkWithHash {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    language: row.language,
    active: row.active === 1,
    passwordHash: row.password_hash,
  };
}

export function insertClerk(tx: WritableDb, c: { id: string; username: string; displayName: string; role: Role; passwordHash: string; language: Language; createdAt: string }): void {
  tx.prepare(
    'INSERT INTO clerks (id, username, display_name, role, password_hash, language, active, created_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?)',
  ).run(c.id, c.username, c.displayName, c.role, c.passwordHash, c.language, c.createdAt);
}

export function findClerkByUsername(db: ReadableDb, username: string): ClerkWithHash | null {
  const row = db.prepare('SELECT * FROM clerks WHERE username = ?').get(username) as ClerkRow | undefined;
  return row ? toClerk(row) : null;
}

export function findClerkById(db: ReadableDb, id: string): ClerkWithHash | null {
  const row = db.prepare('SELECT * FROM clerks WHERE id = ?').get(id) as ClerkRow | undefined;
  return row ? toClerk(row) : null;
}

export function listClerks(db: ReadableDb): ClerkWithHash[] {
  return (db.prepare('SELECT * FROM clerks ORDER BY display_name').all() as ClerkRow[]).map(toClerk);
}

export function countClerks(db: ReadableDb): number {
  return db.prepare('SELECT count(*) FROM clerks').pluck().get() as number;
}

export function updateClerkLanguage(tx: WritableDb, id: string, language: Language): void {
  tx.prepare('UPDATE clerks SET language = ? WHERE id = ?').run(language, id);
}

/** Replaces the password hash only if it is still `previous`; whether it did. */
export function updateClerkPasswordHash(tx: WritableDb, id: string, previous: string, passwordHash: string): boolean {
  return tx.prepare('UPDATE clerks SET password_hash = ? WHERE id = ? AND password_hash = ?').run(passwordHash, id, previous).changes === 1;
}

export function updateClerkActive(tx: WritableDb, id: string, active: boolean): void {
  tx.prepare('UPDATE clerks SET active = ? WHERE id = ?').run(active ? 1 : 0, id);
}

/** A central account, inserted or updated by id; the username may have changed centrally. */
export function upsertCentralClerk(
  tx: WritableDb,
  c: { id: string; username: string; displayName: string; role: Role; passwordHash: string; language: Language; active: boolean; createdAt: string },
): void {
  tx.prepare(
    `INSERT INTO clerks (id, username, display_name, role, password_hash, language, active, created_at, origin)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'central')
     ON CONFLICT (id) DO UPDATE SET username = excluded.username, display_name = excluded.display_name, role = excluded.role,
       password_hash = excluded.password_hash, active = excluded.active, origin = 'central'`,
  ).run(c.id, c.username, c.displayName, c.role, c.passwordHash, c.language, c.active ? 1 : 0, c.createdAt);
}

export function deactivateCentralClerk(tx: WritableDb, id: string): void {
  tx.prepare("UPDATE clerks SET active = 0 WHERE id = ? AND origin = 'central'").run(id);
}

export function clerkOrigin(db: ReadableDb, id: string): 'local' | 'central' | null {
  return (db.prepare('SELECT origin FROM clerks WHERE id = ?').pluck().get(id) as 'local' | 'central' | undefined) ?? null;
}
