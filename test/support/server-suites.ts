// The set-up the server suites share: one PostgreSQL for the test file (started once, stopped at the end), and for
// each backend suite a sync server on a database of its own, closed after the suite.
import { afterAll, beforeAll } from 'vitest';
import { TestPostgres } from './postgres';
import { openDatabase, startServer, type Backend, type RunningServer } from './sync-server';

/** Starts PostgreSQL before the file's tests; the getter is valid inside tests and hooks. */
export function postgresForFile(): () => TestPostgres {
  let postgres: TestPostgres | undefined;
  beforeAll(async () => {
    postgres = await TestPostgres.create();
  });
  afterAll(async () => {
    await postgres?.destroy();
  });
  return () => postgres!;
}

/** A sync server for the enclosing describe, on PGlite or on database `name` of the file's PostgreSQL. */
export function serverForSuite(backend: Backend, postgres: () => TestPostgres, name: string): () => RunningServer {
  let server: RunningServer | undefined;
  beforeAll(async () => {
    const url = backend === 'postgres' ? await postgres().createDatabase(name) : undefined;
    server = await startServer(await openDatabase(backend, url));
  });
  afterAll(async () => {
    await server?.close();
    await server?.db.close();
  });
  return () => server!;
}
