// One customer across desks and offices (issue 9): two offices and three desks on one server. A POA registered at one
// desk is usable at the office's other desk — also with the server stopped, from the replica; a certificate issued at
// ASXM and a SIM duplicate at an operator office: back at ASXM the certificate is flagged and re-issued.
import { describe, expect, it } from 'vitest';
import { citizen, iccid, type TestDesk } from '../support/desk';
import { legalVoen } from '../support/desk-doubles';
import { desksWithServer } from '../support/server-suites';
import type { Certificate, Operation, PowerOfAttorney } from '../../common/ipc/channels/flows';

const ASXM = 'ASXM Bakı-1';
const OPERATOR = 'Bakcell Nizami';
const ASXM_GANJA = 'ASXM Gəncə';
const trustee = citizen({ fin: '7XYZ123', documentNumber: 'AA7654321', surname: 'BAĞIROV', givenName: 'ELDAR' });
const customer = citizen();

describe('cross-desk and cross-office records', () => {
  const net = desksWithServer([ASXM, { name: OPERATOR, type: 'operator' }, ASXM_GANJA]);
  const enrolled = (name: string, office: string) => net.desk(name, office);

  async function synced(d: TestDesk): Promise<void> {
    const r = await d.services.sync.syncNow();
    expect(r).toMatchObject({ ok: true, pending: 0, failed: 0 });
  }

  it('a POA registered at desk A is found and used at desk B of the office, also with the server stopped', async () => {
    const a = await enrolled('asxm-a', ASXM);
    const b = await enrolled('asxm-b', ASXM);
    const visitA = await a.newVisit(trustee);
    const { poa } = await a.call<{ poa: PowerOfAttorney }>('poa:create', {
      visitId: visitA.id, principal: { kind: 'person', fin: '5ABCDEF', name: 'Əliyev Rəşad' }, trustee: { fin: '7XYZ123' },
      notaryRegistryNumber: 'N-2026/777', notaryDate: new Date().toISOString().slice(0, 10), validFrom: new Date().toISOString().slice(0, 10),
      validTo: '2030-12-31', scope: ['sim.duplicate', 'cert.issue'],
    });
    await synced(a);
    await synced(b);

    // Desk B's replica has it; the server is not needed any more.
    await net.stop();
    const visitB = await b.newVisit(trustee);
    const found = await b.call<PowerOfAttorney[]>('poa:list', { trusteeKey: 'fin:7XYZ123' });
    expect(found.map((p) => [p.id, p.principalKey, p.status, p.scope])).toEqual([[poa.id, 'fin:5ABCDEF', 'valid', ['sim.duplicate', 'cert.issue']]]);
    const issued = await b.call<{ operation: Operation; certificate: Certificate }>('cert:issue', {
      visitId: visitB.id, actingFor: { poaId: poa.id }, certType: 'ferdi', holder: 'trustee', msisdn: '+994501234567', sim: { readId: await b.readSim(iccid('8000000001')) },
    });
    expect(issued.certificate).toMatchObject({ subject: 'fin:5ABCDEF', holderName: 'Əliyev Rəşad', status: 'active' });
    expect(issued.operation.poaId).toBe(poa.id);
    await net.restart();
  });

  it('ASXM issues, the operator office makes the SIM duplicate, ASXM sees the certificate flagged and re-issues it', async () => {
    const asxm = await enrolled('asxm-c', ASXM);
    const operator = await enrolled('operator-a', OPERATOR);
    const oldSim = iccid('8000000101');
    const newSim = iccid('8000000102');
    const v1 = await asxm.newVisit(customer);
    const { certificate } = await asxm.call<{ certificate: Certificate }>('cert:issue', {
      visitId: v1.id, certType: 'ferdi', holder: 'self', msisdn: '+994551110001', sim: { readId: await asxm.readSim(oldSim) },
    });
    await synced(asxm);

    const v2 = await operator.newVisit(customer);
    const dup = await operator.call<{ certificatesFlagged: number }>('sim:duplicate', {
      visitId: v2.id, msisdn: '+994551110001', reason: 'damaged', oldIccid: oldSim, newSim: { readId: await operator.readSim(newSim) },
    });
    // The duplicate needs a fresh central check (offline policy): the desk asked the server first, so it knows the
    // certificate issued at ASXM and tells the clerk it must be re-issued there.
    expect(dup.certificatesFlagged).toBe(1);
    await synced(operator);

    // Back at ASXM (another desk of the office too): the certificate must be re-issued, and it can be.
    await synced(asxm);
    const v3 = await asxm.newVisit(customer);
    const status = await asxm.call<Certificate[]>('cert:status', { visitId: v3.id });
    expect(status.find((c) => c.id === certificate.id)).toMatchObject({ status: 'needs-reissue' });
    const reissued = await asxm.call<{ certificate: Certificate }>('cert:reissue', { visitId: v3.id, certificateId: certificate.id, sim: { readId: await asxm.readSim(newSim) } });
    expect(reissued.certificate).toMatchObject({ iccid: newSim, status: 'active', type: 'ferdi' });
    await synced(asxm);
    const [central] = await net.server().db.query<{ status: string }>('SELECT status FROM certificates WHERE certificate_id = $1', [certificate.id]);
    expect(central.status).toBe('replaced');

    const other = await enrolled('asxm-d', ASXM);
    await synced(other);
    const seen = await other.call<Certificate[]>('cert:status', { fin: '5ABCDEF' });
    expect(seen.map((c) => [c.id === certificate.id ? 'old' : 'new', c.status]).sort()).toEqual([
      ['new', 'active'],
      ['old', 'replaced'],
    ]);
  });

  it('one Biznes certificate per company: a second one for the same VÖEN, issued at another office unaware, is a conflict the clerk is told of', async () => {
    const baku = await enrolled('asxm-e', ASXM);
    const ganja = await enrolled('asxm-ganja', ASXM_GANJA);
    // A sole trader (VÖEN of a natural person) comes to both offices, each time with another number.
    const voen = legalVoen('30405060').slice(0, 9) + '2';
    const trader = citizen({ fin: '6TRADE1', documentNumber: 'AA6000001', surname: 'NƏSİBOV', givenName: 'ELÇİN' });
    const v1 = await baku.newVisit(trader);
    const first = await baku.call<{ certificate: Certificate }>('cert:issue', {
      visitId: v1.id, certType: 'biznes', holder: 'self', msisdn: '+994552220001', documents: { voen }, sim: { readId: await baku.readSim(iccid('8000000201')) },
    });
    await synced(baku);
    // Gəncə has never seen the trader: its desk's own rules let the issue through; the server holds it back.
    const v2 = await ganja.newVisit(trader);
    const second = await ganja.call<{ operation: Operation }>('cert:issue', {
      visitId: v2.id, certType: 'biznes', holder: 'self', msisdn: '+994552220002', documents: { voen }, sim: { readId: await ganja.readSim(iccid('8000000202')) },
    });
    const r = await ganja.services.sync.syncNow();
    expect(r).toMatchObject({ ok: true, pending: 0, conflicts: 1 });
    const [c] = ganja.services.sync.queue('conflicts', 10);
    expect(c).toMatchObject({ id: second.operation.id, state: 'conflict', ackReason: 'company_certificate_active' });
    const [central] = await net.server().db.query<{ reason: string; details: Record<string, unknown> }>('SELECT reason, details FROM conflicts WHERE op_id = $1', [second.operation.id]);
    expect(central).toMatchObject({ reason: 'company_certificate_active', details: { voen, certificateId: first.certificate.id, msisdn: '+994552220001' } });
    // A Fərdi certificate is the person's own: the same trader gets one at Gəncə on the second number.
    const v3 = await ganja.newVisit(trader);
    await ganja.call('cert:issue', { visitId: v3.id, certType: 'ferdi', holder: 'self', msisdn: '+994552220003', sim: { readId: await ganja.readSim(iccid('8000000203')) } });
    expect(await ganja.services.sync.syncNow()).toMatchObject({ ok: true, pending: 0, conflicts: 1 });
  });
});
