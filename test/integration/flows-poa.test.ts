// Powers of attorney: registration by the trustee at the desk, use in later operations, revocation (local and central).
import { describe, expect, it } from 'vitest';
import { FLOWS, citizen, failure, iccid, legalVoen, type TestDesk, withDeskPerTest } from '../support/desk';
import type { Operation, PowerOfAttorney } from '../../common/ipc/channels/flows';
import { withTx } from '../../electron/main/db/database';
import { poaInput } from '../support/poa';

let desk: TestDesk;
withDeskPerTest(FLOWS, (d) => (desk = d));

const TRUSTEE = citizen({ fin: '7XYZ123', documentNumber: 'AA7654321', surname: 'Məmmədova', givenName: 'Aysel' });
const MSISDN = '+994551112233';
const PDF = Buffer.from('%PDF-1.4\n% letter of request\n%%EOF\n');

const personPoa = (visitId: string, over: Record<string, unknown> = {}) => poaInput({ visitId, ...over });


describe('power of attorney register', () => {
  it('registers a person’s POA for the trustee identified on the visit and lets the trustee act within its scope', async () => {
    const visit = await desk.newVisit(TRUSTEE);
    const { poa, operation } = await desk.call<{ poa: PowerOfAttorney; operation: Operation }>('poa:create', personPoa(visit.id));
    expect(poa).toMatchObject({ principalKey: 'fin:5ABCDEF', trusteeKey: 'fin:7XYZ123', status: 'valid', scope: ['sim.duplicate', 'cert.issue'] });
    expect(operation.kind).toBe('poa.create');

    const issued = await desk.call<{ operation: Operation; certificate: { subject: string; holderName: string } }>('cert:issue', {
      visitId: visit.id, actingFor: { poaId: poa.id }, certType: 'ferdi', holder: 'trustee', msisdn: MSISDN, sim: { readId: await desk.readSim(iccid('5550000001')) },
    });
    expect(issued.certificate).toMatchObject({ subject: 'fin:5ABCDEF', holderName: 'Əliyev Rəşad' });
    expect(issued.operation).toMatchObject({ subject: 'fin:5ABCDEF', poaId: poa.id });

    const outOfScope = await failure(desk, 'service:activate', { visitId: visit.id, actingFor: { poaId: poa.id }, msisdn: MSISDN, certType: 'ferdi', months: 1 });
    expect(outOfScope.code).toBe('POA_OUT_OF_SCOPE');
    expect((await desk.call<PowerOfAttorney[]>('poa:list', { principalKey: 'fin:5ABCDEF' })).map((p) => p.id)).toEqual([poa.id]);
  });

  it('refuses a POA naming someone else as trustee, an expired one, and a trustee acting without the POA documents', async () => {
    const visit = await desk.newVisit(TRUSTEE);
    const wrongTrustee = await failure(desk, 'poa:create', personPoa(visit.id, { trustee: { fin: '9ZZZ999' } }));
    expect(wrongTrustee).toMatchObject({ code: 'POA_TRUSTEE_MISMATCH', fields: { 'trustee.fin': 'POA_TRUSTEE_MISMATCH' } });
    const expired = await failure(desk, 'poa:create', personPoa(visit.id, { validFrom: '2025-01-01', validTo: '2026-01-01' }));
    expect(expired.code).toBe('POA_EXPIRED');
    const badFin = await failure(desk, 'poa:create', personPoa(visit.id, { principal: { kind: 'person', fin: 'IO12345', name: 'X Y' } }));
    expect(badFin.fields).toMatchObject({ 'principal.fin': 'FIN_LETTER_I_O' });
    const noPoa = await failure(desk, 'cert:issue', { visitId: visit.id, certType: 'ferdi', holder: 'trustee', msisdn: MSISDN, sim: { readId: await desk.readSim(iccid('5550000001')) } });
    expect(noPoa.code).toBe('DOCUMENTS_MISSING');
  });

  it('refuses the POA when another person presents it, and after it expires', async () => {
    const visit = await desk.newVisit(TRUSTEE);
    const { poa } = await desk.call<{ poa: PowerOfAttorney }>('poa:create', personPoa(visit.id));
    const other = await desk.newVisit(citizen({ fin: '3QWERTY', documentNumber: 'AA1112223', surname: 'Həsənov', givenName: 'Orxan' }));
    const dup = { actingFor: { poaId: poa.id }, msisdn: MSISDN, reason: 'lost', oldIccid: iccid('5550000001'), newSim: { readId: await desk.readSim(iccid('5550000002')) } };
    expect((await failure(desk, 'sim:duplicate', { ...dup, visitId: other.id })).code).toBe('POA_TRUSTEE_MISMATCH');
    desk.clock.set('2027-05-20T08:00:00Z');
    const later = await desk.newVisit(TRUSTEE);
    expect((await failure(desk, 'sim:duplicate', { ...dup, visitId: later.id, newSim: { readId: await desk.readSim(iccid('5550000002')) } })).code).toBe('POA_EXPIRED');
  });

  it('needs the signed and sealed letter with a scan for a legal entity, and stores the scan with its SHA-256', async () => {
    const visit = await desk.newVisit(TRUSTEE);
    const company = { kind: 'legal-entity', voen: legalVoen(), name: 'Xəzər Logistika MMC', representative: { name: 'Quliyev Tural', position: 'Direktor' } };
    const noLetter = await failure(desk, 'poa:create', personPoa(visit.id, { principal: company }));
    expect(noLetter).toMatchObject({ code: 'POA_LETTER_REQUIRED', fields: { letter: 'POA_LETTER_REQUIRED' } });
    const scan = { mime: 'application/pdf', base64: PDF.toString('base64') };
    const notSealed = await failure(desk, 'poa:create', personPoa(visit.id, { principal: company, letter: { confirmedSignedSealed: false, scan } }));
    expect(notSealed.fields).toEqual({ 'letter.confirmedSignedSealed': 'POA_LETTER_NOT_CONFIRMED' });
    const fakePdf = await failure(desk, 'poa:create', personPoa(visit.id, { principal: company, letter: { confirmedSignedSealed: true, scan: { mime: 'application/pdf', base64: Buffer.from('GIF89a').toString('base64') } } }));
    expect(fakePdf.fields).toEqual({ 'letter.scan': 'SCAN_TYPE_MISMATCH' });
    const tooBig = await failure(desk, 'poa:create', personPoa(visit.id, { principal: company, letter: { confirmedSignedSealed: true, scan: { mime: 'application/pdf', base64: Buffer.concat([PDF, Buffer.alloc(5 * 1024 * 1024)]).toString('base64') } } }));
    expect(tooBig.fields).toEqual({ 'letter.scan': 'SCAN_TOO_LARGE' });

    const { poa } = await desk.call<{ poa: PowerOfAttorney }>('poa:create', personPoa(visit.id, { principal: company, letter: { confirmedSignedSealed: true, scan } }));
    expect(poa.letter).toMatchObject({ confirmedSignedSealed: true, mime: 'application/pdf', size: PDF.length });
    const stored = await desk.call<{ base64: string; sha256: string }>('poa:scan', { id: poa.id });
    expect(Buffer.from(stored.base64, 'base64').equals(PDF)).toBe(true);
    expect(stored.sha256).toBe(poa.letter!.sha256);

    // A Biznes certificate for the company through its trustee: letter, VÖEN, POA and trustee's ID are all on file.
    const { certificate } = await desk.call<{ certificate: { subject: string; type: string } }>('cert:issue', {
      visitId: visit.id, actingFor: { poaId: poa.id }, certType: 'biznes', holder: 'legal-entity', msisdn: MSISDN, sim: { readId: await desk.readSim(iccid('5550000001')) },
    });
    expect(certificate).toMatchObject({ subject: `voen:${company.voen}`, type: 'biznes' });
  });

  it('records a revocation (synced) and refuses the POA afterwards; a central revocation arriving by sync does the same', async () => {
    const visit = await desk.newVisit(TRUSTEE);
    const { poa } = await desk.call<{ poa: PowerOfAttorney }>('poa:create', personPoa(visit.id));
    const second = await desk.call<{ poa: PowerOfAttorney }>('poa:create', personPoa(visit.id, { notaryRegistryNumber: 'N-2026/124' }));
    const revoked = await desk.call<{ poa: PowerOfAttorney; operation: Operation }>('poa:revoke', { visitId: visit.id, poaId: poa.id, reason: 'principal withdrew it' });
    expect(revoked.poa).toMatchObject({ status: 'revoked', revokedReason: 'principal withdrew it' });
    const outbox = desk.services.db.prepare("SELECT kind, payload_json AS payload FROM outbox WHERE kind LIKE 'poa.%' ORDER BY seq").all() as { kind: string; payload: string }[];
    expect(outbox.map((o) => o.kind)).toEqual(['poa.create', 'poa.create', 'poa.revoke']);
    expect(JSON.parse(outbox[0].payload)).toMatchObject({ poaId: poa.id, fin: '5ABCDEF', trusteeFin: '7XYZ123', validUntil: '2027-05-19' });

    const dup = { visitId: visit.id, msisdn: MSISDN, reason: 'lost', oldIccid: iccid('5550000001'), newSim: { readId: await desk.readSim(iccid('5550000002')) } };
    expect((await failure(desk, 'sim:duplicate', { ...dup, actingFor: { poaId: poa.id } })).code).toBe('POA_REVOKED');

    withTx(desk.services.db, (tx) => desk.services.flows.reference.apply(tx, { table: 'poa_revocations', key: second.poa.id, op: 'upsert', version: 1, row: { poaId: second.poa.id, revokedAt: '2026-06-01T07:00:00.000Z', reason: 'court order' } }));
    expect((await failure(desk, 'sim:duplicate', { ...dup, actingFor: { poaId: second.poa.id } })).code).toBe('POA_REVOKED');
    expect((await desk.call<PowerOfAttorney>('poa:get', { id: second.poa.id })).revokedReason).toBe('court order');
  });
});
