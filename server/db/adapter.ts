/**
 * One database interface for the sync server, implemented over PGlite (embedded PostgreSQL in WASM, zero setup) and
 * over node-postgres (a real PostgreSQL through DATABASE_URL). All SQL in the server is plain PostgreSQL and runs on both.
 * Numbers come back as number or string depending on the driver: callers convert with Number()/toIso().
 */
export type Row = Record<string, unknown>;

export interface Queryable {
  query<T extends Row = Row>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs fn inside BEGIN … COMMIT on one connection; rolls back and rethrows on error. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A Queryable over a driver's query (rows of one statement) and exec (several statements) functions. */
export function queryable(query: (sql: string, params: unknown[]) => Promise<Row[]>, exec: (sql: string) => Promise<unknown>): Queryable {
  return {
    async query<T extends Row = Row>(sql: string, params: unknown[] = []) {
      return (await query(sql, params)) as T[];
    },
    async exec(sql: string) {
      await exec(sql);
    },
  };
}

export function toIso(v: unknown): string {
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'string') return new Date(v).toISOString();
  throw new TypeError(`not a timestamp: ${String(v)}`);
}
export function toIsoOrNull(v: unknown): string | null {
  return v === null || v === undefined ? null : toIso(v);
}
