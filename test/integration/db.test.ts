// The desk's encrypted database on real files: migrations from empty, query functions, and keys.
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATABASE_FILE, KEY_FILE, latestSchemaVersion, openDatabase, schemaVersion, withTx, type Db } from '../../electron/main/db/database';
import { migrations } from '../../electron/main/db/migrations';
import { insertClerk, findClerkByUsername } from '../../electron/main/db/queries/clerks';
import { insertVisit, listVisitsOnDate, searchVisits, findVisit } from '../../electron/main/db/queries/visits';
import { getSetting, setSetting } from '../../electron/main/db/queries/settings';
import { AppError } from '../../common/errors';
import { removeDir, tempDir } from '../support/desk';

const dirs: string[] = [];
const dbs: Db[] = [];
function freshDir(): string {
  const d = tempDir();
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const db of dbs.splice(0)) if (db.open) db.close();
  for (const d of dirs.splice(0)) removeDir(d);
});

describe('migrations', () => {
  it('bring an empty database to the latest schema, each migration once', () => {
    const dir = freshDir();
    const db = openDatabase({ dataDir: dir });
    dbs.push(db);
    expect(schemaVersion(db)).toBe(latestSchemaVersion());
    const applied = db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all();
    expect(applied).toEqual([...migrations].map((m) => m.version).sort((a, b) => a - b));
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['settings', 'clerks', 'approvals', 'visits']));
    db.close();
    // Opening again applies nothing twice.
    const again = openDatabase({ dataDir: dir });
    dbs.push(again);
    expect(again.prepare('SELECT count(*) FROM schema_migrations').pluck().get()).toBe(migrations.length);
  });

  it('use WAL and foreign keys', () => {
    const db = openDatabase({ dataDir: freshDir() });
    dbs.push(db);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });
});

describe('query functions', () => {
  it('store and find clerks, settings and visits; the visit number counts per desk', () => {
    const db = openDatabase({ dataDir: freshDir() });
    dbs.push(db);
    withTx(db, (tx) => {
      setSetting(tx, 'office', 'ASXM Bakı-1');
      insertClerk(tx, { id: 'c1', username: 'Leyla', displayName: 'Leyla H.', role: 'clerk', passwordHash: 'x', language: 'en', createdAt: '2026-11-23T08:00:00Z' });
    });
    expect(getSetting(db, 'office')).toBe('ASXM Bakı-1');
    expect(findClerkByUsername(db, 'leyla')?.displayName).toBe('Leyla H.'); // usernames are case-insensitive
    const base = { clerkId: 'c1', identityMethod: 'mrz' as const, identityCheckJson: '{}', approvalId: null, localDate: '2026-11-23' };
    const n1 = withTx(db, (tx) => insertVisit(tx, { ...base, id: 'v1', createdAt: '2026-11-23T09:00:00Z', identityJson: '{}', subjectKey: 'fin:5ZX8K2P', searchText: 'mammadova leyla 5zx8k2p' }));
    const n2 = withTx(db, (tx) => insertVisit(tx, { ...base, id: 'v2', createdAt: '2026-11-23T09:05:00Z', identityJson: '{}', subjectKey: 'fin:7PQ2RT5', searchText: 'aliyev rasim 7pq2rt5' }));
    expect([n1, n2]).toEqual([1, 2]);
    expect(listVisitsOnDate(db, '2026-11-23').map((v) => v.id)).toEqual(['v2', 'v1']);
    expect(listVisitsOnDate(db, '2026-11-24')).toEqual([]);
    expect(searchVisits(db, '7pq2', 10).map((v) => v.id)).toEqual(['v2']);
    expect(searchVisits(db, '%', 10)).toEqual([]); // LIKE wildcards are literal
    expect(findVisit(db, 'v1')?.clerk_name).toBe('Leyla H.');
  });

  it('refuse a visit for an unknown clerk (foreign keys)', () => {
    const db = openDatabase({ dataDir: freshDir() });
    dbs.push(db);
    expect(() =>
      withTx(db, (tx) => insertVisit(tx, { id: 'v', createdAt: 'x', localDate: 'x', clerkId: 'nobody', identityJson: '{}', identityMethod: 'mrz', identityCheckJson: '{}', approvalId: null, subjectKey: 'k', searchText: '' })),
    ).toThrow(/FOREIGN KEY/);
  });
});

describe('encryption key', () => {
  it('is created once with 0600 permissions, and the file on disk is not plain SQLite', () => {
    const dir = freshDir();
    const db = openDatabase({ dataDir: dir });
    db.close();
    expect(statSync(join(dir, KEY_FILE)).mode & 0o777).toBe(0o600);
    const header = readFileSync(join(dir, DATABASE_FILE)).subarray(0, 16).toString('latin1');
    expect(header).not.toBe('SQLite format 3\u0000');
  });

  it('a wrong key is refused with a clear message and the database is left intact', () => {
    const dir = freshDir();
    const db = openDatabase({ dataDir: dir });
    withTx(db, (tx) => setSetting(tx, 'office', 'kept'));
    db.close();
    const before = readFileSync(join(dir, DATABASE_FILE));
    const wrong = 'ab'.repeat(32);
    let error: unknown;
    try {
      openDatabase({ dataDir: dir, key: wrong });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('DATABASE_KEY_REJECTED');
    expect((error as AppError).message).toMatch(/could not be opened with this key/);
    expect(readFileSync(join(dir, DATABASE_FILE)).equals(before)).toBe(true);
    const right = openDatabase({ dataDir: dir });
    dbs.push(right);
    expect(getSetting(right, 'office')).toBe('kept');
  });

  it('a missing key file is reported, not silently replaced by a new key', () => {
    const dir = freshDir();
    openDatabase({ dataDir: dir }).close();
    unlinkSync(join(dir, KEY_FILE));
    expect(() => openDatabase({ dataDir: dir })).toThrow(/key file .* is missing/);
    expect(existsSync(join(dir, KEY_FILE))).toBe(false);
  });

  it('a malformed key is refused before touching the file', () => {
    const dir = freshDir();
    writeFileSync(join(dir, KEY_FILE), 'not-hex\n');
    expect(() => openDatabase({ dataDir: dir })).toThrow(/64 hexadecimal/);
  });
});
