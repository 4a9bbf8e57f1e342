// Fees by operator and office type (issue 12, deliver 7): the office's type comes from the sync server (at enrolment,
// then by pull when an administrator changes it), and the SIM duplicate's fee follows the office type and the SIM's
// operator (read from the SIM through the card-service adapter). One act, one fee: a Biznes certificate and the
// Biznes service activation in one visit print the 18 AZN once on the receipt (pdftotext).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimApplet } from '../fixtures/vcards/sim-applet';
import { CardServiceSimSource } from '../../electron/main/flows/card-ports';
import { ADMIN, CLERK, FLOWS, VirtualReader, failure, iccid, legalVoen, openDesk, type TestDesk } from '../support/desk';
import { openDatabase as openServerDb, startServer, type RunningServer } from '../support/sync-server';
import { closeDesksAndServer } from '../support/server-suites';
import { freePort } from '../support/postgres';
import { addOffice, createEnrolmentCode, listOffices, setOfficeType } from '../../server/store/offices';
import type { Operation } from '../../common/ipc/channels/flows';
import type { SyncStatusView } from '../../common/ipc/channels/sync';
import type { OfficeType } from '../../common/domain/office-types';
import { setSyncState } from '../../electron/main/db/queries/sync_state';
import { withTx } from '../../electron/main/db/database';

/** Bakcell publishes no ICCID issuer number: its SIMs are known by the number's prefix (55, 99). */
const UNLISTED_ISSUER = '8999402';

let server: RunningServer;
const desks: TestDesk[] = [];
let tmp: string;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'masa-fees-'));
  server = await startServer(await openServerDb('pglite'), { port: await freePort() });
  await addOffice(server.db, 'ASXM Bakı-1');
  await addOffice(server.db, 'Bakcell Nizami', 'operator');
}, 60_000);
afterAll(async () => {
  await closeDesksAndServer(desks, server);
  rmSync(tmp, { recursive: true, force: true });
});

async function deskIn(office: string, name: string): Promise<{ desk: TestDesk; reader: VirtualReader<SimApplet> }> {
  const reader = new VirtualReader<SimApplet>('sim');
  const desk = await openDesk({ signIn: 'clerk', fakeCards: true, name, flowPorts: (services) => ({ sim: new CardServiceSimSource(reader, () => services().flows.reference.iccidIssuers()) }) });
  desks.push(desk);
  const { code } = await createEnrolmentCode(server.db, office);
  await desk.services.sync.enrol({ serverUrl: server.url, code, deskName: name });
  return { desk, reader };
}

/**
 * A desk of an office of `type` as enrolment leaves it (the type in its sync state), not enrolled: the SIM duplicate
 * then needs no central check of the customer (the offline policy is not what these tests are about).
 */
async function deskOfType(type: OfficeType, name: string): Promise<{ desk: TestDesk; reader: VirtualReader<SimApplet> }> {
  const reader = new VirtualReader<SimApplet>('sim');
  const desk = await openDesk({ ...FLOWS, name, flowPorts: (services) => ({ sim: new CardServiceSimSource(reader, () => services().flows.reference.iccidIssuers()) }) });
  desks.push(desk);
  withTx(desk.services.db, (tx) => setSyncState(tx, { officeType: type }));
  return { desk, reader };
}

async function duplicate(d: { desk: TestDesk; reader: VirtualReader<SimApplet> }, msisdn: string, newIccid: string, oldIccid: string) {
  d.reader.applet = new SimApplet(newIccid);
  const read = await d.desk.call<{ readId: string; operator: string | null }>('sim:readIccid', {});
  const visit = await d.desk.newVisit();
  return { read, visit, call: () => d.desk.call<{ operation: Operation }>('sim:duplicate', { visitId: visit.id, msisdn, reason: 'damaged', oldIccid, newSim: { readId: read.readId } }) };
}

function pdfText(base64: string): string {
  const file = join(tmp, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, Buffer.from(base64, 'base64'));
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

describe('office type from the sync server', () => {
  it('is listed with each office, given to a desk at enrolment, shown in its sync status, and changed by pull', async () => {
    expect((await listOffices(server.db)).map((o) => [o.name, o.type])).toEqual([
      ['ASXM Bakı-1', 'asxm'],
      ['Bakcell Nizami', 'operator'],
    ]);
    const { desk } = await deskIn('Bakcell Nizami', 'window-type');
    expect(await desk.call<SyncStatusView>('sync:status', undefined)).toMatchObject({ officeName: 'Bakcell Nizami', officeType: 'operator' });
    await setOfficeType(server.db, 'Bakcell Nizami', 'post');
    await desk.services.sync.syncNow();
    expect((await desk.call<SyncStatusView>('sync:status', undefined)).officeType).toBe('post');
    await setOfficeType(server.db, 'Bakcell Nizami', 'operator');
    await desk.services.sync.syncNow();
    expect((await desk.call<SyncStatusView>('sync:status', undefined)).officeType).toBe('operator');
    await expect(setOfficeType(server.db, 'Bakcell Nizami', 'kiosk')).rejects.toThrow(/asxm, operator, post/);
  });

  it('a desk not enrolled has no office type and charges as before office types', async () => {
    const desk = await openDesk(FLOWS);
    desks.push(desk);
    expect((await desk.call<SyncStatusView>('sync:status', undefined)).officeType).toBeNull();
    expect(desk.services.flows.reference.fee('sim.duplicate', undefined, 'Azercell')).toBe(700);
  });
});

describe('SIM duplicate fee by office type and operator', () => {
  it('charges nothing at an ASXM office, for an Azercell or a Bakcell SIM', async () => {
    const asxm = await deskOfType('asxm', 'asxm-window');
    const azercell = await duplicate(asxm, '+994501110001', iccid('5100000001'), iccid('5100000000'));
    expect(azercell.read.operator).toBe('Azercell');
    expect((await azercell.call()).operation.feeMinor).toBe(0);
    const bakcell = await duplicate(asxm, '+994551110002', iccid('5100000003', UNLISTED_ISSUER), iccid('5100000002', UNLISTED_ISSUER));
    expect(bakcell.read.operator).toBeNull();
    expect((await bakcell.call()).operation.feeMinor).toBe(0);
  });

  it('charges Bakcell’s 7 AZN at a Bakcell office, an operator’s own row for its SIM, and refuses when no row applies', async () => {
    const office = await deskOfType('operator', 'bakcell-window');
    const bakcell = await duplicate(office, '+994551110004', iccid('5200000001', UNLISTED_ISSUER), iccid('5200000000', UNLISTED_ISSUER));
    const op = (await bakcell.call()).operation;
    expect(op.feeMinor).toBe(700);
    expect(op.payload.operator).toBeNull();

    // A supervisor enters Nar's own duplicate price, and takes away the row for operators without one.
    const refs = office.desk.services.flows.reference;
    const rows = refs.rows('fees').filter((r) => !(r.code === 'sim.duplicate' && r.operator === undefined && r.officeType === undefined));
    const nar = { id: 'sim.duplicate@Nar', code: 'sim.duplicate', operator: 'Nar', validFrom: '2026-01-01', validTo: null, amountMinor: 650 };
    await office.desk.call('auth:signIn', ADMIN);
    await office.desk.call('reference:update', { table: 'fees', rows: [...rows, nar] });
    await office.desk.call('auth:signIn', CLERK);

    const narSim = await duplicate(office, '+994701110005', iccid('5300000001', '8999404'), iccid('5300000000', '8999404'));
    expect(narSim.read.operator).toBe('Nar');
    expect((await narSim.call()).operation.feeMinor).toBe(650);

    const azercell = await duplicate(office, '+994501110006', iccid('5300000003'), iccid('5300000002'));
    const err = await failure(office.desk, 'sim:duplicate', { visitId: azercell.visit.id, msisdn: '+994501110006', reason: 'damaged', oldIccid: iccid('5300000002'), newSim: { readId: azercell.read.readId } });
    expect(err).toMatchObject({ code: 'REFERENCE_DATA_MISSING', details: { table: 'fees', key: 'sim.duplicate', operator: 'Azercell', officeType: 'operator' } });
    expect(err.message).toBe('Reference data fees/sim.duplicate, operator Azercell, office type operator has no value in force on 2026-06-01.');
  });
});

describe('one act, one fee', () => {
  it('a Biznes certificate and the Biznes service activation in one visit charge the 18 AZN once on the receipt', async () => {
    const desk = await openDesk(FLOWS);
    desks.push(desk);
    const visit = await desk.newVisit();
    const msisdn = '+994552220010';
    const cert = await desk.call<{ operation: Operation }>('cert:issue', {
      visitId: visit.id, certType: 'biznes', holder: 'self', msisdn, documents: { voen: legalVoen('30405061').slice(0, 9) + '2' }, sim: { readId: await desk.readSim(iccid('8000000301')) },
    });
    expect(cert.operation.feeMinor).toBe(1800);
    const act = await desk.call<{ operation: Operation }>('service:activate', { visitId: visit.id, msisdn, certType: 'biznes', months: 2 });
    expect(act.operation.feeMinor).toBe(2 * 250);
    // Another number in the same visit is another act: its activation pays the one-off fee.
    const other = await desk.call<{ operation: Operation }>('service:activate', { visitId: visit.id, msisdn: '+994552220011', certType: 'biznes', months: 1 });
    expect(other.operation.feeMinor).toBe(1800 + 250);

    const text = pdfText((await desk.call<{ base64: string }>('print:receipt', { visitId: visit.id, language: 'en' })).base64);
    expect(text.match(/18\.00 AZN/g)).toHaveLength(1);
    expect(text).toContain('5.00 AZN');
    expect(text).toContain('20.50 AZN');
    expect(text).toMatch(/Total\s+43\.50 AZN/);
  });

  it('the other order: the activation charged first, the certificate then charges nothing more', async () => {
    const desk = await openDesk(FLOWS);
    desks.push(desk);
    const visit = await desk.newVisit();
    const msisdn = '+994552220012';
    const act = await desk.call<{ operation: Operation }>('service:activate', { visitId: visit.id, msisdn, certType: 'biznes', months: 1 });
    expect(act.operation.feeMinor).toBe(1800 + 250);
    const cert = await desk.call<{ operation: Operation }>('cert:issue', {
      visitId: visit.id, certType: 'biznes', holder: 'self', msisdn, documents: { voen: legalVoen('30405062').slice(0, 9) + '2' }, sim: { readId: await desk.readSim(iccid('8000000302')) },
    });
    expect(cert.operation.feeMinor).toBe(0);
  });
});
