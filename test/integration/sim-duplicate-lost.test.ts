// A SIM duplicate for a lost SIM (issue 14 #8): the customer no longer has the old SIM, so its ICCID is optional; the
// SIM bound to the number is retired all the same — found from the number on the desk, or by the server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLOWS, failure, iccid, type TestDesk, withDeskPerSuite } from '../support/desk';
import { enrolNewDesk, makeOp, openDatabase, startServer, type RunningServer } from '../support/sync-server';
import type { Operation } from '../../common/ipc/channels/flows';

describe('SIM duplicate at the desk, reason lost', () => {
  let desk: TestDesk;
  withDeskPerSuite(FLOWS, (d) => (desk = d));


  it('needs no old ICCID: the SIM this desk knows on the number is retired', async () => {
    const visit = await desk.newVisit();
    await desk.call('cert:issue', { visitId: visit.id, certType: 'ferdi', holder: 'self', msisdn: '+994501230001', sim: { readId: await desk.readSim(iccid('7000000001')) } });
    const r = await desk.call<{ operation: Operation; retiredIccid: string | null }>('sim:duplicate', {
      visitId: visit.id, msisdn: '+994501230001', reason: 'lost', oldIccid: '', newSim: { readId: await desk.readSim(iccid('7000000002')) },
    });
    expect(r.retiredIccid).toBe(iccid('7000000001'));
    expect(r.operation.payload).toMatchObject({ oldIccid: iccid('7000000001'), newIccid: iccid('7000000002'), reason: 'lost' });
  });

  it('a number this desk has never seen: the server retires its SIM (the payload says no old ICCID)', async () => {
    const visit = await desk.newVisit();
    const r = await desk.call<{ operation: Operation; retiredIccid: string | null }>('sim:duplicate', {
      visitId: visit.id, msisdn: '+994501230002', reason: 'lost', oldIccid: '  ', newSim: { readId: await desk.readSim(iccid('7000000003')) },
    });
    expect(r.retiredIccid).toBeNull();
    expect(r.operation.payload).toMatchObject({ oldIccid: null, newIccid: iccid('7000000003') });
  });

  it('still needs the old ICCID for the other reasons (the customer has the SIM)', async () => {
    const visit = await desk.newVisit();
    for (const reason of ['damaged', 'puk-blocked', 'esim-change']) {
      const e = await failure(desk, 'sim:duplicate', { visitId: visit.id, msisdn: '+994501230003', reason, oldIccid: '', newSim: { readId: await desk.readSim(iccid('7000000004')) } });
      expect(e.fields, reason).toEqual({ oldIccid: 'REQUIRED' });
    }
  });
});

describe('SIM duplicate at the server, reason lost without the old ICCID', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(await openDatabase('pglite'));
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await server?.db.close();
  });

  it('retires the SIM bound to the number and binds the new one', async () => {
    const desk = await enrolNewDesk(server, 'Lost Office');
    const subject = 'fin:5LOSTS1';
    const sold = makeOp(1, 'sim.sell', { msisdn: '+994557770001', iccid: '8999401000000000300' }, { subject });
    expect((await desk.client.push([sold])).acks[0].status).toBe('applied');
    const dup = makeOp(2, 'sim.duplicate', { msisdn: '+994557770001', reason: 'lost', oldIccid: null, newIccid: '8999401000000000318', iccidSource: 'card' }, { subject });
    expect((await desk.client.push([dup])).acks[0].status).toBe('applied');
    const bindings = await server.db.query<{ iccid: string }>('SELECT iccid FROM iccid_bindings WHERE msisdn = $1', ['+994557770001']);
    expect(bindings.map((b) => b.iccid)).toEqual(['8999401000000000318']);
    const [retired] = await server.db.query<{ iccid: string }>('SELECT iccid FROM retired_iccids WHERE iccid = $1', ['8999401000000000300']);
    expect(retired?.iccid).toBe('8999401000000000300');
  });

  it('never retires another subscriber’s SIM found from the number: a conflict for a supervisor', async () => {
    const desk = await enrolNewDesk(server, 'Lost Office 2');
    const sold = makeOp(1, 'sim.sell', { msisdn: '+994557770002', iccid: '8999401000000000326' }, { subject: 'fin:5OWNER1' });
    expect((await desk.client.push([sold])).acks[0].status).toBe('applied');
    const dup = makeOp(2, 'sim.duplicate', { msisdn: '+994557770002', reason: 'lost', oldIccid: null, newIccid: '8999401000000000334', iccidSource: 'card' }, { subject: 'fin:5OTHER2' });
    expect((await desk.client.push([dup])).acks[0]).toMatchObject({ status: 'conflict', reason: 'msisdn_bound_elsewhere' });
    const [binding] = await server.db.query<{ subscriber: string }>('SELECT subscriber FROM iccid_bindings WHERE iccid = $1', ['8999401000000000326']);
    expect(binding.subscriber).toBe('fin:5OWNER1');
  });
});
