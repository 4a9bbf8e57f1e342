import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { queryable, type Database, type Queryable, type Row } from './adapter';
import { tightenTree } from './private-dir';

/**
 * Embedded PostgreSQL (PGlite). One connection, so transactions run one at a time (PGlite queues them).
 * Durability: PGlite does not fsync like a server PostgreSQL; after a power loss the last acknowledged commits may be
 * gone. Desks recover from that through GET /v1/state (they re-send every op above the server's highestSeq).
 * The data directory may be opened by one process at a time: the admin CLI talks to a running server over HTTP.
 * Its files are the server user's alone (0600, folders 0700): PGlite writes some wider whatever the umask, so they are
 * tightened once it has opened and again once it has closed (private-dir.ts).
 */
export async function openPglite(dataDir?: string): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const pg = await PGlite.create(dataDir ? { dataDir } : {});
  if (dataDir) tightenTree(dataDir);
  const wrap = (q: { query: PGlite['query']; exec: PGlite['exec'] }): Queryable =>
    queryable(
      async (sql, params) => (await q.query<Row>(sql, params)).rows,
      (sql) => q.exec(sql),
    );
  const base = wrap(pg);
  return {
    kind: 'pglite',
    query: base.query,
    exec: base.exec,
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    close: async () => {
      await pg.close();
      if (dataDir) tightenTree(dataDir);
    },
  };
}
