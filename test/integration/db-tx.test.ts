// The database layer's transaction rule (electron/main/db/database.ts): writes take the WritableDb that only withTx
// hands out, withTx commits or rolls back as one, and the pragmas are those openDatabase sets.
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, withTx, type ReadableDb, type WritableDb } from '../../electron/main/db/database';
import { getSetting, setSetting } from '../../electron/main/db/queries/settings';
import { getSyncState, setSyncState } from '../../electron/main/db/queries/sync_state';
import { insertOutboxEntry, highestOutboxSeq } from '../../electron/main/db/queries/outbox';
import { findVisit } from '../../electron/main/db/queries/visits';
import { removeDir, tempDir } from '../support/desk';

// Never called: vue-tsc -p tsconfig.node.json type-checks these lines, and each @ts-expect-error fails the
// type-check if the line below it ever compiles.
const _typeChecks = (db: ReadableDb, tx: WritableDb) => {
  // @ts-expect-error a write query needs the WritableDb of a transaction
  setSetting(db, 'office', 'ASXM Bakı-1');
  // @ts-expect-error the same for the sync area's writes
  setSyncState(db, { lastError: null });
  // @ts-expect-error settings are named; the stored key ('default_language') is private to settings.ts
  getSetting(db, 'default_language');
  // @ts-expect-error a setting's value has its type (minutes are a number)
  setSetting(tx, 'idleLockMinutes', '5');
  // @ts-expect-error sync-state facts are named too
  getSyncState(db, 'last_success_at');
  // Reads take either handle.
  findVisit(db, 'v');
  findVisit(tx, 'v');
};

let dir: string | null = null;
let db: ReadableDb | null = null;
function open(): ReadableDb {
  dir = tempDir();
  db = openDatabase({ dataDir: dir });
  return db;
}
afterEach(() => {
  if (db?.open) db.close();
  if (dir) removeDir(dir);
  db = dir = null;
});

const entry = (id: string) => ({ id, kind: 'visit.create', subject: 'fin:5ZX8K2P', payloadJson: '{}', createdAt: '2026-11-23T09:00:00Z' });

describe('withTx', () => {
  it('commits what the function wrote and returns its result', () => {
    const db = open();
    const seq = withTx(db, (tx) => {
      setSetting(tx, 'office', 'ASXM Bakı-1');
      return insertOutboxEntry(tx, entry('a'));
    });
    expect(seq).toBe(1);
    expect(getSetting(db, 'office')).toBe('ASXM Bakı-1');
    expect(db.inTransaction).toBe(false);
  });

  it('rolls everything back when the function throws, and re-throws', () => {
    const db = open();
    withTx(db, (tx) => setSetting(tx, 'office', 'before'));
    const boom = new Error('printer on fire');
    expect(() =>
      withTx(db, (tx) => {
        setSetting(tx, 'office', 'after');
        insertOutboxEntry(tx, entry('lost'));
        throw boom;
      }),
    ).toThrow(boom);
    expect(getSetting(db, 'office')).toBe('before');
    expect(highestOutboxSeq(db)).toBe(0);
    expect(db.inTransaction).toBe(false);
    // The rolled-back entry left no hole: the next one still gets seq 1.
    expect(withTx(db, (tx) => insertOutboxEntry(tx, entry('b')))).toBe(1);
  });

  it('nested in a caller’s transaction, a failing inner step rolls back alone (a savepoint) and the batch commits', () => {
    const db = open();
    withTx(db, (tx) => {
      insertOutboxEntry(tx, entry('first'));
      expect(() =>
        withTx(tx, (inner) => {
          insertOutboxEntry(inner, entry('refused'));
          throw new Error('rule violated');
        }),
      ).toThrow('rule violated');
      insertOutboxEntry(tx, entry('second'));
    });
    expect(db.prepare('SELECT id FROM outbox ORDER BY seq').pluck().all()).toEqual(['first', 'second']);
  });

  it('refuses an async function: a transaction cannot stay open across an await', () => {
    const db = open();
    expect(() => withTx(db, async (tx) => setSetting(tx, 'office', 'never'))).toThrow(/promise/i);
    expect(getSetting(db, 'office')).toBeNull();
  });
});

describe('openDatabase', () => {
  it('sets every pragma of the desk database: WAL, synchronous FULL, foreign keys, a busy timeout', () => {
    const db = open();
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
  });
});
