// Finds (or makes) the desk database's key and opens the database with it: in the OS keystore normally, in the key
// file only as the fallback, and moving a key file into the keystore when one can be reached. The one rule above
// all: the key is never lost. A key file is deleted only after the keystore gave the same key back and the
// database opened with it; anything else keeps the file and says why in the report.
import { randomBytes } from 'node:crypto';
import { AppError, ErrorCode } from '../../../common/errors';
import { FileKeyStore, isKeyStoreUnavailable, type KeyStore, type KeyStoreChoice, type KeyStoreKind } from './key-store';

/** Where the key came from this time, for the status, the logs and `masa doctor`. */
export interface DatabaseKeyReport {
  store: KeyStoreKind | 'given';
  where: string;
  /** The key file is in use as the fallback (asked for, or no keystore could be reached). */
  fallback: boolean;
  /** Why the fallback, or why a migration did not happen; null when all is as it should be. */
  warning: string | null;
  /** A key file was moved into the keystore during this open. */
  migrated: boolean;
}

export interface KeyResolution<T> {
  result: T;
  key: DatabaseKeyReport;
}

export interface ResolveKeyOptions<T> {
  file: FileKeyStore;
  /** The host's OS keystore; null where there is none. */
  keystore: KeyStore | null;
  choice: KeyStoreChoice;
  databaseExists: boolean;
  /** Read-only callers (doctor) never create, move or delete a key. */
  readonly: boolean;
  /** Opens the database with a key, throwing DatabaseKey when the key is wrong; resolve returns what it gives. */
  open: (key: string) => T;
}

const newKey = (): string => randomBytes(32).toString('hex');

function missingKey(file: FileKeyStore, keystore?: KeyStore): AppError {
  const where = keystore ? `The database key is not in ${keystore.where}, and the key file ${file.path} is missing` : `The database key file ${file.path} is missing`;
  return new AppError(ErrorCode.DatabaseKey, `${where}, so the encrypted database cannot be opened. Restore the key from backup.`);
}

export function resolveDatabaseKey<T>(o: ResolveKeyOptions<T>): KeyResolution<T> {
  const fileReport = (warning: string): DatabaseKeyReport => ({ store: 'file', where: o.file.where, fallback: true, warning, migrated: false });

  if (o.choice === 'keystore' && o.keystore === null) throw new AppError(ErrorCode.KeyStoreUnavailable, 'MASA_DB_KEY_STORE=keystore, but this host has no OS keystore.');
  if (o.choice === 'file' || o.keystore === null) {
    const why = o.choice === 'file' ? 'the key file was asked for (MASA_DB_KEY_STORE=file)' : 'this host has no OS keystore';
    return { result: o.open(fromFile(o)), key: fileReport(`${why}: the key is in a file beside the database, not in the OS keystore`) };
  }

  const keystore = o.keystore;
  let stored: string | null;
  try {
    stored = keystore.read();
  } catch (e) {
    if (!isKeyStoreUnavailable(e) || o.choice === 'keystore') throw e;
    // The desk still starts on its key file (or a new one); status and doctor say the keystore could not be reached.
    const fileKey = o.file.read();
    if (fileKey === null && o.databaseExists) {
      const message = `The database key file ${o.file.path} is missing, and ${String(e.details?.where)} cannot be reached (${String(e.details?.reason)}). The key is presumably in the keystore: start (unlock) it and try again.`;
      throw new AppError(ErrorCode.KeyStoreUnavailable, message, { cause: e, details: e.details });
    }
    return { result: o.open(fromFile(o)), key: fileReport(`${e.message} — using the key file instead`) };
  }

  const fileKey = o.file.read();
  const report: DatabaseKeyReport = { store: keystore.kind, where: keystore.where, fallback: false, warning: null, migrated: false };

  if (stored !== null) {
    const result = o.open(stored);
    if (fileKey !== null) {
      // A key file left beside a key in the keystore: an interrupted migration (same key: finish it) or a stray copy.
      if (fileKey === stored && !o.readonly) o.file.remove();
      else report.warning = `a key file ${fileKey === stored ? 'still lies' : 'with another key lies'} beside the database (${o.file.path}); the keystore's key is used`;
    }
    return { result, key: report };
  }

  if (fileKey !== null) {
    if (o.readonly) return { result: o.open(fileKey), key: fileReport(`the key file has not been moved into ${keystore.where} yet (the desk moves it at its next start)`) };
    return migrate(o, keystore, fileKey, report);
  }

  if (o.databaseExists) throw missingKey(o.file, keystore);
  if (o.readonly) throw new AppError(ErrorCode.NotSetUp, 'No database here yet.');
  // A new desk: the key is made, stored, and read back before the database that needs it is created.
  const key = newKey();
  keystore.write(key);
  if (keystore.read() !== key) throw new AppError(ErrorCode.KeyStoreUnavailable, `The key just stored in ${keystore.where} did not come back; no database was created.`);
  return { result: o.open(key), key: report };
}

function fromFile<T>(o: ResolveKeyOptions<T>): string {
  const key = o.file.read();
  if (key !== null) return key;
  if (o.databaseExists) throw missingKey(o.file);
  if (o.readonly) throw new AppError(ErrorCode.NotSetUp, 'No database here yet.');
  const made = newKey();
  o.file.write(made);
  return made;
}

/**
 * Moves the key file's key into the keystore: store, read back, open the database with the key read back, and only
 * then shred the file. A failure before the shred leaves the file as it was and opens with it; the keystore entry
 * written on the way is removed again only when the file's key turned out not to open the database at all.
 */
function migrate<T>(o: ResolveKeyOptions<T>, keystore: KeyStore, fileKey: string, report: DatabaseKeyReport): KeyResolution<T> {
  const keepFile = (why: string, cause?: unknown): KeyResolution<T> => {
    const detail = cause instanceof Error ? `: ${cause.message}` : '';
    return { result: o.open(fileKey), key: { store: 'file', where: o.file.where, fallback: true, warning: `the key file could not be moved into ${keystore.where} (${why}${detail}); it stays in use`, migrated: false } };
  };
  try {
    keystore.write(fileKey);
  } catch (e) {
    return keepFile('storing it failed', e);
  }
  let back: string | null;
  try {
    back = keystore.read();
  } catch (e) {
    return keepFile('reading it back failed', e);
  }
  if (back !== fileKey) return keepFile('the keystore gave back another key');
  let result: T;
  try {
    result = o.open(back);
  } catch (e) {
    // The file's key does not open the database: nothing to migrate; take our copy out of the keystore again.
    try {
      keystore.remove();
    } catch {
      // best effort: the entry holds only the file's (wrong) key, which the file still has
    }
    throw e;
  }
  try {
    o.file.remove();
  } catch (e) {
    // The key is safely in the keystore and the database is open; only the stray file remains.
    return { result, key: { ...report, warning: `the key is in ${keystore.where}, but the old key file could not be deleted: ${e instanceof Error ? e.message : String(e)}` } };
  }
  return { result, key: { ...report, migrated: true } };
}
