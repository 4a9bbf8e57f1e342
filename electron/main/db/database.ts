// Opens the desk's encrypted SQLite database (SQLite3 Multiple Ciphers via better-sqlite3-multiple-ciphers),
// applies the numbered migrations and hands out the handle. Everything that writes goes through query functions
// in ./queries, each write inside a transaction. Every pragma of the desk database is set here, nowhere else.
//
// The handle is branded, as in Signal Desktop's sql layer: a query that only reads takes a ReadableDb, a query that
// writes takes a WritableDb, and the only way to get one is withTx — so a write outside a transaction does not
// type-check, and no query function opens a transaction of its own (the caller decides what commits together).
import Database from 'better-sqlite3-multiple-ciphers';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AppError, ErrorCode } from '../../../common/errors';
import { migrations, type Migration } from './migrations';
import { FileKeyStore, SecretServiceKeyStore, keyStoreChoice, type KeyStore, type KeyStoreChoice } from './key-store';
import { resolveDatabaseKey, type DatabaseKeyReport } from './database-key';

export { KEY_FILE } from './key-store';

declare const readableBrand: unique symbol;
declare const writableBrand: unique symbol;

/** The open connection as services hold it; read-only query functions take it. */
export type ReadableDb = Database.Database & { readonly [readableBrand]: true };
/** The same connection inside a transaction: write query functions take it, and only withTx hands one out. */
export type WritableDb = ReadableDb & { readonly [writableBrand]: true };
/** The handle openDatabase returns and the services keep: readable, writable through withTx. */
export type Db = ReadableDb;

/**
 * Runs `fn` in one transaction: committed when it returns, rolled back when it throws (the error is re-thrown).
 * Nested calls become savepoints (better-sqlite3), so a service's withTx inside a caller's batch still commits
 * with the batch. `fn` must be synchronous: better-sqlite3 refuses a transaction function that returns a promise.
 */
export function withTx<T>(db: ReadableDb, fn: (tx: WritableDb) => T): T {
  return db.transaction(() => fn(db as WritableDb))();
}

export const DATABASE_FILE = 'masa.db';

export interface OpenOptions {
  dataDir: string;
  /** Hex key, bypassing every key store (tests of a wrong key). */
  key?: string;
  readonly?: boolean;
  /**
   * The host's OS keystore for the key: Electron passes its safeStorage one; by default the OS keyring
   * (SecretServiceKeyStore). null: none on this host, the key file is the only place.
   */
  keyStore?: KeyStore | null;
  /** Default: $MASA_DB_KEY_STORE (keystore.ts: "file" asks for the key file, "keystore" forbids falling back). */
  keyStoreChoice?: KeyStoreChoice;
}

export function openDatabase(options: OpenOptions): Db {
  return openDatabaseReporting(options).db;
}

/** Opens the database and says where its key came from (composeServices keeps the report for status and doctor). */
export function openDatabaseReporting(options: OpenOptions): { db: Db; key: DatabaseKeyReport } {
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const file = join(options.dataDir, DATABASE_FILE);
  const exists = existsSync(file);
  if (options.readonly && !exists) throw new AppError(ErrorCode.NotSetUp, `No database in ${options.dataDir} yet.`);
  const open = (key: string) => openWithKey(file, key, options.readonly ?? false);
  if (options.key !== undefined) return { db: open(options.key), key: { store: 'given', where: 'given by the caller', fallback: false, warning: null, migrated: false } };
  const { result, key } = resolveDatabaseKey({
    file: new FileKeyStore(options.dataDir),
    keystore: options.keyStore === undefined ? new SecretServiceKeyStore(options.dataDir) : options.keyStore,
    choice: options.keyStoreChoice ?? keyStoreChoice(),
    databaseExists: exists,
    readonly: options.readonly ?? false,
    open,
  });
  return { db: result, key };
}

function openWithKey(file: string, key: string, readonly: boolean): Db {
  if (!/^[0-9a-f]{64}$/i.test(key)) throw new AppError(ErrorCode.DatabaseKey, 'The database key must be 64 hexadecimal characters.');
  const db = new Database(file, { readonly });
  try {
    db.pragma(`hexkey='${key}'`);
    // The first real read tells whether the key is right: a wrong key makes the file look like noise.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (cause) {
    db.close();
    throw new AppError(
      ErrorCode.DatabaseKey,
      `The database ${file} could not be opened with this key (wrong key or not a Masa database). Nothing was changed.`,
      { cause },
    );
  }
  if (!readonly) {
    db.pragma('journal_mode = WAL');
    // Every committed operation must survive a power cut once the clerk has handed the customer their SIM:
    // WAL + FULL fsyncs the log on each commit (measured in bench/sync-desk.ts; desk operations are a few per minute).
    db.pragma('synchronous = FULL');
  }
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  if (!readonly) migrate(db);
  return db as Db;
}

export function migrate(db: Database.Database, list: readonly Migration[] = migrations): number[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const applied = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
  const ran: number[] = [];
  const sorted = [...list].sort((a, b) => a.version - b.version);
  for (const m of sorted) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.up);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
    })();
    ran.push(m.version);
  }
  return ran;
}

export function schemaVersion(db: ReadableDb): number {
  try {
    return (db.prepare('SELECT max(version) FROM schema_migrations').pluck().get() as number | null) ?? 0;
  } catch {
    return 0;
  }
}

export function latestSchemaVersion(): number {
  return Math.max(0, ...migrations.map((m) => m.version));
}
