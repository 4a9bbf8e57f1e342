// Who may do what in the console (issue 13; server/console/authorise.ts), on PGlite and PostgreSQL: an office
// manager of office A is refused (403) on every resource of office B and on everything only central administrators
// do, and refused without a change being made; a central administrator can do all of it. Also what central does
// reaches the desks: a rename, a revoked desk (DESK_REVOKED on push and pull), an enrolment code with its link.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresForFile, expectHttpError } from '../support/server-suites';
import { enrolNewDesk, makeOp, openDatabase, type Backend } from '../support/sync-server';
import { addAccount, consoleServer, signedIn, HOST, type Browser, type ConsoleServer } from './console-support';
import { putClerk } from '../../server/store/clerks';
import { createEnrolmentCode, listOffices } from '../../server/store/offices';
import { stats } from '../../server/store/stats';
import type { SyncClient } from '../../common/sync/client';
import { parseEnrolLink } from '../../common/sync/enrol-link';

const pg = postgresForFile();
const ICCID = '8999401000000000029';

describe.each<Backend>(['pglite', 'postgres'])('console authorisation on %s', (backend) => {
  let s: ConsoleServer;
  let manager: Browser;
  let central: Browser;
  const ids = {} as { officeA: string; officeB: string; deskA: string; deskB: string; codeB: string; clerkB: string; conflictB: string; bossId: string };
  let deskB: SyncClient;
  beforeAll(async () => {
    const url = backend === 'postgres' ? await pg().createDatabase('console_authorise') : undefined;
    s = await consoleServer(await openDatabase(backend, url));
    const a = await enrolNewDesk(s, 'Office A', 'A desk');
    const b = await enrolNewDesk(s, 'Office B', 'B desk');
    const b2 = await enrolNewDesk(s, 'Office B', 'B desk 2');
    deskB = b.client;
    Object.assign(ids, { officeA: a.officeId, officeB: b.officeId, deskA: a.deskId, deskB: b.deskId });
    ids.codeB = (await createEnrolmentCode(s.db, 'Office B')).id;
    ids.clerkB = (await putClerk(s.db, { office: 'Office B', username: 'elvin', displayName: 'Elvin M', role: 'clerk', password: 'clerk-pass-1' })).id;
    // A conflict in office B: its two desks bind one SIM to two people.
    await b.client.push([makeOp(1, 'cert.issue', { fin: '5AAAAA1', iccid: ICCID, certType: 'ferdi' })]);
    const r = await b2.client.push([makeOp(1, 'sim.sell', { fin: '5BBBBB2', iccid: ICCID })]);
    ids.conflictB = r.acks[0].conflictId!;
    await addAccount(s.db, { username: 'mgr.a', role: 'manager', offices: ['Office A'] });
    ids.bossId = (await addAccount(s.db, { username: 'boss', role: 'central', name: 'Boss Person' })).id;
    manager = await signedIn(s.app, 'mgr.a');
    central = await signedIn(s.app, 'boss');
  });
  afterAll(async () => {
    await s?.close();
    await s?.db.close();
  });

  it('an office manager sees only their office in lists', async () => {
    expect(((await manager.get('/offices')).body.offices as Array<{ name: string }>).map((o) => o.name)).toEqual(['Office A']);
    expect(((await manager.get('/desks')).body.desks as Array<{ name: string }>).map((d) => d.name)).toEqual(['A desk']);
    expect(((await manager.get('/enrolment-codes')).body.codes as Array<{ officeName: string; state: string; deskName: string }>).map((c) => [c.officeName, c.state, c.deskName])).toEqual([['Office A', 'used', 'A desk']]);
    expect((await manager.get('/clerks')).body.clerks).toEqual([]);
    expect((await manager.get('/conflicts')).body.conflicts).toEqual([]);
    expect(((await manager.get('/reports?by=office')).body.groups as Array<{ key: { office: string } }>).map((g) => g.key.office)).toEqual([]);
    expect(((await central.get('/reports?by=office')).body.groups as Array<{ key: { office: string } }>).map((g) => g.key.office)).toEqual(['Office B']);
  });

  it('an office manager gets 403 on every office-B resource and every central-only route, and nothing changes', async () => {
    const refused: Array<[string, string, unknown?]> = [
      ['GET', `/desks?officeId=${ids.officeB}`],
      ['POST', `/desks/${ids.deskB}/revoke`, { reason: 'not mine' }],
      ['GET', `/enrolment-codes?officeId=${ids.officeB}`],
      ['POST', '/enrolment-codes', { officeId: ids.officeB, ttlHours: 1 }],
      ['POST', `/enrolment-codes/${ids.codeB}/expire`],
      ['GET', `/clerks?officeId=${ids.officeB}`],
      ['POST', '/clerks', { officeId: ids.officeB, username: 'sneaky', displayName: 'Sneaky', role: 'supervisor', password: 'sneaky-pass-1' }],
      ['POST', `/clerks/${ids.clerkB}/password`, { password: 'taken-over-1' }],
      ['POST', `/clerks/${ids.clerkB}/deactivate`],
      ['POST', `/clerks/${ids.clerkB}/reactivate`],
      ['GET', `/conflicts?officeId=${ids.officeB}`],
      ['POST', `/conflicts/${ids.conflictB}/resolve`, { resolution: 'accept', note: 'not mine' }],
      ['GET', `/reports?office=${ids.officeB}`],
      ['GET', '/reports?office=Office%20B'],
      ['GET', '/reports.csv?office=Office%20B'],
      // central administrators only
      ['POST', '/offices', { name: 'Office C', type: 'post' }],
      ['PATCH', `/offices/${ids.officeA}`, { name: 'Office A renamed' }],
      ['GET', '/accounts'],
      ['POST', `/accounts/${ids.bossId}/reactivate`],
      ['POST', '/accounts', { username: 'x.y', displayName: 'X', role: 'central', password: 'long enough pass' }],
      ['POST', '/reference/fees/versions', { validFrom: '2030-01-01', row: { code: 'x' } }],
      ['GET', '/customers?by=fin&value=5AAAAA1'],
      ['GET', '/audit'],
    ];
    for (const [method, path, body] of refused) {
      const r = await manager.request(method, path, body);
      expect(`${method} ${path} → ${r.status} ${r.body.code}`).toBe(`${method} ${path} → 403 CONSOLE_FORBIDDEN`);
    }
    const [desk] = await s.db.query<{ revoked_at: unknown }>('SELECT revoked_at FROM desks WHERE id = $1', [ids.deskB]);
    expect(desk.revoked_at).toBeNull();
    expect((await s.db.query(`SELECT 1 FROM central_rows WHERE table_name = 'clerks' AND row->>'username' = 'sneaky'`)).length).toBe(0);
    expect((await s.db.query(`SELECT status FROM conflicts WHERE id = $1`, [ids.conflictB]))[0].status).toBe('open');
    expect((await s.db.query(`SELECT name FROM offices ORDER BY name`)).map((r) => r.name)).toEqual(['Office A', 'Office B']);
    // Each refusal is in the audit log.
    const [{ n }] = await s.db.query<{ n: string }>(`SELECT count(*)::text AS n FROM server_audit WHERE actor = 'mgr.a' AND action = 'console.forbidden'`);
    expect(Number(n)).toBe(refused.length);
  });

  it('an office manager works in their own office', async () => {
    const code = await manager.post('/enrolment-codes', { officeId: ids.officeA, ttlHours: 2 });
    expect(code.status).toBe(200);
    // Plain HTTP here: no pin; the link carries the address the console was reached at.
    expect(parseEnrolLink(String(code.body.link))).toEqual({ serverUrl: `http://${HOST}`, code: code.body.code, pin: null });
    const clerk = await manager.post('/clerks', { officeId: ids.officeA, username: 'nigar', displayName: 'Nigar A', role: 'clerk', password: 'nigar-pass-1' });
    expect(clerk.body).toMatchObject({ username: 'nigar', officeName: 'Office A', active: true });
    expect((await manager.post('/clerks', { officeId: ids.officeA, username: 'NIGAR', displayName: 'Again', role: 'clerk', password: 'nigar-pass-2' })).status).toBe(409);
    expect((await manager.post(`/clerks/${String(clerk.body.id)}/deactivate`)).body).toMatchObject({ active: false });
    expect(((await manager.get('/clerks')).body.clerks as Array<{ active: boolean }>)[0].active).toBe(false);
    expect((await manager.post(`/enrolment-codes/${String(code.body.id)}/expire`)).body).toMatchObject({ state: 'expired' });
    expect((await manager.get('/reference')).status).toBe(200);
    // Their own office by name or id in a report is fine.
    expect((await manager.get('/reports?office=Office%20A')).body.filters).toMatchObject({ office: 'Office A' });
    expect((await manager.get(`/reports.csv?office=${ids.officeA}`)).headers['content-disposition']).toBe('attachment; filename="masa-report.csv"');
  });

  it('a central administrator does all of it; the desks hear of a rename, and a revoked desk is refused with DESK_REVOKED', async () => {
    const renamed = await central.request('PATCH', `/offices/${ids.officeB}`, { name: 'Office B (Sumqayıt)', type: 'post' });
    expect(renamed.body).toMatchObject({ name: 'Office B (Sumqayıt)', type: 'post' });
    const pulled = await deskB.pull();
    expect(pulled.changes.findLast((c) => c.table === 'office_profile')?.row).toMatchObject({ name: 'Office B (Sumqayıt)', type: 'post' });

    expect((await central.get(`/desks?officeId=${ids.officeB}`)).status).toBe(200);
    // Both sides of the conflict: the desk's operation as pushed, and whom the server holds the SIM bound to now.
    const [conflict] = (await central.get(`/conflicts?officeId=${ids.officeB}&status=open&reason=iccid_bound_elsewhere`)).body.conflicts as Array<{
      deskName: string;
      operation: { kind: string; payload: { iccid: string } };
      central: { iccidBinding: { subscriber: string } };
    }>;
    expect(conflict).toMatchObject({ deskName: 'B desk 2', operation: { kind: 'sim.sell', payload: { iccid: ICCID } }, central: { iccidBinding: { subscriber: 'fin:5AAAAA1', desk: 'B desk', office: 'Office B (Sumqayıt)' } } });
    // Read by a person: where and when the central record was made, by name, and no internal ids.
    expect(Object.keys((conflict as unknown as { central: { iccidBinding: object } }).central.iccidBinding)).not.toContain('office_id');
    expect((await central.post(`/clerks/${ids.clerkB}/password`, { password: 'new-clerk-pass' })).status).toBe(200);
    // Deactivated and back: the row the desks pull says so each time.
    const clerkRow = async () => (await s.db.query<{ row: { active: boolean } }>(`SELECT row FROM central_rows WHERE table_name = 'clerks' AND key = $1`, [ids.clerkB]))[0].row;
    expect((await central.post(`/clerks/${ids.clerkB}/deactivate`)).body).toMatchObject({ active: false });
    expect((await clerkRow()).active).toBe(false);
    expect((await central.post(`/clerks/${ids.clerkB}/reactivate`)).body).toMatchObject({ active: true });
    expect((await clerkRow()).active).toBe(true);
    const resolved = await central.post(`/conflicts/${ids.conflictB}/resolve`, { resolution: 'reject', note: 'the first sale stands' });
    expect(resolved.body).toMatchObject({ status: 'rejected', resolvedBy: 'Boss Person (boss)' });
    expect((await central.get(`/reports?office=${ids.officeB}`)).status).toBe(200);
    // The customer search subscribes no office to the customer (a desk's look-up does: store/customers.ts).
    const keeping = async () => (await s.db.query(`SELECT office_id FROM office_customers WHERE subject = 'fin:5AAAAA1' ORDER BY office_id`)).map((r) => r.office_id);
    const before = await keeping();
    const found = await central.get('/customers?by=fin&value=5AAAAA1');
    expect((found.body.summary as { certificates: unknown[] }).certificates).toHaveLength(1);
    expect((await central.get('/customers?by=fin&value=5ZZZZZ9')).body.summary).toBeNull();
    expect(await keeping()).toEqual(before);

    const deskCount = async () => (await listOffices(s.db)).find((o) => o.id === ids.officeB)!.desks;
    const desksBefore = await deskCount();
    const revoked = await central.post(`/desks/${ids.deskB}/revoke`, { reason: 'stolen laptop' });
    // No longer one of the office's desks (`masa-server office list`), counted apart in `stats`.
    expect(await deskCount()).toBe(desksBefore - 1);
    expect(await stats(s.db)).toMatchObject({ revokedDesks: 1 });
    expect(revoked.body).toMatchObject({ revokedBy: 'Boss Person (boss)', revokeReason: 'stolen laptop' });
    await expectHttpError(deskB.pull(), 401, 'DESK_REVOKED');
    await expectHttpError(deskB.push([makeOp(2)]), 401, 'DESK_REVOKED');
    expect((await central.post(`/desks/${ids.deskB}/revoke`, { reason: 'again' })).status).toBe(409);
    const actions = (await s.db.query<{ action: string }>(`SELECT action FROM server_audit WHERE actor = 'boss' ORDER BY seq`)).map((r) => r.action);
    expect(actions).toEqual(['console.signIn', 'office.update', 'clerk.password', 'clerk.deactivate', 'clerk.reactivate', 'conflict.resolve', 'customer.lookup', 'customer.lookup', 'desk.revoke']);
  });
});
