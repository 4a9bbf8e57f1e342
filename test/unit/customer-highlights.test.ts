// What the customer page and the visit page point out about a customer (renderer/src/customers/highlights.ts).
import { describe, expect, it } from 'vitest';
import { freshnessOf, highlightsOf } from '../../renderer/src/customers/highlights';
import type { CustomerView } from '../../common/ipc/channels/customers';

const office = { officeId: 'o1', officeName: 'ASXM Bakı-1' };
const cert = (over: Partial<CustomerView['certificates'][number]>): CustomerView['certificates'][number] => ({
  id: 'c1', subject: 'fin:5ABCDE1', holderName: 'Məmmədova Leyla', type: 'ferdi', msisdn: '+994551234567', iccid: '8999401000000000017',
  validFrom: '2024-01-10', validTo: '2027-01-10', status: 'active', issuedAt: '2024-01-10T09:00:00Z', operationId: 'op1', replacesId: null,
  daysLeft: 40, renewal: 'not-yet', typeChangeFrom: '2027-01-10', ...office, ...over,
});
const poa = (over: Partial<CustomerView['poas']['given'][number]>): CustomerView['poas']['given'][number] => ({
  id: 'p1', principal: { kind: 'person', name: 'Əliyev Tural', fin: '7QW3R5T' } as never, principalKey: 'fin:7QW3R5T', trusteeKey: 'fin:5ABCDE1', trusteeName: 'Məmmədova Leyla',
  notaryRegistryNumber: 'N-1', notaryDate: '2026-01-01', validFrom: '2026-01-01', validTo: '2027-01-01', scope: ['sim.duplicate'], letterSha256: null, createdAt: '2026-01-01T09:00:00Z',
  revokedAt: null, revokedReason: null, ...office, ...over,
});
const view = (over: Partial<CustomerView>): CustomerView =>
  ({ customer: {} as never, certificates: [], sims: [], poas: { given: [], received: [] }, services: [], tokenReports: [], imeiRegistrations: [], komisRegistrations: [], visits: [], source: 'server', asOf: '2026-12-01T10:00:00Z', ...over }) as CustomerView;

describe('customer highlights', () => {
  it('puts a certificate to re-issue first, then renewals due and expired ones; replaced ones say nothing', () => {
    const v = view({
      certificates: [
        cert({ id: 'a', renewal: 'online-window', daysLeft: 12 }),
        cert({ id: 'b', status: 'needs-reissue', msisdn: '+994501112233' }),
        cert({ id: 'c', renewal: 'in-person', daysLeft: -3 }),
        cert({ id: 'd', status: 'replaced', renewal: 'online-window' }),
      ],
    });
    expect(highlightsOf(v, '2026-12-01').map((h) => [h.key, h.params.days ?? h.params.msisdn, h.tone])).toEqual([
      ['customerPage.hl.reissue', '+994501112233', 'warn'],
      ['customerPage.hl.renewalDue', 12, 'info'],
      ['customerPage.hl.expired', '+994551234567', 'warn'],
    ]);
  });

  it('names the powers of attorney in force today, not revoked or expired ones', () => {
    const v = view({ poas: { received: [poa({}), poa({ id: 'x', revokedAt: '2026-06-01T00:00:00Z' }), poa({ id: 'y', validTo: '2026-11-30' })], given: [poa({ id: 'g', trusteeName: 'Həsənov Orxan' })] } });
    expect(highlightsOf(v, '2026-12-01').map((h) => [h.key, h.params.name])).toEqual([
      ['customerPage.hl.actsFor', 'Əliyev Tural'],
      ['customerPage.hl.represented', 'Həsənov Orxan'],
    ]);
  });

  it('says where the answer came from', () => {
    expect(freshnessOf({ source: 'server', asOf: '2026-12-01T10:00:00Z' })).toEqual({ key: 'customerPage.fromServer', when: '2026-12-01T10:00:00Z' });
    expect(freshnessOf({ source: 'replica', asOf: '2026-11-30T08:00:00Z' })).toEqual({ key: 'customerPage.fromReplica', when: '2026-11-30T08:00:00Z' });
    expect(freshnessOf({ source: 'replica', asOf: null })).toEqual({ key: 'customerPage.fromJournal', when: null });
  });
});
