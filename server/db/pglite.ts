import { PGlite } from '@electric-sql/pglite';
import { queryable, type Database, type Queryable, type Row } from './adapter';

/**
 * Embedded PostgreSQL (PGlite). One connection, so transactions run one at a time (PGlite queues them).
 * Durability: PGlite does not fsync like a server PostgreSQL; after a power loss the last acknowledged commits may be
 * gone. Desks recover from that through GET /v1/state (they re-send every op above the server's highestSeq).
 * The data directory may be opened by one process at a time: the admin CLI talks to a running server over HTTP.
 */
export async function openPglite(dataDir?: string): Promise<Database> {
  const pg = await PGlite.create(dataDir ? { dataDir } : {});
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
    close: () => pg.close(),
  };
}
