import pg from 'pg';
import { queryable, type Database, type Queryable, type Row } from './adapter';
import { isDatabaseUnavailable } from './unavailable';

/**
 * node-postgres pool for a real PostgreSQL (DATABASE_URL). Survives the database going away: idle-client errors are
 * caught (an unhandled 'error' would kill the process), a client whose connection broke is destroyed instead of being
 * returned to the pool, connects and queries time out rather than hang, and the pool reconnects on the next request
 * once PostgreSQL is back. Requests meanwhile fail with connection errors that the HTTP layer turns into 503.
 */
export function openPostgres(
  connectionString: string,
  opts: { max?: number; connectTimeoutMs?: number; queryTimeoutMs?: number; log?: (msg: string) => void } = {},
): Database {
  const pool = new pg.Pool({
    connectionString,
    max: opts.max ?? 10,
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 3_000,
    idleTimeoutMillis: 10_000,
    query_timeout: opts.queryTimeoutMs ?? 20_000,
    keepAlive: true,
  });
  pool.on('error', (err) => opts.log?.(`postgres idle client error: ${err.message}`));

  const wrap = (c: pg.Pool | pg.PoolClient): Queryable =>
    queryable(
      async (sql, params) => (await c.query(sql, params)).rows as Row[],
      (sql) => c.query(sql),
    );
  const base = wrap(pool);
  return {
    kind: 'postgres',
    query: base.query,
    exec: base.exec,
    async transaction(fn) {
      const client = await pool.connect();
      let broken: Error | undefined;
      const onError = (e: Error) => {
        broken = e;
      };
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const out = await fn(wrap(client));
        await client.query('COMMIT');
        return out;
      } catch (e) {
        // After a connection-level failure, destroying the connection aborts the transaction server-side.
        if (!broken && isDatabaseUnavailable(e)) broken = e as Error;
        try {
          if (!broken) await client.query('ROLLBACK');
        } catch (re) {
          broken = re as Error;
        }
        throw e;
      } finally {
        client.off('error', onError);
        // A broken connection must not go back to the pool: release(err) destroys it.
        client.release(broken ?? undefined);
      }
    },
    close: () => pool.end(),
  };
}
