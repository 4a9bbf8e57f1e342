// Prepared statements kept per connection, for the few queries that run once per pulled change: a new desk pulls its
// office's whole working set (100 000 rows and more), and preparing each statement anew for every row took about half
// of the time applying them (npm run bench -- customers). Everything else prepares per call, which is cheap enough.
import type { Statement } from 'better-sqlite3-multiple-ciphers';
import type { ReadableDb } from './database';

const cache = new WeakMap<ReadableDb, Map<string, Statement>>();

export function prepared(db: ReadableDb, sql: string): Statement {
  let statements = cache.get(db);
  if (!statements) cache.set(db, (statements = new Map()));
  let s = statements.get(sql);
  if (!s) statements.set(sql, (s = db.prepare(sql)));
  return s;
}
