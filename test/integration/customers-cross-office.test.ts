// One customer, two offices, one server (issue 9, items 2 and 3): a desk of the second office looks the customer up by
// every identifier and gets the first office's records (naming that office); the answer stays in its replica and
// answers offline with its time; later changes made at the first office come down with the second office's pull (also
// to its other desk, which never asked); a POA registered at the first office is used at the second after a look-up;
// customers not seen for the retention period leave the replica.
import { describe, expect, it } from 'vitest';
import { citizen, iccid, imei, type TestDesk } from '../support/desk';
import { desksWithServer } from '../support/server-suites';
import { poaInput } from '../support/poa';
import type { CustomerView } from '../../common/ipc/channels/customers';

const ASXM = 'ASXM Bakı-1';
const OPERATOR = 'Bakcell Nizami';
const today = () => new Date().toISOString().slice(0, 10);
const customer = citizen({ fin: '4KLMNP1', documentNumber: 'AA5550001', surname: 'MƏMMƏDOVA', givenName: 'GÜNEL' });
const SIM = iccid('5550000001');
const NUMBER = '+994555550001';
const IMEI = imei('35693803555000');

describe('customers across offices', () => {
  const net = desksWithServer([ASXM, { name: OPERATOR, type: 'operator' }]);
  const desks: Record<string, TestDesk> = {};

  async function synced(d: TestDesk): Promise<void> {
    expect(await d.services.sync.syncNow()).toMatchObject({ ok: true, pending: 0, failed: 0 });
  }
  const lookup = (d: TestDesk, by: string, value: string) => d.call<CustomerView | null>('customers:lookup', { by, value });

  it('a desk of another office finds the customer by FIN, document, ICCID, number and IMEI, with each record’s office', async () => {
    const asxm = (desks.asxm = await net.desk('asxm-1', ASXM));
    const operator = (desks.operator = await net.desk('operator-1', OPERATOR));
    const visit = await asxm.newVisit(customer);
    await asxm.call('cert:issue', { visitId: visit.id, certType: 'ferdi', holder: 'self', msisdn: NUMBER, sim: { readId: await asxm.readSim(SIM) } });
    await asxm.call('imei:register', {
      visitId: visit.id, fin: '4KLMNP1', documentSeries: 'AA', documentNumber: '5550001', imei: IMEI, securityCode: '9911', msisdn: NUMBER, devicePriceMinor: 45000, paymentType: 'cash',
    });
    await asxm.call('payments:pay', { visitId: visit.id, method: 'card' });
    await asxm.call('visits:close', { id: visit.id });
    await synced(asxm);

    for (const [by, value] of [['fin', '4klmnp1'], ['document', 'AA5550001'], ['iccid', SIM], ['msisdn', '0555550001'], ['imei', IMEI]] as const) {
      const found = await lookup(operator, by, value);
      expect(found, `${by} ${value}`).toMatchObject({ source: 'server', customer: { key: 'fin:4KLMNP1', surname: 'MƏMMƏDOVA', givenName: 'GÜNEL' } });
    }
    const view = (await lookup(operator, 'fin', '4KLMNP1'))!;
    expect(Date.parse(view.asOf!)).toBeGreaterThan(Date.now() - 60_000);
    expect(view.customer.documents).toEqual([expect.objectContaining({ type: 'id-card', number: 'AA5550001', officeName: ASXM })]);
    expect(view.certificates).toEqual([expect.objectContaining({ msisdn: NUMBER, iccid: SIM, status: 'active', officeName: ASXM, renewal: 'not-yet' })]);
    expect(view.sims).toEqual([expect.objectContaining({ iccid: SIM, msisdn: NUMBER, state: 'bound', officeName: ASXM })]);
    expect(view.imeiRegistrations).toEqual([expect.objectContaining({ imei: IMEI, officeName: ASXM })]);
    expect(JSON.stringify(view)).not.toContain('9911'); // the device's security code is for the registry only
    expect(view.visits).toEqual([expect.objectContaining({ id: visit.id, state: 'closed', officeName: ASXM })]);
    expect(await lookup(operator, 'fin', '9ZZZZZ9')).toBeNull();
    // The certificate's status asked at the operator office, after the look-up.
    expect(await operator.call('cert:status', { fin: '4KLMNP1' })).toEqual([expect.objectContaining({ iccid: SIM, status: 'active' })]);
  });

  it('answers offline from the replica, saying when it last heard from the server', async () => {
    const { operator } = desks;
    const online = (await lookup(operator, 'document', 'AA5550001'))!;
    await net.stop();
    try {
      const offline = (await lookup(operator, 'msisdn', NUMBER))!;
      expect(offline).toMatchObject({ source: 'replica', asOf: online.asOf, customer: { key: 'fin:4KLMNP1' } });
      expect(offline.certificates.map((c) => c.officeName)).toEqual([ASXM]);
      expect(offline.visits.map((v) => v.officeName)).toEqual([ASXM]);
    } finally {
      await net.restart();
    }
  });

  it('changes made at the first office reach the second office’s desks through their pull (also a desk that never asked)', async () => {
    const { asxm, operator } = desks;
    const other = (desks.other = await net.desk('operator-2', OPERATOR));
    await synced(other);
    const visit = await asxm.newVisit(customer);
    const renewedSim = iccid('5550000002');
    await asxm.call('sim:duplicate', { visitId: visit.id, msisdn: NUMBER, reason: 'damaged', oldIccid: SIM, newSim: { readId: await asxm.readSim(renewedSim) } });
    await synced(asxm);
    await synced(operator);
    await synced(other);
    await net.stop();
    try {
      for (const d of [operator, other]) {
        const v = (await lookup(d, 'fin', '4KLMNP1'))!;
        expect(v.source).toBe('replica');
        expect(v.certificates).toEqual([expect.objectContaining({ iccid: SIM, status: 'needs-reissue' })]);
        expect(v.visits.map((x) => x.id)).toContain(visit.id);
        expect(v.sims.find((s) => s.iccid === renewedSim)).toMatchObject({ state: 'bound', officeName: ASXM });
      }
    } finally {
      await net.restart();
    }
  });

  it('a POA registered at the first office is used at the second after a look-up', async () => {
    const { asxm, operator } = desks;
    const trustee = citizen({ fin: '7TRST01', documentNumber: 'AA7770001', surname: 'QASIMOV', givenName: 'ELNUR' });
    const at = await asxm.newVisit(trustee);
    const { poa } = await asxm.call<{ poa: { id: string } }>('poa:create', {
      visitId: at.id, ...poaInput({ principal: { kind: 'person', fin: '4KLMNP1', name: 'Məmmədova Günel' }, trustee: { fin: '7TRST01' }, notaryDate: today(), validFrom: today(), validTo: '2030-12-31', scope: ['sim.sell'] }),
    });
    await synced(asxm);

    const there = await operator.newVisit(trustee);
    const sale = { visitId: there.id, actingFor: { poaId: poa.id }, msisdn: '+994555550009', tariff: 'ferdi', sim: { readId: await operator.readSim(iccid('5550000009')) } };
    expect((await operator.callRaw('sim:sell', sale)).error?.code).toBe('NOT_FOUND');
    const t = (await lookup(operator, 'fin', '7TRST01'))!;
    expect(t.poas.received).toEqual([expect.objectContaining({ id: poa.id, principalKey: 'fin:4KLMNP1', officeName: ASXM, revokedAt: null })]);
    const sold = await operator.call<{ operation: { poaId: string; subject: string } }>('sim:sell', { ...sale, sim: { readId: await operator.readSim(iccid('5550000009')) } });
    expect(sold.operation).toMatchObject({ poaId: poa.id, subject: 'fin:4KLMNP1' });
    await synced(operator);
    const principal = (await lookup(asxm, 'fin', '4KLMNP1'))!;
    expect(principal.sims.find((s) => s.iccid === iccid('5550000009'))).toMatchObject({ state: 'bound', officeName: OPERATOR });
  });

  it('forgets, after a pull, customers the office has not seen for the retention period; keeps one seen since', async () => {
    const { operator } = desks;
    expect(await operator.call('customers:replicaSettings')).toEqual({ retentionDays: 180 });
    operator.clock.set(new Date(Date.now() + 181 * 86_400_000).toISOString());
    try {
      // 181 days on, the trustee comes back (looked up again); the principal has not been seen here since.
      expect(await lookup(operator, 'fin', '7TRST01')).toMatchObject({ source: 'server' });
      await synced(operator); // retention runs after the pull
      await net.stop();
      try {
        expect(await lookup(operator, 'iccid', SIM)).toBeNull();
        expect(await lookup(operator, 'fin', '4KLMNP1')).toBeNull();
        expect(await operator.call('customers:search', { query: 'MAMMADOVA' })).toEqual([]);
        expect(await lookup(operator, 'fin', '7TRST01')).toMatchObject({ source: 'replica', customer: { surname: 'QASIMOV' } });
      } finally {
        await net.restart();
      }
    } finally {
      operator.clock.set(new Date().toISOString());
    }
  });
});
