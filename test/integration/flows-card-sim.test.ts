// The SIM duplicate with the new ICCID read from a (virtual) SIM through the card-service adapter: APDUs end to end.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SimApplet } from '../fixtures/vcards/sim-applet';
import { CardServiceSimSource } from '../../electron/main/flows/card-ports';
import { FLOWS, VirtualReader, failure, iccid, openDesk, type TestDesk } from '../support/desk';
import type { Operation } from '../../common/ipc/channels/flows';

let desk: TestDesk;
let reader: VirtualReader<SimApplet>;
beforeEach(async () => {
  reader = new VirtualReader<SimApplet>('sim');
  // The real adapter over a virtual SIM, with issuer prefixes from reference data.
  desk = await openDesk({ ...FLOWS, flowPorts: (services) => ({ sim: new CardServiceSimSource(reader, () => services().flows.reference.iccidIssuers()) }) });
});
afterEach(async () => {
  await desk.dispose();
});

describe('SIM read through the card service', () => {
  it('reads EF_ICCID from the SIM, names the operator from reference data, and the duplicate binds that ICCID', async () => {
    const newIccid = iccid('7700000001', '8999404');
    reader.applet = new SimApplet(newIccid);
    const read = await desk.call<{ readId: string; iccid: string; operator: string | null }>('sim:readIccid', {});
    expect(read).toMatchObject({ iccid: newIccid, operator: 'Nar' });
    const visit = await desk.newVisit();
    const r = await desk.call<{ operation: Operation }>('sim:duplicate', { visitId: visit.id, msisdn: '+994701234567', reason: 'damaged', oldIccid: iccid('7700000000', '8999404'), newSim: { readId: read.readId } });
    expect(r.operation.payload).toMatchObject({ newIccid, iccidSource: 'card', operator: 'Nar' });
    // A read is used once.
    expect((await failure(desk, 'sim:duplicate', { visitId: visit.id, msisdn: '+994701234567', reason: 'damaged', oldIccid: newIccid, newSim: { readId: read.readId } })).code).toBe('ICCID_NOT_READ');
  });

  it('does not accept a SIM whose ICCID fails the Luhn check as read from the card', async () => {
    const good = iccid('7700000002');
    const bad = good.slice(0, -1) + ((Number(good.at(-1)) + 1) % 10);
    reader.applet = new SimApplet(bad);
    const read = await desk.call<{ readId: string; luhnValid: boolean }>('sim:readIccid', {});
    expect(read.luhnValid).toBe(false);
    const visit = await desk.newVisit();
    expect((await failure(desk, 'sim:duplicate', { visitId: visit.id, msisdn: '+994501234567', reason: 'lost', oldIccid: iccid('7700000003'), newSim: { readId: read.readId } })).code).toBe('ICCID_NOT_READ');
  });
});
