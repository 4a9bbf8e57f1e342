/**
 * Desk credentials the server cannot leak (issue 10, deliver 3): desks sign with an Ed25519 key pair made at
 * enrolment and the server keeps only public keys; desks enrolled under the HMAC protocol keep syncing and move to a
 * key pair at their next sync, after which their HMAC key is gone from the server and the desk and HMAC is refused.
 * Server side on PGlite and PostgreSQL; the desk's own migration (the sync worker) on PGlite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncClient } from '../../common/sync/client';
import { deskPublicKeyOf, generateDeskKeyPair, signRequest } from '../../common/sync/protocol';
import { expectHttpError, postgresForFile, serverForSuite, closeDesksAndServer } from '../support/server-suites';
import { enrolHmacDesk, enrolNewDesk, makeOp, openDatabase, startServer, type Backend, type RunningServer } from '../support/sync-server';
import { addOffice, createEnrolmentCode } from '../../server/store/offices';
import { stats } from '../../server/store/stats';
import { getSyncState, setSyncState } from '../../electron/main/db/queries/sync_state';
import { withTx } from '../../electron/main/db/database';
import { FAST_SYNC, openDesk, type TestDesk } from '../support/desk';
import type { Database } from '../../server/db/adapter';

const pg = postgresForFile();


async function deskRow(db: Database, deskId: string): Promise<{ desk_key: string | null; desk_public_key: string | null }> {
  const [row] = await db.query<{ desk_key: string | null; desk_public_key: string | null }>('SELECT desk_key, desk_public_key FROM desks WHERE id = $1', [deskId]);
  return row;
}

describe.each<Backend>(['pglite', 'postgres'])('desk keys on %s', (backend) => {
  const suiteServer = serverForSuite(backend, pg, 'desk_keys');
  let server: RunningServer;
  beforeAll(() => {
    server = suiteServer();
  });

  it('a desk enrolled today: the server holds its public key and no secret; an enrolment without a public key is refused', async () => {
    const desk = await enrolNewDesk(server, 'Key Office');
    expect(await deskRow(server.db, desk.deskId)).toEqual({ desk_key: null, desk_public_key: await deskPublicKeyOf(desk.privateKey) });
    expect((await desk.client.push([makeOp(1)])).acks[0].status).toBe('applied');
    // The database refuses a row with no credential, or with both.
    await expect(server.db.query('UPDATE desks SET desk_public_key = NULL WHERE id = $1', [desk.deskId])).rejects.toThrow(/desks_one_credential/);
    await expect(server.db.query(`UPDATE desks SET desk_key = 'k' WHERE id = $1`, [desk.deskId])).rejects.toThrow(/desks_one_credential/);

    const { code } = await createEnrolmentCode(server.db, 'Key Office');
    const res = await fetch(`${server.url}/v1/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, deskName: 'old desk' }) });
    expect(res.status).toBe(400);
    expect(await new SyncClient(server.url).enrol(code, 'new desk')).toMatchObject({ officeName: 'Key Office' });
  });

  it('refuses a request signed with another key pair, with HMAC, or with an Ed25519 signature by an HMAC desk', async () => {
    const desk = await enrolNewDesk(server, 'Key Office');
    const stranger = await generateDeskKeyPair();
    await expectHttpError(new SyncClient(server.url, { deskId: desk.deskId, privateKey: stranger.privateKey }).state(), 401, 'UNAUTHENTICATED');
    await expectHttpError(new SyncClient(server.url, { deskId: desk.deskId, deskKey: 'A'.repeat(43) }).state(), 401, 'UNAUTHENTICATED');
    // Another desk's own key is someone else's too.
    const other = await enrolNewDesk(server, 'Key Office', 'other');
    await expectHttpError(new SyncClient(server.url, { deskId: desk.deskId, privateKey: other.privateKey }).state(), 401, 'UNAUTHENTICATED');
    // A scheme the server does not know.
    const headers = await signRequest({ deskId: desk.deskId, privateKey: desk.privateKey, method: 'GET', pathWithQuery: '/v1/state', body: '' });
    expect((await fetch(`${server.url}/v1/state`, { headers })).status).toBe(200);
    expect((await fetch(`${server.url}/v1/state`, { headers: { ...headers, 'x-masa-signature-scheme': 'rsa' } })).status).toBe(401);

    const hmac = await enrolHmacDesk(server, 'Key Office');
    await expectHttpError(new SyncClient(server.url, { deskId: hmac.deskId, privateKey: stranger.privateKey }).state(), 401, 'UNAUTHENTICATED');
    expect((await hmac.client.state()).highestSeq).toBe(0);
  });

  it('an HMAC desk keeps syncing, hands over its public key, and from then on its HMAC key is erased and refused', async () => {
    const hmac = await enrolHmacDesk(server, 'Legacy Office');
    const shared = (await stats(server.db)).desksWithSharedKey;
    expect(shared).toBeGreaterThan(0);
    const before = [makeOp(1), makeOp(2)];
    expect((await hmac.client.push(before)).acks.map((a) => a.status)).toEqual(['applied', 'applied']);
    expect((await hmac.client.pull()).changes).toBeDefined();

    const pair = await generateDeskKeyPair();
    expect(await hmac.client.registerDeskKey(pair.publicKey)).toEqual({ deskId: hmac.deskId, scheme: 'ed25519' });
    expect(await deskRow(server.db, hmac.deskId)).toEqual({ desk_key: null, desk_public_key: pair.publicKey });
    const [{ n }] = await server.db.query<{ n: string }>('SELECT count(*)::text AS n FROM desks WHERE desk_key = $1', [hmac.deskKey]);
    expect(n).toBe('0');
    expect((await stats(server.db)).desksWithSharedKey).toBe(shared - 1);

    await expectHttpError(hmac.client.state(), 401, 'UNAUTHENTICATED');
    await expectHttpError(hmac.client.push([makeOp(3)]), 401, 'UNAUTHENTICATED');
    await expectHttpError(hmac.client.registerDeskKey((await generateDeskKeyPair()).publicKey), 401, 'UNAUTHENTICATED');

    // The same desk with its key pair: its earlier ops are its own (duplicates), the next ones follow on.
    const signed = new SyncClient(server.url, { deskId: hmac.deskId, privateKey: pair.privateKey });
    expect((await signed.push([...before, makeOp(3)])).acks.map((a) => a.status)).toEqual(['duplicate', 'duplicate', 'applied']);
    // Handing over the same key again (a lost answer) is answered the same; another key is not taken this way.
    expect(await signed.registerDeskKey(pair.publicKey)).toEqual({ deskId: hmac.deskId, scheme: 'ed25519' });
    await expectHttpError(signed.registerDeskKey((await generateDeskKeyPair()).publicKey), 409);
    expect(await deskRow(server.db, hmac.deskId)).toEqual({ desk_key: null, desk_public_key: pair.publicKey });
    expect((await signed.state()).highestSeq).toBe(3);
  });
});

describe('a desk enrolled under the HMAC protocol migrates at its next sync', () => {
  let server: RunningServer;
  const desks: TestDesk[] = [];
  beforeAll(async () => {
    server = await startServer(await openDatabase('pglite'));
    await addOffice(server.db, 'Old Office');
  }, 60_000);
  afterAll(async () => {
    await closeDesksAndServer(desks, server);
  });

  /** A desk enrolled as today, then put back the way an HMAC desk is: a desk key on both sides, no key pair. */
  async function hmacDesk(name: string, sync = FAST_SYNC): Promise<{ desk: TestDesk; deskId: string; deskKey: string }> {
    const desk = await openDesk({ name, sync, openShift: false });
    desks.push(desk);
    const { code } = await createEnrolmentCode(server.db, 'Old Office');
    await desk.services.sync.enrol({ serverUrl: server.url, code });
    const deskId = desk.services.sync.status().deskId!;
    const deskKey = Buffer.alloc(32, name.length).toString('base64url');
    await server.db.query('UPDATE desks SET desk_key = $2, desk_public_key = NULL WHERE id = $1', [deskId, deskKey]);
    withTx(desk.services.db, (tx) => setSyncState(tx, { deskKey, deskPrivateKey: null }));
    return { desk, deskId, deskKey };
  }

  async function serverOps(deskId: string): Promise<string[]> {
    return (await server.db.query<{ id: string }>('SELECT id FROM ops WHERE desk_id = $1 ORDER BY seq', [deskId])).map((r) => r.id);
  }

  it('syncs, hands over its public key, and keeps no HMAC key afterwards, here or on the server', async () => {
    const { desk, deskId, deskKey } = await hmacDesk('old desk');
    const ids = desk.recordVisits(3);
    expect(await desk.services.sync.syncNow()).toMatchObject({ ok: true, pushed: 3, pending: 0 });
    expect(await serverOps(deskId)).toEqual(ids);

    const privateKey = getSyncState(desk.services.db, 'deskPrivateKey');
    expect(privateKey).toBeTruthy();
    expect(getSyncState(desk.services.db, 'deskKey')).toBeNull();
    expect(getSyncState(desk.services.db, 'pendingDeskPrivateKey')).toBeNull();
    expect(await deskRow(server.db, deskId)).toEqual({ desk_key: null, desk_public_key: await deskPublicKeyOf(privateKey!) });
    // The key it had is worth nothing now.
    await expectHttpError(new SyncClient(server.url, { deskId, deskKey }).state(), 401, 'UNAUTHENTICATED');

    // And it keeps syncing with its key pair.
    const more = desk.recordVisits(2);
    expect(await desk.services.sync.syncNow()).toMatchObject({ ok: true, pushed: 2, pending: 0 });
    expect(await serverOps(deskId)).toEqual([...ids, ...more]);
  });

  it('finishes the move when the server took its key but the answer was lost', async () => {
    const { desk, deskId } = await hmacDesk('lost answer');
    // What a lost answer leaves: the pending key on the desk, the server already on it (desk key erased).
    const pending = await generateDeskKeyPair();
    withTx(desk.services.db, (tx) => setSyncState(tx, { pendingDeskPrivateKey: pending.privateKey }));
    await server.db.query('UPDATE desks SET desk_key = NULL, desk_public_key = $2 WHERE id = $1', [deskId, pending.publicKey]);
    const ids = desk.recordVisits(2);
    expect(await desk.services.sync.syncNow()).toMatchObject({ ok: true, pushed: 2, pending: 0 });
    expect(await serverOps(deskId)).toEqual(ids);
    expect(getSyncState(desk.services.db, 'deskPrivateKey')).toBe(pending.privateKey);
    expect(getSyncState(desk.services.db, 'deskKey')).toBeNull();
  });

  it('keeps signing with HMAC against a server that does not take key pairs yet', async () => {
    // A server older than the desk: no /v1/desk-key route.
    const oldServer: typeof fetch = async (url, init) =>
      String(url).endsWith('/v1/desk-key') ? new Response(JSON.stringify({ code: 'NOT_FOUND', message: 'no route' }), { status: 404 }) : fetch(url, init);
    const { desk, deskId, deskKey } = await hmacDesk('old server', { ...FAST_SYNC, fetch: oldServer });
    const ids = desk.recordVisits(2);
    expect(await desk.services.sync.syncNow()).toMatchObject({ ok: true, pushed: 2, pending: 0 });
    expect(await serverOps(deskId)).toEqual(ids);
    expect(getSyncState(desk.services.db, 'deskKey')).toBe(deskKey);
    expect(getSyncState(desk.services.db, 'deskPrivateKey')).toBeNull();
    expect(await deskRow(server.db, deskId)).toEqual({ desk_key: deskKey, desk_public_key: null });
  });
});
