// The Asan İmza SIM sale (sim.sell) through the IPC dispatcher against a real desk database: the number goes onto the
// SIM read from the card, typed ICCIDs need a supervisor, taken numbers and SIMs are refused, the fee comes from
// reference data, and the synced payload is exactly what the server's schema accepts.
import { describe, expect, it } from 'vitest';
import { FLOWS, failure, iccid, type TestDesk, withDeskPerTest } from '../support/desk';
import { FlowApproval, syncPayloadSchemas, type Operation } from '../../common/operations';

let desk: TestDesk;
withDeskPerTest(FLOWS, (d) => (desk = d));

const SIM = iccid('0000000101');
const MSISDN = '+994551234567';


describe('Asan İmza SIM sale', () => {
  it('binds the chosen number to the SIM read from the card, charges the SIM price and queues a valid sync payload', async () => {
    const visit = await desk.newVisit();
    const r = await desk.call<{ operation: Operation; iccid: string; msisdn: string }>('sim:sell', { visitId: visit.id, msisdn: '0551234567', tariff: 'biznes', sim: { readId: await desk.readSim(SIM) } });
    expect(r).toMatchObject({ iccid: SIM, msisdn: MSISDN });
    expect(r.operation).toMatchObject({ kind: 'sim.sell', subject: 'fin:5ABCDEF', feeMinor: 500, approval: null });
    expect(r.operation.payload).toEqual({ msisdn: MSISDN, iccid: SIM, iccidSource: 'card', operator: 'Azercell', tariff: 'biznes' });
    const sim = desk.services.db.prepare('SELECT msisdn, subject, status FROM sim_cards WHERE iccid = ?').get(SIM);
    expect(sim).toEqual({ msisdn: MSISDN, subject: 'fin:5ABCDEF', status: 'active' });
    const [queued] = desk.services.db.prepare("SELECT kind, subject, payload_json AS payload FROM outbox WHERE kind = 'sim.sell'").all() as { kind: string; subject: string; payload: string }[];
    const payload = JSON.parse(queued.payload);
    expect(syncPayloadSchemas['sim.sell'].safeParse(payload).success).toBe(true);
    expect(payload).toMatchObject({ operationId: r.operation.id, visitId: visit.id, feeMinor: 500, fin: '5ABCDEF', iccid: SIM, msisdn: MSISDN });
    // The read was used once: selling again with it is refused.
    const again = await failure(desk, 'sim:sell', { visitId: visit.id, msisdn: '+994551234568', tariff: 'ferdi', sim: { readId: 'made-up' } });
    expect(again).toMatchObject({ code: 'ICCID_NOT_READ', fields: { sim: 'ICCID_NOT_READ' } });
  });

  it('refuses a number already on an active SIM and a SIM already bound, field by field', async () => {
    const visit = await desk.newVisit();
    await desk.call('sim:sell', { visitId: visit.id, msisdn: MSISDN, tariff: 'ferdi', sim: { readId: await desk.readSim(SIM) } });
    const taken = await failure(desk, 'sim:sell', { visitId: visit.id, msisdn: MSISDN, tariff: 'ferdi', sim: { readId: await desk.readSim(iccid('0000000102')) } });
    expect(taken).toMatchObject({ code: 'MSISDN_IN_USE', fields: { msisdn: 'MSISDN_IN_USE' } });
    const bound = await failure(desk, 'sim:sell', { visitId: visit.id, msisdn: '+994551234568', tariff: 'ferdi', sim: { readId: await desk.readSim(SIM) } });
    expect(bound).toMatchObject({ code: 'ICCID_IN_USE', fields: { sim: 'ICCID_IN_USE' } });
    const badNumber = await failure(desk, 'sim:sell', { visitId: visit.id, msisdn: '+99412345', tariff: 'ferdi', sim: { readId: await desk.readSim(iccid('0000000103')) } });
    expect(Object.keys(badNumber.fields ?? {})).toEqual(['msisdn']);
  });

  it('accepts a typed ICCID only with a supervisor approval, recorded on the operation', async () => {
    const visit = await desk.newVisit();
    const typed = iccid('0000000104');
    expect((await failure(desk, 'sim:sell', { visitId: visit.id, msisdn: MSISDN, tariff: 'ferdi', sim: { typedIccid: typed, approvalId: 'nope' } })).code).toBe('APPROVAL_REQUIRED');
    const approvalId = await desk.approve(FlowApproval.TypedIccid, 'SIM chip unreadable, ICCID from the box');
    const { operation } = await desk.call<{ operation: Operation }>('sim:sell', { visitId: visit.id, msisdn: MSISDN, tariff: 'ferdi', sim: { typedIccid: typed, approvalId } });
    expect(operation.approval).toMatchObject({ action: FlowApproval.TypedIccid, reason: 'SIM chip unreadable, ICCID from the box' });
    expect(operation.payload.iccidSource).toBe('typed');
  });
});
