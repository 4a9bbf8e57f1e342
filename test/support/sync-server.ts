/**
 * Starts the sync server in-process for tests, on PGlite (in memory) or on a PostgreSQL database, listening on a
 * free loopback port, and enrols desks.
 */
import { examplePayload, syncPayloadSchemas } from '../../common/operations';
import type { FastifyInstance } from 'fastify';
import { randomBytes, randomUUID } from 'node:crypto';
import { buildApp } from '../../server/app';
import type { Database } from '../../server/db/adapter';
import { openPglite } from '../../server/db/pglite';
import { openPostgres } from '../../server/db/postgres';
import { migrate } from '../../server/db/migrate';
import { addOffice, createEnrolmentCode } from '../../server/store/offices';
import { SyncClient } from '../../common/sync/client';
import { base64url, type ResolveConflictRequest, type SyncOp } from '../../common/sync/protocol';
import { putClerk } from '../../server/store/clerks';
import { derivePasswordKey } from '../../node-common/passwords';
import { approvalMac, resolutionApprovalMessage } from '../../node-common/approvals';
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

export async function startServer(db: Database, opts: { now?: () => number; port?: number; maxInFlight?: number; tls?: { key: string; cert: string } } = {}): Promise<RunningServer> {
  const adminToken = randomUUID();
  const app = await buildApp({ db, adminToken, now: opts.now, retryAfterSeconds: 1, maxInFlight: opts.maxInFlight, https: opts.tls });
  await app.listen({ port: opts.port ?? 0, host: '127.0.0.1' });
  const port = (app.server.address() as { port: number }).port;
  return {
    db,
    app,
    url: `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    adminToken,
    close: async () => {
      await app.close();
    },
  };
}

/** A desk enrolled as desks are today: its Ed25519 key pair made by the client, the public key on the server. */
export async function enrolNewDesk(server: { db: Database; url: string }, officeName: string, deskName = 'desk'): Promise<{ client: SyncClient; deskId: string; officeId: string; privateKey: string }> {
  const existing = await server.db.query<{ id: string }>('SELECT id FROM offices WHERE name = $1', [officeName]);
  if (!existing.length) await addOffice(server.db, officeName);
  const { code } = await createEnrolmentCode(server.db, officeName);
  const anon = new SyncClient(server.url);
  const r = await anon.enrol(code, deskName);
  return { client: anon.withCredentials({ deskId: r.deskId, privateKey: r.privateKey }), ...r };
}

/**
 * A desk enrolled under the HMAC protocol, as migration 011 leaves one: its row holds the shared desk key and no
 * public key; the client signs with HMAC.
 */
export async function enrolHmacDesk(server: { db: Database; url: string }, officeName: string, deskName = 'hmac desk'): Promise<{ client: SyncClient; deskId: string; officeId: string; deskKey: string }> {
  const existing = await server.db.query<{ id: string }>('SELECT id FROM offices WHERE name = $1', [officeName]);
  const officeId = existing.length ? existing[0].id : (await addOffice(server.db, officeName)).id;
  const deskId = randomUUID();
  const deskKey = base64url(randomBytes(32));
  await server.db.query('INSERT INTO desks (id, office_id, name, desk_key) VALUES ($1, $2, $3, $4)', [deskId, officeId, deskName, deskKey]);
  return { client: new SyncClient(server.url, { deskId, deskKey }), deskId, officeId, deskKey };
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

/** A supervisor account the server publishes to `office` (made once per office and name). */
export const CENTRAL_SUPERVISOR = { username: 'nigar.sup', displayName: 'Nigar Supervisor', password: 'supervisor-pass-1' } as const;

/**
 * A resolution as a desk sends it: with the approval of the office's central supervisor (made on first use), signed
 * with their password key over the decision, the desk and the time — what the desk app does (sync-service.ts).
 */
export async function approvedResolution(
  server: { db: Database },
  desk: { deskId: string; officeId: string },
  conflictId: string,
  resolution: 'accept' | 'reject',
  note: string,
  over: { at?: number; password?: string; deskId?: string } = {},
): Promise<ResolveConflictRequest> {
  const [office] = await server.db.query<{ name: string }>('SELECT name FROM offices WHERE id = $1', [desk.officeId]);
  const sup = await putClerk(server.db, { office: office.name, ...CENTRAL_SUPERVISOR, role: 'supervisor' });
  const [row] = await server.db.query<{ row: { passwordHash: string } }>(`SELECT row FROM central_rows WHERE table_name = 'clerks' AND key = $1`, [sup.id]);
  const key = await derivePasswordKey(over.password ?? CENTRAL_SUPERVISOR.password, row.row.passwordHash);
  // A wrong password gives no key at the desk; here it stands for someone guessing a key.
  const mac = 'A'.repeat(43);
  const at = over.at ?? Date.now();
  const message = resolutionApprovalMessage({ conflictId, resolution, note, deskId: over.deskId ?? desk.deskId, clerkId: sup.id, at });
  return { resolution, note, approval: { clerkId: sup.id, at, mac: key ? approvalMac(key, message) : mac } };
}
