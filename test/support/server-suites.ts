// The set-up the server suites share: one PostgreSQL for the test file (started once, stopped at the end), and for
// each backend suite a sync server on a database of its own, closed after the suite.
import type { OfficeType } from '../../common/domain/office-types';
import { afterAll, beforeAll, expect } from 'vitest';
import { TestPostgres, freePort } from './postgres';
import { openDatabase, startServer, type Backend, type RunningServer } from './sync-server';
import { FAST_SYNC, openDesk, removeDir, type TestDesk } from './desk';
import { addOffice, createEnrolmentCode } from '../../server/store/offices';
import { SyncHttpError } from '../../common/sync/client';

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

/**
 * A sync server on PGlite (a free loopback port, `offices` added) and desks enrolled to it, for the file: all
 * closed and removed after it. Desks follow the machine's clock (the server refuses one far from its own).
 */
/** An office by name (an ASXM centre), or with its type: the type decides which operations its desks offer (DOMAIN.md §7). */
export type TestOffice = string | { name: string; type: OfficeType };

export function desksWithServer(offices: readonly TestOffice[]) {
  let server: RunningServer | undefined;
  let port = 0;
  const desks: TestDesk[] = [];
  beforeAll(async () => {
    port = await freePort();
    server = await startServer(await openDatabase('pglite'), { port });
    for (const office of offices) await (typeof office === 'string' ? addOffice(server.db, office) : addOffice(server.db, office.name, office.type));
  }, 60_000);
  afterAll(async () => {
    await closeDesksAndServer(desks, server);
  });
  return {
    server: () => server!,
    /** Stops answering (the database stays) and starts again on the same port. */
    async stop() {
      await server!.close();
    },
    async restart() {
      server = await startServer(server!.db, { port });
    },
    async desk(name: string, office: string): Promise<TestDesk> {
      const d = await openDesk({ name, signIn: 'clerk', fakeCards: true, sync: FAST_SYNC });
      desks.push(d);
      const { code } = await createEnrolmentCode(server!.db, office);
      await d.services.sync.enrol({ serverUrl: server!.url, code });
      return d;
    },
  };
}

/** Closes the desks (removing their folders) and then the server and its database: a suite's teardown. */
export async function closeDesksAndServer(desks: readonly TestDesk[], server: RunningServer | undefined): Promise<void> {
  for (const d of desks) {
    await d.close().catch(() => {});
    removeDir(d.dataDir);
  }
  await server?.close();
  await server?.db.close();
}

/** Awaits `p` and expects it to fail with this HTTP status (and code): the error, for further checks. */
export async function expectHttpError(p: Promise<unknown>, status: number, code?: string): Promise<SyncHttpError> {
  const e = await p.then(
    () => {
      throw new Error(`expected HTTP ${status}, got success`);
    },
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(SyncHttpError);
  expect((e as SyncHttpError).status).toBe(status);
  if (code) expect((e as SyncHttpError).code).toBe(code);
  return e as SyncHttpError;
}
