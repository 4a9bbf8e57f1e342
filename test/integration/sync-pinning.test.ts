// The desk's channel to the server (issue 10, hole 2): HTTPS with the server's key pinned at enrolment, or plain
// HTTP that never leaves the machine. A server at the desk's server address holding another key gets no request at
// all — it could otherwise feed the desk clerk accounts (a fake supervisor signed in and added another one).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serverTls, type ServerTls } from '../../server/tls';
import { addOffice, createEnrolmentCode } from '../../server/store/offices';
import { putClerk } from '../../server/store/clerks';
import { signClerk } from '../../node-common/clerk-signature';
import { openDatabase, startServer, type RunningServer } from '../support/sync-server';
import { openDesk, type TestDesk } from '../support/desk';
import type { Database } from '../../server/db/adapter';

const OFFICE = 'ASXM Mingəçevir';

describe('a desk enrolled over HTTPS with the server key pin', () => {
  const dir = mkdtempSync(join(tmpdir(), 'masa-pin-'));
  let db: Database;
  let real: ServerTls;
  let other: ServerTls;
  let server: RunningServer;
  let desk: TestDesk;
  beforeAll(async () => {
    [real, other] = await Promise.all([serverTls({ dataDir: join(dir, 'a') }), serverTls({ dataDir: join(dir, 'b') })]);
    db = await openDatabase('pglite');
    await addOffice(db, OFFICE);
    server = await startServer(db, { tls: real });
    desk = await openDesk({ signIn: 'admin' });
  });
  afterAll(async () => {
    await desk.close();
    await server.close();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const code = async () => (await createEnrolmentCode(db, OFFICE)).code;
  const enrol = (over: Record<string, unknown>) => desk.callRaw('sync:enrol', { serverUrl: server.url, deskName: 'desk', ...over });

  it('refuses plain http:// to another machine, an https address without a pin, a malformed pin and the wrong key', async () => {
    expect((await enrol({ serverUrl: 'http://10.20.30.40:8787', code: await code() })).error).toMatchObject({ code: 'INVALID_INPUT', fields: { serverUrl: 'URL_INSECURE' } });
    expect((await enrol({ code: await code() })).error).toMatchObject({ fields: { pin: 'PIN_REQUIRED' } });
    expect((await enrol({ code: await code(), pin: 'sha256/short' })).error).toMatchObject({ fields: { pin: 'PIN_FORMAT' } });
    const wrongKey = await code();
    expect((await enrol({ code: wrongKey, pin: other.pin })).error).toMatchObject({ code: 'SYNC_FAILED', fields: { pin: 'PIN_MISMATCH' } });
    // The code never reached the server: it is still unused.
    expect(await db.query('SELECT 1 FROM enrolment_codes WHERE used_at IS NOT NULL')).toEqual([]);
    expect(desk.services.sync.status().enrolled).toBe(false);
  });

  it('syncs with the pinned server, and refuses a server presenting another key at the same address', async () => {
    const r = await enrol({ code: await code(), pin: real.pin });
    expect(r.ok).toBe(true);
    desk.enqueue('visit.close', 'fin:5ABCDEF', { visitId: '0190c0de-0000-7000-8000-000000000001', reason: 'clerk', clerkId: 'c', closedAt: new Date().toISOString() });
    expect(await desk.services.sync.syncNow()).toMatchObject({ ok: true, pending: 0 });

    // Same address, same database, another key: nothing is sent to it.
    const port = Number(new URL(server.url).port);
    await server.close();
    server = await startServer(db, { tls: other, port });
    const [{ n: before }] = await db.query<{ n: string }>('SELECT count(*)::text AS n FROM ops');
    desk.enqueue('visit.close', 'fin:5ABCDEF', { visitId: '0190c0de-0000-7000-8000-000000000002', reason: 'clerk', clerkId: 'c', closedAt: new Date().toISOString() });
    const refused = await desk.services.sync.syncNow();
    expect(refused.ok).toBe(false);
    expect(refused.error).toMatch(/another key/);
    expect(desk.services.sync.status().error).toMatch(/another key/);
    const [{ n: after }] = await db.query<{ n: string }>('SELECT count(*)::text AS n FROM ops');
    expect(after).toBe(before);

    // The real server back: the desk goes on.
    await server.close();
    server = await startServer(db, { tls: real, port });
    expect(await desk.services.sync.syncNow()).toMatchObject({ ok: true, pending: 0 });
  });

  it('takes clerk accounts only as the server signed them, and checks them again at every sign-in', async () => {
    expect(desk.services.sync.status().enrolled).toBe(true);
    const signer = (row: Parameters<typeof signClerk>[0]) => signClerk(row, real.key);
    await putClerk(db, { office: OFFICE, username: 'leyla', displayName: 'Leyla Həsənova', role: 'clerk', password: 'leyla-pass-123' }, signer);
    // Written into the server's database by someone without its key (or served by anyone who is not the server).
    await putClerk(db, { office: OFFICE, username: 'fake.sup', displayName: 'Made Up', role: 'supervisor', password: 'made-up-pass-1' });
    expect(await desk.services.sync.syncNow()).toMatchObject({ ok: true });
    await desk.call('auth:signOut');
    expect((await desk.callRaw('auth:signIn', { username: 'fake.sup', password: 'made-up-pass-1' })).error?.code).toBe('BAD_CREDENTIALS');
    expect(await desk.call('auth:signIn', { username: 'leyla', password: 'leyla-pass-123' })).toMatchObject({ clerk: { username: 'leyla', role: 'clerk' } });
    await desk.call('auth:signOut');

    // The desk's copy raised to supervisor in its database: no one signs in with it.
    desk.services.db.prepare("UPDATE clerks SET role = 'supervisor' WHERE username = 'leyla'").run();
    expect((await desk.callRaw('auth:signIn', { username: 'leyla', password: 'leyla-pass-123' })).error?.code).toBe('BAD_CREDENTIALS');
    // …nor with the pulled row edited to match: the server's signature no longer holds.
    const row = desk.services.db.prepare(`SELECT row_json FROM central_rows WHERE table_name = 'clerks' AND row_json LIKE '%"leyla"%'`).pluck().get() as string;
    expect(row).toContain('"role":"clerk"');
    desk.services.db.prepare("UPDATE central_rows SET row_json = ? WHERE table_name = 'clerks' AND row_json = ?").run(row.replace('"role":"clerk"', '"role":"supervisor"'), row);
    expect((await desk.callRaw('auth:signIn', { username: 'leyla', password: 'leyla-pass-123' })).error?.code).toBe('BAD_CREDENTIALS');
  });
});
