// The console's data pages against a real server and desks (issue 13), on PGlite and PostgreSQL: whether each desk
// has a reference table's latest rows (exact: from the pull cursor it presented) and how that flips after it pulls; a
// new dated version; what a desk reports at its pull (pending operations, app version) and its audit chain; console
// accounts and the rules that keep one central administrator; the server's audit log, whose chain a tampered row breaks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresForFile } from '../support/server-suites';
import { enrolNewDesk, openDatabase, type Backend } from '../support/sync-server';
import { addAccount, Browser, consoleServer, signedIn, type ConsoleServer } from './console-support';
import { AUDIT_FULL_WALK_MS } from '../../server/console/audit-log';
import { setReferenceTable } from '../../server/store/reference';
import type { SyncClient } from '../../common/sync/client';
import { AUDIT_GENESIS } from '../../common/audit/chain';
import type { ConsoleAccount, ConsoleDesk } from '../../common/console/api';

const pg = postgresForFile();

/** A desk's whole sync as the app does it: pages until there is no more, each presenting the cursor of the last. */
async function sync(client: SyncClient, cursor: string | undefined): Promise<string> {
  for (;;) {
    const r = await client.pull(cursor);
    cursor = r.cursor;
    if (!r.more) return cursor;
  }
}

describe.each<Backend>(['pglite', 'postgres'])('console data on %s', (backend) => {
  let s: ConsoleServer;
  let central: Browser;
  let desk: { client: SyncClient; deskId: string; officeId: string };
  let cursor: string | undefined;
  beforeAll(async () => {
    const url = backend === 'postgres' ? await pg().createDatabase('console_data') : undefined;
    s = await consoleServer(await openDatabase(backend, url));
    await setReferenceTable(s.db, {
      table: 'fees',
      rows: [
        { code: 'sim.duplicate', validFrom: '2024-07-01', validTo: null, amountMinor: 700 },
        { code: 'imei.register', validFrom: '2024-01-01', validTo: null, amountMinor: 2000 },
      ],
    });
    desk = await enrolNewDesk(s, 'Gəncə ASXM', 'Gəncə 1');
    await addAccount(s.db, { username: 'boss', role: 'central', name: 'Boss Person' });
    central = await signedIn(s.app, 'boss');
  });
  afterAll(async () => {
    await s?.close();
    await s?.db.close();
  });

  const fees = async () => (await central.get('/reference')).body.tables as Array<{ table: string; rows: number; desksHaving: number; desks: number }>;
  const deskHas = async () => ((await central.get('/reference/fees')).body.desks as Array<{ deskName: string; has: boolean }>).map((d) => [d.deskName, d.has]);

  it('tells which desks have a table\'s latest rows: a desk has them once it presents a cursor past the newest change', async () => {
    expect((await fees()).find((t) => t.table === 'fees')).toMatchObject({ rows: 2, desksHaving: 0, desks: 1 });
    expect(await deskHas()).toEqual([['Gəncə 1', false]]);
    // The first sync brings the rows; the server learns the desk holds them from the cursor of its next pull.
    cursor = await sync(desk.client, undefined);
    cursor = await sync(desk.client, cursor);
    expect(await deskHas()).toEqual([['Gəncə 1', true]]);
    expect((await fees()).find((t) => t.table === 'fees')).toMatchObject({ desksHaving: 1, desks: 1 });
  });

  it('adds a dated version: the old row ends the day before, the new one has a key of its own; the desk lacks it until it pulls', async () => {
    const v = await central.post('/reference/fees/versions', { replaces: 'sim.duplicate', validFrom: '2027-01-01', row: { amountMinor: 900 } });
    expect(v.body).toEqual({ key: 'sim.duplicate@2027-01-01', replaced: 'sim.duplicate' });
    const rows = ((await central.get('/reference/fees')).body.rows as Array<{ key: string; row: Record<string, unknown> }>).map((r) => [r.key, r.row.validFrom, r.row.validTo, r.row.amountMinor]);
    expect(rows).toEqual([
      ['imei.register', '2024-01-01', null, 2000],
      ['sim.duplicate', '2024-07-01', '2026-12-31', 700],
      ['sim.duplicate@2027-01-01', '2027-01-01', null, 900],
    ]);
    expect(await deskHas()).toEqual([['Gəncə 1', false]]);
    cursor = await sync(desk.client, cursor);
    cursor = await sync(desk.client, cursor);
    expect(await deskHas()).toEqual([['Gəncə 1', true]]);
    // Refused: the server's own tables, a start not after the replaced row's, a row that is not there.
    expect((await central.post('/reference/clerks/versions', { validFrom: '2027-01-01', row: { code: 'x' } })).status).toBe(400);
    expect((await central.post('/reference/office_profile/versions', { validFrom: '2027-01-01', row: { code: 'x' } })).status).toBe(400);
    expect((await central.post('/reference/fees/versions', { replaces: 'sim.duplicate@2027-01-01', validFrom: '2026-06-01', row: {} })).status).toBe(400);
    expect((await central.post('/reference/fees/versions', { replaces: 'nope', validFrom: '2028-01-01', row: {} })).status).toBe(404);
  });

  it('shows what a desk said at its last pull, when it synced, and its audit chain', async () => {
    const one = async () => ((await central.get(`/desks?officeId=${desk.officeId}`)).body.desks as ConsoleDesk[])[0];
    expect(await one()).toMatchObject({ name: 'Gəncə 1', pending: null, appVersion: null, auditChain: { state: 'none', entries: 0 }, revokedAt: null });
    await desk.client.pull(cursor, undefined, { pending: 3, appVersion: '1.4.0-rc.1' });
    const after = await one();
    expect(after).toMatchObject({ pending: 3, appVersion: '1.4.0-rc.1' });
    expect(Date.parse(after.lastSyncAt!)).toBeGreaterThan(Date.now() - 60_000);
    // A desk older than issue 13 says nothing: what it said before stays.
    await desk.client.pull(cursor);
    expect(await one()).toMatchObject({ pending: 3, appVersion: '1.4.0-rc.1' });
    await desk.client.auditLinks([{ seq: 1, prevHash: AUDIT_GENESIS, hash: 'a'.repeat(64), at: new Date().toISOString(), kind: 'auth.signIn' }]);
    expect((await one()).auditChain).toMatchObject({ state: 'ok', entries: 1, alerts: 0 });
    await desk.client.auditLinks([{ seq: 3, prevHash: 'b'.repeat(64), hash: 'c'.repeat(64), at: new Date().toISOString(), kind: 'auth.signIn' }]);
    // The chain is as long as the desk's last entry (3), the gap at 2 an alert: entries are not counted link by link.
    expect((await one()).auditChain).toMatchObject({ state: 'gap', entries: 3, alerts: 1 });
  });

  it('manages console accounts, and never leaves the server without an active central administrator', async () => {
    const made = await central.post('/accounts', { username: 'mgr.g', displayName: 'Manager G', role: 'manager', officeIds: [desk.officeId], password: 'manager pass 1' });
    expect(made.body).toMatchObject({ username: 'mgr.g', role: 'manager', offices: [{ id: desk.officeId, name: 'Gəncə ASXM' }], active: true });
    expect((await central.post('/accounts', { username: 'MGR.G', displayName: 'Again', role: 'central', password: 'manager pass 1' })).status).toBe(409);
    expect((await central.post('/accounts', { username: 'no.office', displayName: 'X', role: 'manager', password: 'manager pass 1' })).status).toBe(400);
    expect((await central.post('/accounts', { username: 'weak', displayName: 'X', role: 'central', password: 'short' })).body.code).toBe('CONSOLE_WEAK_PASSWORD');
    const id = String(made.body.id);
    for (let i = 0; i < 5; i++) await new Browser(s.app).signIn('mgr.g', 'wrong');
    expect(((await central.get('/accounts')).body.accounts as ConsoleAccount[]).find((a) => a.username === 'mgr.g')?.lockedUntil).not.toBeNull();
    expect((await central.post(`/accounts/${id}/unlock`)).body).toMatchObject({ lockedUntil: null });
    const mgr = await signedIn(s.app, 'mgr.g', 'manager pass 1');
    expect((await central.post(`/accounts/${id}/password`, { password: 'a brand new one' })).status).toBe(200);
    expect((await mgr.get('/session')).status).toBe(401); // their sessions ended
    expect((await new Browser(s.app).signIn('mgr.g', 'a brand new one')).status).toBe(200);
    expect((await central.request('PUT', `/accounts/${id}/offices`, { officeIds: [desk.officeId] })).status).toBe(200);
    expect((await central.post(`/accounts/${id}/deactivate`)).body).toMatchObject({ active: false });
    expect((await new Browser(s.app).signIn('mgr.g', 'a brand new one')).body.code).toBe('CONSOLE_BAD_CREDENTIALS');
    // Back in service with the password it had; reactivating an active account is refused.
    expect((await central.post(`/accounts/${id}/reactivate`)).body).toMatchObject({ active: true, lockedUntil: null });
    expect((await new Browser(s.app).signIn('mgr.g', 'a brand new one')).status).toBe(200);
    expect((await central.post(`/accounts/${id}/reactivate`)).status).toBe(409);

    const me = (await central.get('/session')).body.user as { id: string };
    expect((await central.post(`/accounts/${me.id}/deactivate`)).status).toBe(409);
    const other = await central.post('/accounts', { username: 'boss2', displayName: 'Boss Two', role: 'central', password: 'second boss pass' });
    const boss2 = await signedIn(s.app, 'boss2', 'second boss pass');
    expect((await boss2.post(`/accounts/${me.id}/deactivate`)).status).toBe(200);
    expect((await central.get('/session')).status).toBe(401);
    // boss2 is now the last active central administrator: nobody can retire them.
    expect((await boss2.post(`/accounts/${String(other.body.id)}/deactivate`)).status).toBe(409);
  });

  it('keeps every action in the server\'s audit log, newest first; its chain verifies, and a tampered row breaks it', async () => {
    const boss2 = await signedIn(s.app, 'boss2', 'second boss pass');
    const log = await boss2.get('/audit?limit=500');
    const entries = log.body.entries as Array<{ seq: number; actor: string; action: string; hash: string }>;
    expect(log.body.chainIntact).toBe(true);
    expect(entries[0].seq).toBeGreaterThan(entries[entries.length - 1].seq);
    expect(entries.map((e) => `${e.actor} ${e.action}`)).toEqual(
      expect.arrayContaining(['cli account.add', 'boss reference.version', 'boss account.add', 'mgr.g console.lockedOut', 'boss account.unlock', 'boss2 account.deactivate']),
    );
    const page = await boss2.get(`/audit?before=${entries[1].seq}&limit=1`);
    expect((page.body.entries as Array<{ seq: number }>).map((e) => e.seq)).toEqual([entries[2].seq]);

    const victim = entries.find((e) => e.action === 'reference.version')!;
    await s.db.query(`UPDATE server_audit SET details = jsonb_set(details, '{validFrom}', '"2099-01-01"') WHERE seq = $1`, [victim.seq]);
    expect((await boss2.get('/audit')).body.chainIntact).toBe(false);
    await s.db.query(`UPDATE server_audit SET details = jsonb_set(details, '{validFrom}', '"2027-01-01"') WHERE seq = $1`, [victim.seq]);
    expect((await boss2.get('/audit')).body.chainIntact).toBe(true);
    await s.db.query('DELETE FROM server_audit WHERE seq = $1', [victim.seq]);
    expect((await boss2.get('/audit')).body.chainIntact).toBe(false);
  });

  it('re-walks the whole audit chain at most once a minute; an entry shown is always re-checked, an older edit is found at the next walk', async () => {
    await addAccount(s.db, { username: 'boss3', role: 'central' });
    const boss = await signedIn(s.app, 'boss3');
    await s.db.query('TRUNCATE server_audit');
    for (let i = 0; i < 5; i++) await boss.post('/session/language', { language: i % 2 ? 'az' : 'en' });
    expect((await boss.get('/audit?limit=2')).body.chainIntact).toBe(true);
    const [oldest] = await s.db.query<{ seq: string }>('SELECT seq::text AS seq FROM server_audit ORDER BY seq LIMIT 1');
    await s.db.query(`UPDATE server_audit SET actor = 'someone else' WHERE seq = $1`, [oldest.seq]);
    // Not on the page, and the whole walk is less than a minute old: only what came after it is walked.
    expect((await boss.get('/audit?limit=2')).body.chainIntact).toBe(true);
    // The page that shows it says so at once.
    expect((await boss.get('/audit?limit=100')).body.chainIntact).toBe(false);
    s.clock.now += AUDIT_FULL_WALK_MS;
    expect((await boss.get('/audit?limit=2')).body.chainIntact).toBe(false);
  });
});
