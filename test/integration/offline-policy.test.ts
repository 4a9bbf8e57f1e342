// The per-operation offline policy (issue 9, item 4) on desks enrolled with a server: a SIM duplicate (fresh-check,
// 24 h) goes ahead once the desk has asked the server about the customer — which it does by itself when online — is
// still allowed offline within the day, and is refused after it, or for a customer never checked centrally; an
// online-only kind is refused offline; a revocation never is. Reference edits change the policy without a release.
import { describe, expect, it } from 'vitest';
import { ADMIN, citizen, failure, iccid, type TestDesk } from '../support/desk';
import { desksWithServer } from '../support/server-suites';
import { setReferenceTable } from '../../server/store/reference';
import officeOperations from '../../resources/reference-data/office_operations.json';
import type { OfflineDecisionView } from '../../common/ipc/channels/flows';

const OFFICE = 'Bakcell Nizami';
const customer = citizen({ fin: '6PQR123', documentNumber: 'AA1112223', surname: 'HƏSƏNOVA', givenName: 'NƏRGİZ' });
const stranger = citizen({ fin: '4STU567', documentNumber: 'AA9998887', surname: 'QULİYEV', givenName: 'KAMRAN' });

describe('offline policy per operation kind', () => {
  const net = desksWithServer([{ name: OFFICE, type: 'operator' }]);

  const policy = (d: TestDesk, visitId: string) => d.call<Record<string, OfflineDecisionView>>('flows:offlinePolicy', { visitId });
  const duplicate = async (d: TestDesk, visitId: string, msisdn: string, oldSim: string, newSim: string) =>
    d.callRaw('sim:duplicate', { visitId, msisdn, reason: 'damaged', oldIccid: oldSim, newSim: { readId: await d.readSim(newSim) } });

  it('a SIM duplicate needs a central check of the customer within 24 hours; online the desk makes it by itself', async () => {
    const d = await net.desk('policy-a', OFFICE);
    const sold = await d.newVisit(customer);
    await d.call('sim:sell', { visitId: sold.id, msisdn: '+994551230001', tariff: 'ferdi', sim: { readId: await d.readSim(iccid('8000000201')) } });
    expect((await d.services.sync.syncNow()).ok).toBe(true);

    // Online: opening the visit asks the server, so the duplicate is allowed, and says when the check was made.
    const v = await d.newVisit(customer);
    const online = await policy(d, v.id);
    expect(online['sim.duplicate']).toMatchObject({ mode: 'fresh-check', maxAgeHours: 24, allowed: true, refusal: null });
    expect(online['sim.duplicate'].checkedAt).not.toBeNull();
    expect(online['poa.create']).toMatchObject({ mode: 'allowed', allowed: true });

    // Offline the same day: still allowed (the check is fresh), and done.
    await net.stop();
    try {
      const r = await duplicate(d, v.id, '+994551230001', iccid('8000000201'), iccid('8000000202'));
      expect(r.ok, JSON.stringify(r.error)).toBe(true);

      // A customer this desk never checked centrally, met while offline: refused, before any card is read.
      const s = await d.newVisit(stranger);
      expect((await policy(d, s.id))['sim.duplicate']).toMatchObject({ allowed: false, refusal: 'CENTRAL_CHECK_STALE', checkedAt: null });
      const refused = await duplicate(d, s.id, '+994551239999', iccid('8000000203'), iccid('8000000204'));
      expect(refused.error).toMatchObject({ code: 'CENTRAL_CHECK_STALE', details: { kind: 'sim.duplicate', maxAgeHours: 24, checkedAt: '' } });

      // A day and an hour later, still offline: the customer's check is too old.
      d.clock.set(new Date(Date.now() + 25 * 3_600_000).toISOString());
      const later = await d.newVisit(customer);
      const stale = (await policy(d, later.id))['sim.duplicate'];
      expect(stale).toMatchObject({ allowed: false, refusal: 'CENTRAL_CHECK_STALE', checkedAt: online['sim.duplicate'].checkedAt });
    } finally {
      await net.restart();
    }
  });

  it('a supervisor makes a kind online-only: refused offline; a revocation never is', async () => {
    const d = await net.desk('policy-b', OFFICE);
    await d.call('auth:signIn', ADMIN);
    // The administrator records the registration below: in a shift of her own (the harness opened the clerk's).
    await d.call('shifts:open', { openingFloatMinor: 0 });
    const rows = [
      { code: 'imei.register', validFrom: '2018-01-01', validTo: null, mode: 'online-only', maxAgeHours: null },
      { code: 'poa.revoke', validFrom: '2018-01-01', validTo: null, mode: 'online-only', maxAgeHours: null },
    ];
    await d.call('reference:update', { table: 'offline_policies', rows });
    const v = await d.newVisit(customer);
    expect((await policy(d, v.id))['imei.register']).toMatchObject({ mode: 'online-only', allowed: true });

    await net.stop();
    try {
      // The worker notices on its next attempt.
      await d.services.sync.syncNow().catch(() => undefined);
      const offline = await policy(d, v.id);
      expect(offline['imei.register']).toMatchObject({ mode: 'online-only', allowed: false, refusal: 'OFFLINE_REFUSED' });
      expect(offline['poa.revoke']).toMatchObject({ mode: 'allowed', allowed: true });
      const e = await failure(d, 'imei:register', {
        visitId: v.id, fin: '6PQR123', documentSeries: 'AA', documentNumber: '1112223', imei: '490154203237518', securityCode: '4471', msisdn: '+994551230001',
        paymentType: 'cash', devicePriceMinor: 129990,
      });
      expect(e).toMatchObject({ code: 'OFFLINE_REFUSED', details: { kind: 'imei.register' } });
    } finally {
      await net.restart();
    }
  });
});

describe('operations an office type offers (DOMAIN.md §7)', () => {
  const OPERATOR = 'Azercell Gənclik';
  const POST = 'Azərpoçt Nəsimi';
  const net = desksWithServer([{ name: OPERATOR, type: 'operator' }, { name: POST, type: 'post' }]);
  const policy = (d: TestDesk, visitId: string) => d.call<Record<string, OfflineDecisionView>>('flows:offlinePolicy', { visitId });

  it('once the central office publishes office_operations, a desk offers only its type’s kinds, online or not; before, everything', async () => {
    const operator = await net.desk('op-1', OPERATOR);
    const post = await net.desk('post-1', POST);
    const visit = await post.newVisit(customer);
    // Not published yet (an older server): every kind is offered, as before office types limited anything.
    expect((await policy(post, visit.id))['sim.sell']).toMatchObject({ allowed: true, refusal: null });

    await setReferenceTable(net.server().db, officeOperations);
    for (const d of [operator, post]) expect(await d.services.sync.syncNow()).toMatchObject({ ok: true });

    const atPost = await policy(post, visit.id);
    expect(atPost['imei.register']).toMatchObject({ allowed: true, refusal: null });
    expect(atPost['komis.register']).toMatchObject({ allowed: true, refusal: null });
    expect(atPost['sim.sell']).toMatchObject({ allowed: false, refusal: 'NOT_OFFERED_HERE' });
    expect(atPost['cert.issue']).toMatchObject({ allowed: false, refusal: 'NOT_OFFERED_HERE' });
    // Refused in main, before any card is read, with its own code and sentence.
    const e = await failure(post, 'sim:sell', { visitId: visit.id, msisdn: '+994551230077', tariff: 'ferdi', sim: { readId: await post.readSim(iccid('8000000277')) } });
    expect(e).toMatchObject({ code: 'NOT_OFFERED_HERE', details: { kind: 'sim.sell', officeType: 'post' } });

    const v = await operator.newVisit(customer);
    const atOperator = await policy(operator, v.id);
    expect(atOperator['sim.sell']).toMatchObject({ allowed: true });
    expect(atOperator['poa.revoke']).toMatchObject({ allowed: true });
    expect(atOperator['poa.create']).toMatchObject({ allowed: false, refusal: 'NOT_OFFERED_HERE' });
    expect(atOperator['komis.register']).toMatchObject({ allowed: false, refusal: 'NOT_OFFERED_HERE' });
    // Offline too: the type does not change with the network.
    await net.stop();
    try {
      await operator.services.sync.syncNow().catch(() => undefined);
      expect((await policy(operator, v.id))['cert.issue']).toMatchObject({ allowed: false, refusal: 'NOT_OFFERED_HERE' });
    } finally {
      await net.restart();
    }
  });
});
