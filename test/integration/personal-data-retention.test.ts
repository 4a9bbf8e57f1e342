// Personal data retention on the desk (issue 10, deliver 11; docs/security.md): a visit older than the period whose
// every operation the server acknowledged keeps only the person key; its payloads lose names and documents; POA
// letter scans go (the hash stays); nothing unsynced or in conflict is touched.
import { describe, expect, it } from 'vitest';
import { FLOWS, citizen, failure, legalVoen, runDeskCommand, type TestDesk, withDeskPerTest } from '../support/desk';
import type { PowerOfAttorney } from '../../common/ipc/channels/flows';
import type { Visit } from '../../common/ipc/channels/visits';
import { translate } from '../../common/i18n/messages';
import { poaInput } from '../support/poa';

let desk: TestDesk;
// The administrator is a supervisor (the setting) and works the desk like a clerk (visits, POAs).
withDeskPerTest({ ...FLOWS, signIn: 'admin' }, (d) => (desk = d));

const PERSON = citizen({ fin: '7XYZ123', documentNumber: 'AA7654321', surname: 'Məmmədova', givenName: 'Aysel' });
const PDF = Buffer.from('%PDF-1.4\n% letter of request\n%%EOF\n');
/** What must not survive on the desk once purged: the name, the ID card's number, the MRZ's document line. */
const SECRETS = ['Məmmədova', 'MAMMADOVA', 'Aysel', 'AYSEL', 'AA7654321'];

/** Everything the desk database holds about a visit, as text, for the raw checks. */
function rawText(d: TestDesk, visitId: string): string {
  const db = d.services.db;
  const visit = db.prepare('SELECT identity_json, identity_check_json, search_text FROM visits WHERE id = ?').get(visitId);
  const ops = db.prepare('SELECT payload_json FROM operations WHERE visit_id = ?').all(visitId);
  const outbox = db.prepare(`SELECT payload_json FROM outbox WHERE id = ? OR json_extract(payload_json, '$.visitId') = ?`).all(visitId, visitId);
  return JSON.stringify([visit, ops, outbox]);
}

/** The server's acknowledgement of every operation so far, as the sync worker records it. */
function ackAll(d: TestDesk): void {
  d.services.db.prepare(`UPDATE outbox SET state = 'acked', ack_status = 'applied', acked_at = ? WHERE state IN ('pending', 'sent')`).run(d.clock.now().toISOString());
}

async function closedVisit(): Promise<string> {
  const { id } = await desk.newVisit(PERSON);
  await desk.call('visits:close', { id });
  return id;
}

const later = (days: number) => new Date(Date.parse(FLOWS.now) + days * 86_400_000).toISOString();

describe('personal data retention', () => {
  it('purges a synced visit older than the period: the key stays, names, document numbers and chip data go from visits and outbox', async () => {
    const id = await closedVisit();
    ackAll(desk);
    expect(rawText(desk, id)).toContain('AA7654321');
    expect(rawText(desk, id)).toContain('photoSha256');

    desk.clock.set(later(89));
    expect((await desk.call<{ visits: number }>('retention:purge')).visits).toBe(0);
    desk.clock.set(later(91));
    expect((await desk.call<{ visits: number }>('retention:purge')).visits).toBe(1);

    const raw = rawText(desk, id);
    for (const s of SECRETS) expect(raw).not.toContain(s);
    for (const s of ['birthDate', 'mrz', 'photoSha256', 'dataGroups', 'passiveAuth']) expect(raw).not.toContain(`"${s}"`);
    expect(raw).toContain('7XYZ123');
    const visit = await desk.call<Visit>('visits:get', { id });
    expect(visit.purged).toEqual({ at: later(91), afterDays: 90 });
    expect(visit.identity).toMatchObject({ kind: 'citizen', fin: '7XYZ123' });
    expect(visit.identityCheck).toMatchObject({ chipRead: true, matchesPrinted: true });
    // Found by the person key, not by the name any more.
    expect((await desk.call<Visit[]>('visits:search', { query: '7XYZ123' })).map((v) => v.id)).toEqual([id]);
    expect(await desk.call<Visit[]>('visits:search', { query: 'Aysel' })).toEqual([]);
  });

  it('keeps a visit with an operation not acknowledged, or in conflict', async () => {
    const pending = await closedVisit();
    const conflict = await closedVisit();
    // All acknowledged but one operation.
    const opPending = await desk.newVisit(PERSON);
    const { operation } = await desk.call<{ operation: { id: string } }>('poa:create', poaInput({ visitId: opPending.id }));
    await desk.call('visits:close', { id: opPending.id });
    desk.services.db.prepare(`UPDATE outbox SET state = 'acked', acked_at = ? WHERE json_extract(payload_json, '$.visitId') = ? AND id <> ?`).run(desk.clock.now().toISOString(), opPending.id, operation.id);
    expect(desk.services.db.prepare('SELECT state FROM outbox WHERE id = ?').pluck().get(operation.id)).toBe('pending');
    desk.services.db.prepare(`UPDATE outbox SET state = 'conflict', conflict_id = 'c1' WHERE id = ?`).run(conflict);
    desk.services.db.prepare(`UPDATE outbox SET state = 'acked', acked_at = ? WHERE state = 'pending' AND json_extract(payload_json, '$.visitId') = ?`).run(desk.clock.now().toISOString(), conflict);
    desk.clock.set(later(200));
    expect((await desk.call<{ visits: number }>('retention:purge')).visits).toBe(0);
    for (const id of [pending, conflict, opPending.id]) {
      expect(rawText(desk, id)).toContain('AA7654321');
      expect((await desk.call<Visit>('visits:get', { id })).purged).toBeNull();
    }
  });

  it('the customer page offline takes the name from a visit kept in full, never from a purged one', async () => {
    const kept = await closedVisit(); // not acknowledged: stays in full
    desk.clock.set(later(1));
    const purged = await closedVisit();
    desk.services.db.prepare(`UPDATE outbox SET state = 'acked', acked_at = ? WHERE id = ? OR json_extract(payload_json, '$.visitId') = ?`).run(desk.clock.now().toISOString(), purged, purged);
    desk.clock.set(later(92));
    expect(await desk.call('retention:purge')).toMatchObject({ visits: 1 });
    expect((await desk.call<Visit>('visits:get', { id: kept })).purged).toBeNull();
    const view = await desk.call<{ customer: { surname: string; documents: { number: string }[] }; visits: { id: string }[] }>('customers:summary', { key: 'fin:7XYZ123' });
    expect(view.customer.surname).toBe('Məmmədova');
    expect(view.visits.map((v) => v.id).sort()).toEqual([kept, purged].sort());
  });

  it('drops a synced POA letter scan after the period and keeps its hash; an unsynced one stays', async () => {
    const scan = { mime: 'application/pdf', base64: PDF.toString('base64') };
    const company = () => ({ kind: 'legal-entity', voen: legalVoen(), name: 'Xəzər Logistika MMC', representative: { name: 'Quliyev Tural', position: 'Direktor' } });
    const synced = await desk.newVisit(PERSON);
    const a = (await desk.call<{ poa: PowerOfAttorney }>('poa:create', poaInput({ visitId: synced.id, principal: company(), letter: { confirmedSignedSealed: true, scan } }))).poa;
    await desk.call('visits:close', { id: synced.id });
    ackAll(desk);
    const unsynced = await desk.newVisit(PERSON);
    const b = (await desk.call<{ poa: PowerOfAttorney }>('poa:create', poaInput({ visitId: unsynced.id, principal: company(), letter: { confirmedSignedSealed: true, scan } }))).poa;

    desk.clock.set(later(91));
    expect(await desk.call('retention:purge')).toMatchObject({ poaScans: 1 });
    const stored = (id: string) => desk.services.db.prepare('SELECT letter_scan, letter_sha256 FROM powers_of_attorney WHERE id = ?').get(id) as { letter_scan: Buffer | null; letter_sha256: string };
    expect(stored(a.id)).toEqual({ letter_scan: null, letter_sha256: a.letter!.sha256 });
    expect(stored(b.id).letter_scan).not.toBeNull();
    expect((await failure(desk, 'poa:scan', { id: a.id })).code).toBe('NOT_FOUND');
  });

  it('respects the setting (supervisors only, at least 7 days), audits the change and purges at start-up', async () => {
    expect(await desk.call('retention:settings')).toEqual({ personalDataRetentionDays: 90 });
    expect((await failure(desk, 'retention:setSettings', { personalDataRetentionDays: 3 })).code).toBe('INVALID_INPUT');
    const id = await closedVisit();
    ackAll(desk);
    desk.clock.set(later(31));
    await desk.call('retention:setSettings', { personalDataRetentionDays: 60 });
    expect((await desk.call<Visit>('visits:get', { id })).purged).toBeNull();
    const audit = desk.services.db.prepare(`SELECT details_json FROM audit_log WHERE kind = 'settings.update' ORDER BY seq DESC LIMIT 1`).pluck().get() as string;
    expect(JSON.parse(audit)).toEqual({ name: 'personalDataRetentionDays', value: 60 });

    await desk.call('retention:setSettings', { personalDataRetentionDays: 30 });
    expect((await desk.call<Visit>('visits:get', { id })).purged).toEqual({ at: later(31), afterDays: 30 });

    // The start-up purge: another visit, synced, past the period when the desk next opens.
    const second = await closedVisit();
    ackAll(desk);
    desk.clock.set(later(62));
    await desk.reopen();
    expect((await desk.call<Visit>('visits:get', { id: second })).purged).toEqual({ at: later(62), afterDays: 30 });
    expect(await desk.call('retention:settings')).toEqual({ personalDataRetentionDays: 30 });
  });

  it('after a pull it runs at most once a day (the start-up purge counts)', async () => {
    const id = await closedVisit();
    ackAll(desk);
    desk.clock.set(later(91));
    await desk.reopen(); // start-up purge at day 91
    expect((await desk.call<Visit>('visits:get', { id })).purged).not.toBeNull();
    const second = await closedVisit();
    ackAll(desk);
    desk.clock.set(later(182));
    expect(desk.services.retention.purgeIfDue()).toMatchObject({ visits: 1 });
    desk.clock.set(later(182.5));
    expect(desk.services.retention.purgeIfDue()).toBeNull();
    expect((await desk.call<Visit>('visits:get', { id: second })).purged).not.toBeNull();
  });

  it('the journal says the details were removed (az, en, ru), and a reprint of the receipt is refused', async () => {
    const id = await closedVisit();
    ackAll(desk);
    desk.clock.set(later(91));
    await desk.call('retention:purge');
    const visit = await desk.call<Visit>('visits:get', { id });
    const days = visit.purged!.afterDays;
    expect(translate('en', 'retention.removed', { days })).toBe('Customer details removed after 90 days (kept at the central server)');
    expect(translate('az', 'retention.removed', { days })).toBe('Müştəri məlumatları 90 gündən sonra silinib (mərkəzi serverdə saxlanılır)');
    expect(translate('ru', 'retention.removed', { days })).toBe('Данные клиента удалены через 90 дн. (хранятся на центральном сервере)');
    const refused = await failure(desk, 'print:receipt', { visitId: id });
    expect(refused).toMatchObject({ code: 'PERSONAL_DATA_PURGED', details: { days: 90 } });
    expect(translate('en', `errors.${refused.code}`, { days })).toContain('removed from the desk after 90 days');
    expect(desk.services.db.prepare('SELECT print_count FROM visits WHERE id = ?').pluck().get(id)).toBe(0);
  });

  it('masa retention purge runs it from the command line (the machine’s clock: months after the visit)', async () => {
    const id = await closedVisit();
    ackAll(desk);
    await desk.close();
    const r = await runDeskCommand(desk.dataDir, 'retention', ['purge', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ days: 90, visits: 1, poaScans: 0 });
    await desk.reopen();
    expect((await desk.call<Visit>('visits:get', { id })).purged).toMatchObject({ afterDays: 90 });
    expect(rawText(desk, id)).not.toContain('AA7654321');
  });
});
