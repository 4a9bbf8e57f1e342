/**
 * Starts the sync server in-process for tests, on PGlite (in memory) or on a PostgreSQL database, listening on a
 * free loopback port, and enrols desks.
 */
import { examplePayload, syncPayloadSchemas } from '../../common/operations';
import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import { buildApp } from '../../server/app';
import type { Database } from '../../server/db/adapter';
import { openPglite } from '../../server/db/pglite';
import { openPostgres } from '../../server/db/postgres';
import { migrate } from '../../server/db/migrate';
import { addOffice, createEnrolmentCode } from '../../server/store/offices';
import { SyncClient } from '../../common/sync/client';
import type { SyncOp } from '../../common/sync/protocol';
import { uuidv7 } from '../../common/ids';

export type Backend = 'pglite' | 'postgres';

export interface RunningServer {
  db: Database;
  app: FastifyInstance;
  url: string;
  adminToken: string;
  close(): Promise<void>;
}

export async function openDatabase(backend: Backend, postgresUrl?: string, pgOpts?: Parameters<typeof openPostgres>[1]): Promise<Database> {
  const db = backend === 'pglite' ? await openPglite() : openPostgres(postgresUrl!, pgOpts);
  await migrate(db);
  return db;
}

export async function startServer(db: Database, opts: { now?: () => number; port?: number; maxInFlight?: number } = {}): Promise<RunningServer> {
  const adminToken = randomUUID();
  const app = await buildApp({ db, adminToken, now: opts.now, retryAfterSeconds: 1, maxInFlight: opts.maxInFlight });
  await app.listen({ port: opts.port ?? 0, host: '127.0.0.1' });
  const port = (app.server.address() as { port: number }).port;
  return {
    db,
    app,
    url: `http://127.0.0.1:${port}`,
    adminToken,
    close: async () => {
      await app.close();
    },
  };
}

export async function enrolNewDesk(server: { db: Database; url: string }, officeName: string, deskName = 'desk'): Promise<{ client: SyncClient; deskId: string; officeId: string; deskKey: string }> {
  const existing = await server.db.query<{ id: string }>('SELECT id FROM offices WHERE name = $1', [officeName]);
  if (!existing.length) await addOffice(server.db, officeName);
  const { code } = await createEnrolmentCode(server.db, officeName);
  const anon = new SyncClient(server.url);
  const r = await anon.enrol(code, deskName);
  return { client: anon.withCredentials({ deskId: r.deskId, deskKey: r.deskKey }), ...r };
}

/** A UUIDv7 (time-ordered), as desks make them. */
export { uuidv7 };

/**
 * An op as a desk pushes it: for a kind the registry knows, the given fields over a valid example payload of that
 * kind (envelope included), so a test names only what it is about; an unknown kind gets just the given fields.
 */
export function makeOp(seq: number, kind = 'visit.create', payload: Record<string, unknown> = {}, over: Partial<SyncOp> = {}): SyncOp {
  const id = over.id ?? uuidv7();
  const known = Object.hasOwn(syncPayloadSchemas, kind) ? examplePayload(kind, id) : {};
  // A number of its own (from the op id), so two tests' SIM sales never meet on the example's number.
  if ('msisdn' in known) known.msisdn = `+99455${String(parseInt(id.slice(-7), 16) % 10_000_000).padStart(7, '0')}`;
  return {
    id,
    seq,
    kind,
    subject: typeof payload.fin === 'string' ? `fin:${payload.fin}` : `visit:${seq}`,
    createdAt: new Date().toISOString(),
    payload: { ...known, ...payload },
    ...over,
  };
}
