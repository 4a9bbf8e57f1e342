// Operator service, e-İmza tokens, IMEI and KÖMİS registrations against a real desk database.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FLOWS, citizen, failure, imei, openDesk, type TestDesk } from '../support/desk';
import type { Operation } from '../../common/ipc/channels/flows';
import { verifyPassword } from '../../node-common/passwords';
import { AppError, ErrorCode } from '../../common/errors';
import type { PdfRenderer } from '../../electron/main/printing/pdf-renderer';
import { setSyncState } from '../../electron/main/db/queries/sync_state';
import { withTx } from '../../electron/main/db/database';

/** Keeps the HTML instead of making a PDF, so these tests need no Chromium (printing-*.test.ts covers PDFs). */
class HtmlCapture implements PdfRenderer {
  pages: string[] = [];
  failing = false;
  async render(html: string): Promise<Uint8Array> {
    if (this.failing) throw new AppError(ErrorCode.PrintFailed, 'printer on fire');
    this.pages.push(html);
    return new TextEncoder().encode(html);
  }
  async close(): Promise<void> {}
}

let desk: TestDesk;
let capture: HtmlCapture;
beforeEach(async () => {
  capture = new HtmlCapture();
  desk = await openDesk({ ...FLOWS, pdfRenderer: capture });
});
afterEach(async () => {
  await desk.dispose();
});

const MSISDN = '+994701234567';

describe('Asan İmza operator service', () => {
  it('activates with the tariff of the type, extends by months, and corrects a wrongly activated type free of charge', async () => {
    const visit = await desk.newVisit();
    const act = await desk.call<{ operation: Operation; subscription: { paidUntil: string } }>('service:activate', { visitId: visit.id, msisdn: MSISDN, certType: 'biznes', months: 2 });
    expect(act.operation.feeMinor).toBe(1800 + 2 * 250);
    expect(act.subscription.paidUntil).toBe('2026-08-01');
    expect((await failure(desk, 'service:activate', { visitId: visit.id, msisdn: MSISDN, certType: 'ferdi', months: 1 })).code).toBe('CONFLICT');
    const ext = await desk.call<{ operation: Operation; subscription: { paidUntil: string } }>('service:extend', { visitId: visit.id, msisdn: MSISDN, months: 3 });
    expect(ext.operation.feeMinor).toBe(750);
    expect(ext.subscription.paidUntil).toBe('2026-11-01');
    const fix = await desk.call<{ operation: Operation; subscription: { certType: string } }>('service:correctType', { visitId: visit.id, msisdn: MSISDN, certType: 'ferdi', reason: 'activated as biznes by mistake' });
    expect(fix.subscription.certType).toBe('ferdi');
    expect(fix.operation.feeMinor).toBe(0);
    expect((await failure(desk, 'service:extend', { visitId: visit.id, msisdn: '+994771112233', months: 1 })).code).toBe('SERVICE_NOT_ACTIVE');
  });
});

describe('e-İmza token', () => {
  it('unblocks the PIN with the PUK, zeroes both buffers, and stores no PIN or PUK anywhere', async () => {
    const visit = await desk.newVisit();
    expect((await desk.call<{ pin: { state: string } }>('token:status', {})).pin.state).toBe('blocked');
    const wrong = await failure(desk, 'token:unblock', { visitId: visit.id, puk: '99999999', newPin: '4321' });
    expect(wrong.code).toBe('PIN_WRONG');
    const r = await desk.call<{ operation: Operation; token: { pin: { state: string } } }>('token:unblock', { visitId: visit.id, puk: '12345678', newPin: '4321' });
    expect(r.token.pin.state).toBe('ok');
    expect(desk.token.receivedBuffers.every((b) => b.every((x) => x === 0))).toBe(true);
    const dump = JSON.stringify([desk.services.db.prepare('SELECT * FROM operations').all(), desk.services.db.prepare('SELECT * FROM outbox').all()]);
    expect(dump).not.toContain('12345678');
    expect(dump).not.toContain('4321');
  });

  it('queues a lost-carrier revocation request for sync', async () => {
    const visit = await desk.newVisit();
    const r = await desk.call<{ operation: Operation }>('token:reportLost', { visitId: visit.id, tokenSerial: 'TK-0001', certificateSerials: ['01AB'], lostAt: '2026-05-31', circumstances: 'left in a taxi' });
    expect(r.operation.kind).toBe('token.reportLost');
    const row = desk.services.db.prepare('SELECT kind, payload_json FROM outbox WHERE id = ?').get(r.operation.id) as { kind: string; payload_json: string };
    expect(row.kind).toBe('token.revocationRequest');
    expect(JSON.parse(row.payload_json)).toMatchObject({ tokenSerial: 'TK-0001', certificateSerials: ['01AB'], fin: '5ABCDEF' });
    expect((await failure(desk, 'token:reportLost', { visitId: visit.id, lostAt: '2026-05-31' })).fields).toEqual({ tokenSerial: 'REQUIRED' });
  });

  it('refuses to report a token lost for a customer other than the one it was recorded for (issue 14, item 13)', async () => {
    const owner = await desk.newVisit();
    await desk.call('token:reportLost', { visitId: owner.id, tokenSerial: 'TK-0042', lostAt: '2026-05-31' });
    const stranger = await desk.newVisit(citizen({ fin: '7XYZ123', documentNumber: 'AA7654321', surname: 'BAĞIROV' }));
    const refused = await failure(desk, 'token:reportLost', { visitId: stranger.id, tokenSerial: 'TK-0042', lostAt: '2026-05-31' });
    expect(refused).toMatchObject({ code: 'SUBSCRIBER_MISMATCH', fields: { tokenSerial: 'TOKEN_OTHER_SUBSCRIBER' } });
    // The owner may report it again (a second report of the same loss is harmless).
    await desk.call('token:reportLost', { visitId: owner.id, tokenSerial: 'TK-0042', lostAt: '2026-05-31' });
  });
});

describe('IMEI registration', () => {
  const IMEI1 = imei('35693803564380');
  const IMEI2 = imei('35693803564381');
  const base = { fin: '5ABCDEF', documentSeries: 'AA', documentNumber: '1234567', securityCode: '7781', msisdn: '+994501234567', paymentType: 'cash' };

  it('charges by the price band, once for a dual-SIM phone, and gives a notice code', async () => {
    const visit = await desk.newVisit();
    const r = await desk.call<{ operation: Operation; noticeCode: string }>('imei:register', { ...base, visitId: visit.id, imei: IMEI1, imei2: IMEI2, devicePriceMinor: 45000 });
    expect(r.operation.feeMinor).toBe(3000);
    expect(r.noticeCode).toMatch(/^IM20260601\d{6}$/);
    expect(r.operation.payload).toMatchObject({ imei: IMEI1, imei2: IMEI2, priceBand: 'band-2', noticeCode: r.noticeCode });
    expect(JSON.stringify(r.operation.payload)).not.toContain('7781');
    expect((await failure(desk, 'imei:register', { ...base, visitId: visit.id, imei: IMEI2, devicePriceMinor: 100 })).code).toBe('IMEI_ALREADY_REGISTERED');
  });

  it('refuses a bad check digit, a FIN or ID card that is not the customer’s', async () => {
    const visit = await desk.newVisit();
    const bad = IMEI1.slice(0, 14) + ((Number(IMEI1[14]) + 1) % 10);
    expect((await failure(desk, 'imei:register', { ...base, visitId: visit.id, imei: bad, devicePriceMinor: 100 })).fields).toEqual({ imei: 'IMEI_CHECK_DIGIT' });
    expect((await failure(desk, 'imei:register', { ...base, visitId: visit.id, fin: '7XYZ123', imei: IMEI1, devicePriceMinor: 100 })).fields).toEqual({ fin: 'IDENTITY_MISMATCH' });
    expect((await failure(desk, 'imei:register', { ...base, visitId: visit.id, documentNumber: '7654321', imei: IMEI1, devicePriceMinor: 100 })).fields).toEqual({ documentNumber: 'IDENTITY_MISMATCH' });
  });
});

describe('KÖMİS registration', () => {
  it('issues a unique subscriber code and a one-time password that exists only in the printed sheet', async () => {
    const visit = await desk.newVisit(citizen());
    const r = await desk.call<{ operation: Operation; subscriberCode: string; sheet: { base64: string } }>('komis:register', {
      visitId: visit.id, documentSeries: 'AA', documentNumber: '1234567', accounts: { azeriqaz: '1002003004', azersu: 'SU-778899' },
    });
    expect(r.subscriberCode).toMatch(/^\d{10}$/);
    const html = Buffer.from(r.sheet.base64, 'base64').toString('utf8');
    const password = /class="secret">([^<]+)<\/span><\/p><p class="note">/.exec(html)?.[1];
    expect(password).toMatch(/^[A-Za-z2-9]{10}$/);
    const hash = desk.services.db.prepare('SELECT password_hash FROM komis_registrations WHERE subscriber_code = ?').pluck().get(r.subscriberCode) as string;
    expect(await verifyPassword(password!, hash)).toBe(true);
    const everything = JSON.stringify([desk.services.db.prepare('SELECT * FROM operations').all(), desk.services.db.prepare('SELECT * FROM outbox').all(), desk.services.db.prepare('SELECT * FROM komis_registrations').all()]);
    expect(everything).not.toContain(password);

    // The reprint shows the code but not the password.
    const reprint = await desk.call<{ base64: string }>('print:form', { operationId: r.operation.id, language: 'en' });
    const again = Buffer.from(reprint.base64, 'base64').toString('utf8');
    expect(again).toContain(r.subscriberCode);
    expect(again).not.toContain(password);
    expect(again).toContain('printed on the original sheet only');
  });

  it('registers nothing when the sheet cannot be printed, so no password is lost', async () => {
    const visit = await desk.newVisit();
    capture.failing = true;
    const e = await failure(desk, 'komis:register', { visitId: visit.id, documentSeries: 'AA', documentNumber: '1234567', accounts: { azersu: 'SU-1234' } });
    expect(e.code).toBe('PRINT_FAILED');
    expect(desk.services.db.prepare('SELECT count(*) FROM komis_registrations').pluck().get()).toBe(0);
    expect(await desk.call('visits:operations', { visitId: visit.id })).toEqual([]);
  });

  it('needs at least one utility account', async () => {
    const visit = await desk.newVisit();
    expect((await failure(desk, 'komis:register', { visitId: visit.id, documentSeries: 'AA', documentNumber: '1234567', accounts: {} })).fields).toEqual({ accounts: 'ACCOUNT_REQUIRED' });
  });
});

describe('offline limits', () => {
  it('past the hard limit every operation needs a supervisor approval, stored with the operation', async () => {
    const visit = await desk.newVisit();
    withTx(desk.services.db, (tx) => setSyncState(tx, { enrolledAt: '2026-05-20T08:00:00.000Z', lastSuccessAt: '2026-05-25T08:00:00.000Z' }));
    const input = { visitId: visit.id, msisdn: MSISDN, certType: 'ferdi', months: 1 };
    const refused = await failure(desk, 'service:activate', input);
    expect(refused).toMatchObject({ code: 'APPROVAL_REQUIRED', details: { action: 'sync.offline-limit', reason: 'age' } });
    const offlineApprovalId = await desk.approve('sync.offline-limit', 'network down in the office since Monday');
    const r = await desk.call<{ operation: Operation }>('service:activate', { ...input, offlineApprovalId });
    expect(r.operation.payload.offline).toMatchObject({ level: 'approval-required', reason: 'network down in the office since Monday' });
  });
});
