// SIM duplicates and Asan İmza certificates through the IPC dispatcher against a real desk database.
import { describe, expect, it } from 'vitest';
import { ADMIN, CLERK, FLOWS, citizen, failure, iccid, legalVoen, type TestDesk, withDeskPerTest } from '../support/desk';
import { FlowApproval, type Certificate, type Operation } from '../../common/ipc/channels/flows';

let desk: TestDesk;
withDeskPerTest(FLOWS, (d) => (desk = d));

const OLD = iccid('0000000001');
const NEW = iccid('0000000002');
const MSISDN = '+994501234567';
const soleTraderVoen = () => legalVoen('20304050').slice(0, 9) + '2';


async function issueFerdi(visitId: string, onIccid = OLD): Promise<{ operation: Operation; certificate: Certificate }> {
  return desk.call('cert:issue', { visitId, certType: 'ferdi', holder: 'self', msisdn: MSISDN, sim: { readId: await desk.readSim(onIccid) } });
}

describe('Asan İmza certificate issue', () => {
  it('issues a 3-year Fərdi certificate onto the SIM read from the card, with the fee from reference data', async () => {
    const visit = await desk.newVisit();
    const { operation, certificate } = await issueFerdi(visit.id);
    expect(certificate).toMatchObject({ type: 'ferdi', iccid: OLD, msisdn: MSISDN, validFrom: '2026-06-01', validTo: '2029-05-31', status: 'active', renewal: 'not-yet' });
    expect(operation.feeMinor).toBe(0);
    expect(operation.payload.iccidSource).toBe('card');
    const ops = await desk.call<Operation[]>('visits:operations', { visitId: visit.id });
    expect(ops.map((o) => o.kind)).toEqual(['cert.issue']);
    expect((await desk.call<{ operations: number }>('visits:get', { id: visit.id })).operations).toBe(1);
  });

  it('refuses an ICCID that was not read from the card, and accepts a typed one only with a supervisor approval', async () => {
    const visit = await desk.newVisit();
    expect((await failure(desk, 'cert:issue', { visitId: visit.id, certType: 'ferdi', holder: 'self', msisdn: MSISDN, sim: { readId: 'made-up' } })).code).toBe('ICCID_NOT_READ');
    const bogusApproval = await failure(desk, 'cert:issue', { visitId: visit.id, certType: 'ferdi', holder: 'self', msisdn: MSISDN, sim: { typedIccid: OLD, approvalId: 'nope' } });
    expect(bogusApproval.code).toBe('APPROVAL_REQUIRED');
    const approvalId = await desk.approve(FlowApproval.TypedIccid, 'SIM chip unreadable, ICCID from the box');
    const { operation } = await desk.call<{ operation: Operation }>('cert:issue', { visitId: visit.id, certType: 'ferdi', holder: 'self', msisdn: MSISDN, sim: { typedIccid: OLD, approvalId } });
    expect(operation.approval).toMatchObject({ action: FlowApproval.TypedIccid, reason: 'SIM chip unreadable, ICCID from the box' });
    expect(operation.payload.iccidSource).toBe('typed');
  });

  it('asks for the documents of DOMAIN.md §3: Biznes needs a VÖEN, Dövlət needs the employer’s form', async () => {
    const visit = await desk.newVisit();
    const biz = await failure(desk, 'cert:issue', { visitId: visit.id, certType: 'biznes', holder: 'self', msisdn: MSISDN, sim: { readId: await desk.readSim(OLD) } });
    expect(biz.code).toBe('DOCUMENTS_MISSING');
    expect(biz.details?.missing).toEqual(['voen']);
    const gov = await failure(desk, 'cert:issue', { visitId: visit.id, certType: 'dovlet', holder: 'employee', msisdn: MSISDN, sim: { readId: await desk.readSim(OLD) } });
    expect(gov.details?.missing).toEqual(['employer-form']);
    const unconfirmed = await failure(desk, 'cert:issue', {
      visitId: visit.id, certType: 'dovlet', holder: 'employee', msisdn: MSISDN, sim: { readId: await desk.readSim(OLD) },
      documents: { employerForm: { organisation: 'Nazirlik', confirmedSignedStamped: false } },
    });
    expect(unconfirmed.fields).toEqual({ 'documents.employerForm': 'FORM_NOT_CONFIRMED' });
    const ok = await desk.call<{ certificate: Certificate; operation: Operation }>('cert:issue', {
      visitId: visit.id, certType: 'dovlet', holder: 'employee', msisdn: MSISDN, sim: { readId: await desk.readSim(OLD) },
      documents: { employerForm: { organisation: 'Nazirlik', confirmedSignedStamped: true } },
    });
    expect(ok.certificate.type).toBe('dovlet');
    expect(ok.operation.feeMinor).toBe(1600);
  });

  it('refuses a type change inside the 3-year period unless a supervisor approves it', async () => {
    const visit = await desk.newVisit();
    await issueFerdi(visit.id);
    const again = await failure(desk, 'cert:issue', { visitId: visit.id, certType: 'ferdi', holder: 'self', msisdn: MSISDN, sim: { readId: await desk.readSim(OLD) } });
    expect(again.code).toBe('CERT_ALREADY_ACTIVE');
    const change = { visitId: visit.id, certType: 'biznes', holder: 'self', msisdn: MSISDN, documents: { voen: soleTraderVoen() } };
    const early = await failure(desk, 'cert:issue', { ...change, sim: { readId: await desk.readSim(OLD) } });
    expect(early).toMatchObject({ code: 'TYPE_CHANGE_TOO_EARLY', details: { from: '2029-06-01' } });
    const approvalId = await desk.approve(FlowApproval.EarlyTypeChange, 'type activated wrongly by the operator');
    const changed = await desk.call<{ certificate: Certificate; operation: Operation }>('cert:issue', { ...change, approvalId, sim: { readId: await desk.readSim(OLD) } });
    expect(changed.certificate.type).toBe('biznes');
    expect(changed.operation.approval?.action).toBe(FlowApproval.EarlyTypeChange);
    const all = await desk.call<Certificate[]>('cert:status', { msisdn: MSISDN });
    expect(all.map((c) => [c.type, c.status]).sort()).toEqual([['biznes', 'active'], ['ferdi', 'replaced']]);
  });
});

describe('SIM duplicate', () => {
  it('keeps the number, binds the new SIM, retires the old one and flags the certificates for re-issue', async () => {
    const visit = await desk.newVisit();
    const { certificate } = await issueFerdi(visit.id);
    const dup = await desk.call<{ operation: Operation; certificatesFlagged: number }>('sim:duplicate', {
      visitId: visit.id, msisdn: '050 123 45 67', reason: 'puk-blocked', oldIccid: OLD, newSim: { readId: await desk.readSim(NEW) },
    });
    expect(dup.certificatesFlagged).toBe(1);
    expect(dup.operation.feeMinor).toBe(700);
    expect(dup.operation.payload).toMatchObject({ msisdn: MSISDN, oldIccid: OLD, newIccid: NEW });
    const [flagged] = await desk.call<Certificate[]>('cert:status', { msisdn: MSISDN });
    expect(flagged).toMatchObject({ id: certificate.id, status: 'needs-reissue', renewal: 'not-applicable' });

    // Renewal is not the way after a duplicate; the old SIM cannot be used again.
    expect((await failure(desk, 'cert:renew', { visitId: visit.id, certificateId: certificate.id })).code).toBe('REISSUE_REQUIRED');
    expect((await failure(desk, 'cert:reissue', { visitId: visit.id, certificateId: certificate.id, sim: { readId: await desk.readSim(OLD) } })).code).toBe('ICCID_RETIRED');
    const re = await desk.call<{ certificate: Certificate }>('cert:reissue', { visitId: visit.id, certificateId: certificate.id, sim: { readId: await desk.readSim(NEW) } });
    expect(re.certificate).toMatchObject({ iccid: NEW, type: 'ferdi', status: 'active' });

    // A second duplicate naming the retired SIM as "old" is refused.
    const third = iccid('0000000003');
    expect((await failure(desk, 'sim:duplicate', { visitId: visit.id, msisdn: MSISDN, reason: 'lost', oldIccid: OLD, newSim: { readId: await desk.readSim(third) } })).code).toBe('ICCID_RETIRED');
  });

  it('refuses another subscriber’s number, a non-mobile number and a SIM already in use', async () => {
    const owner = await desk.newVisit();
    await issueFerdi(owner.id);
    const stranger = await desk.newVisit(citizen({ fin: '7XYZ123', documentNumber: 'AA7654321', surname: 'Məmmədova', givenName: 'Aysel' }));
    const dup = { visitId: stranger.id, msisdn: MSISDN, reason: 'lost', oldIccid: OLD };
    expect((await failure(desk, 'sim:duplicate', { ...dup, newSim: { readId: await desk.readSim(NEW) } })).code).toBe('SUBSCRIBER_MISMATCH');
    const landline = await failure(desk, 'sim:duplicate', { ...dup, msisdn: '+994124441122', newSim: { readId: await desk.readSim(NEW) } });
    expect(landline.fields).toEqual({ msisdn: 'MSISDN_NOT_MOBILE' });
    const inUse = await failure(desk, 'sim:duplicate', { visitId: owner.id, msisdn: MSISDN, reason: 'lost', oldIccid: NEW, newSim: { readId: await desk.readSim(OLD) } });
    expect(inUse.code).toBe('ICCID_IN_USE');
  });
});

describe('renewal window', () => {
  it('renews only in the last 30 days (reference data), continuing from the old end date', async () => {
    const visit = await desk.newVisit();
    const { certificate } = await issueFerdi(visit.id);
    const early = await failure(desk, 'cert:renew', { visitId: visit.id, certificateId: certificate.id });
    expect(early).toMatchObject({ code: 'RENEWAL_TOO_EARLY', details: { opensOn: '2029-05-01', windowDays: 30 } });

    desk.clock.set('2029-05-10T08:00:00Z');
    const v2 = await desk.newVisit();
    const [status] = await desk.call<Certificate[]>('cert:status', { fin: '5ABCDEF' });
    expect(status).toMatchObject({ renewal: 'online-window', daysLeft: 21 });
    const renewed = await desk.call<{ certificate: Certificate }>('cert:renew', { visitId: v2.id, certificateId: certificate.id });
    expect(renewed.certificate).toMatchObject({ validFrom: '2029-06-01', validTo: '2032-05-31' });
  });

  it('renews an expired certificate in person from today', async () => {
    const visit = await desk.newVisit();
    const { certificate } = await issueFerdi(visit.id);
    desk.clock.set('2029-07-01T08:00:00Z');
    const v2 = await desk.newVisit();
    const r = await desk.call<{ certificate: Certificate; operation: Operation }>('cert:renew', { visitId: v2.id, certificateId: certificate.id });
    expect(r.operation.payload.path).toBe('in-person');
    expect(r.certificate).toMatchObject({ validFrom: '2029-07-01', validTo: '2032-06-30' });
  });

  it('renews early only with a supervisor approval stored on the operation', async () => {
    const visit = await desk.newVisit();
    const { certificate } = await issueFerdi(visit.id);
    const approvalId = await desk.approve(FlowApproval.EarlyRenewal, 'customer leaves the country for a year');
    const r = await desk.call<{ operation: Operation }>('cert:renew', { visitId: visit.id, certificateId: certificate.id, approvalId });
    expect(r.operation.approval).toMatchObject({ action: FlowApproval.EarlyRenewal, reason: 'customer leaves the country for a year' });
  });

  it('follows the window in reference data when a supervisor changes it (10 days instead of 30)', async () => {
    const visit = await desk.newVisit();
    const { certificate } = await issueFerdi(visit.id);
    await desk.call('auth:signIn', ADMIN);
    const [params] = await desk.call<{ rows: Record<string, unknown>[]; version: number }[]>('reference:list', { table: 'parameters' });
    const rows = params.rows.map((r) => (r.code === 'asan.renewal.onlineDaysBefore' ? { ...r, value: 10 } : r));
    const updated = await desk.call<{ version: number }>('reference:update', { table: 'parameters', rows });
    expect(updated.version).toBe(params.version + 1);
    await desk.call('auth:signIn', CLERK);
    desk.clock.set('2029-05-10T08:00:00Z');
    const v2 = await desk.newVisit();
    expect((await failure(desk, 'cert:renew', { visitId: v2.id, certificateId: certificate.id })).details).toMatchObject({ windowDays: 10, opensOn: '2029-05-21' });
  });
});

describe('identity at operation time', () => {
  it('refuses an operation once the ID card has expired, even on an open visit', async () => {
    const visit = await desk.newVisit(citizen({ expiryDate: '2026-06-01' }));
    desk.clock.set('2026-06-02T08:00:00Z');
    const e = await failure(desk, 'cert:issue', { visitId: visit.id, certType: 'ferdi', holder: 'self', msisdn: MSISDN, sim: { readId: await desk.readSim(OLD) } });
    expect(e).toMatchObject({ code: 'ID_EXPIRED', fields: { expiryDate: 'DOCUMENT_EXPIRED' } });
  });
});
