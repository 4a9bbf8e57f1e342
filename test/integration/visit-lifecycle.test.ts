// A visit's lifecycle (issue 9, item 6): closed by the clerk or after the receipt, closed at the end of its day
// (lazily, when the desk next serves), cancelled while empty; a closed visit and a stale identity check refuse new
// operations. Every close and cancel is queued for sync; the receipt counts its prints and says where it stands.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, CLERK, FLOWS, failure, withDeskPerTest, type TestDesk } from '../support/desk';
import { ErrorCode } from '../../common/errors';
import type { Visit } from '../../common/ipc/channels/visits';
import type { Operation } from '../../common/ipc/channels/flows';
import { listOutbox } from '../../electron/main/db/queries/outbox';

let desk: TestDesk;
withDeskPerTest(FLOWS, (d) => (desk = d));

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'masa-visit-life-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const IMEI = '356938035643809';

function imei(visitId: string, number = IMEI) {
  return desk.call<{ operation: Operation }>('imei:register', {
    visitId, fin: '5ABCDEF', documentSeries: 'AA', documentNumber: '1234567', imei: number, securityCode: '1111', msisdn: '+994501234567', devicePriceMinor: 150000, paymentType: 'card',
  });
}

function outboxKinds(): { kind: string; payload: Record<string, unknown> }[] {
  return listOutbox(desk.services.db, 'all', 100).map((r) => ({ kind: r.kind, payload: JSON.parse(r.payload_json) as Record<string, unknown> }));
}

function pdfText(base64: string): string {
  const file = join(tmp, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, Buffer.from(base64, 'base64'));
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

describe('closing a visit', () => {
  it('the clerk closes a visit; it then refuses new operations with VISIT_CLOSED; the close is queued for sync', async () => {
    const v = await desk.newVisit();
    await imei(v.id);
    // A chargeable visit is paid before it closes (issue 12: payments-voids.test.ts).
    expect((await failure(desk, 'visits:close', { id: v.id })).code).toBe('VISIT_UNPAID');
    await desk.call('payments:pay', { visitId: v.id, method: 'card' });
    const closed = await desk.call<Visit>('visits:close', { id: v.id });
    expect(closed).toMatchObject({ status: 'completed', closeReason: 'clerk', operations: 1 });
    expect(closed.closedAt).toBe('2026-06-01T08:00:00.000Z');
    const refused = await failure(desk, 'imei:register', { visitId: v.id, fin: '5ABCDEF', documentSeries: 'AA', documentNumber: '1234567', imei: '490154203237518', securityCode: '1111', msisdn: '+994501234567', devicePriceMinor: 150000, paymentType: 'card' });
    expect(refused.code).toBe(ErrorCode.VisitClosed);
    const close = outboxKinds().filter((o) => o.kind === 'visit.close');
    expect(close).toHaveLength(1);
    expect(close[0].payload).toMatchObject({ visitId: v.id, reason: 'clerk', closedAt: '2026-06-01T08:00:00.000Z' });
    // Closing twice is a clear refusal, not a second sync record.
    expect((await failure(desk, 'visits:close', { id: v.id })).code).toBe(ErrorCode.VisitClosed);
    expect(outboxKinds().filter((o) => o.kind === 'visit.close')).toHaveLength(1);
  });

  it('after the receipt: closed with reason "receipt", and the receipt still reprints (as a copy)', async () => {
    const v = await desk.newVisit();
    await imei(v.id);
    const first = pdfText((await desk.call<{ base64: string }>('print:receipt', { visitId: v.id, language: 'en' })).base64);
    expect(first).not.toContain('Copy');
    await desk.call('payments:pay', { visitId: v.id, method: 'card' });
    expect(await desk.call<Visit>('visits:close', { id: v.id, reason: 'receipt' })).toMatchObject({ status: 'completed', closeReason: 'receipt', printCount: 1 });
    const again = pdfText((await desk.call<{ base64: string }>('print:receipt', { visitId: v.id, language: 'en' })).base64);
    expect(again).toContain('Receipt — Copy');
    expect((await desk.call<Visit>('visits:get', { id: v.id })).printCount).toBe(2);
  });

  it('at the end of the day: the visits of earlier local days are closed when the desk next serves, and synced', async () => {
    const yesterday = await desk.newVisit();
    await imei(yesterday.id);
    const empty = await desk.newVisit();
    // No timer ran: the next day, the first read closes them.
    desk.clock.set('2026-06-02T07:00:00Z');
    const got = await desk.call<Visit>('visits:get', { id: yesterday.id });
    expect(got).toMatchObject({ status: 'completed', closeReason: 'end-of-day' });
    expect(await desk.call<Visit>('visits:get', { id: empty.id })).toMatchObject({ status: 'completed', closeReason: 'end-of-day' });
    const closes = outboxKinds().filter((o) => o.kind === 'visit.close');
    expect(closes.map((c) => c.payload.visitId).sort()).toEqual([yesterday.id, empty.id].sort());
    expect(closes.every((c) => c.payload.reason === 'end-of-day' && c.payload.clerkId === null)).toBe(true);
    expect((await failure(desk, 'imei:register', { visitId: yesterday.id, fin: '5ABCDEF', documentSeries: 'AA', documentNumber: '1234567', imei: '490154203237518', securityCode: '1111', msisdn: '+994501234567', devicePriceMinor: 150000, paymentType: 'card' })).code).toBe(ErrorCode.VisitClosed);
    // Today's visit is untouched.
    const today = await desk.newVisit();
    expect((await desk.call<Visit[]>('visits:today')).map((x) => x.id)).toEqual([today.id]);
    expect((await desk.call<Visit>('visits:get', { id: today.id })).status).toBe('open');
  });

  it('an operation on an earlier day’s visit closes it first and is refused, even before any read', async () => {
    const v = await desk.newVisit();
    desk.clock.set('2026-06-02T07:00:00Z');
    const refused = await failure(desk, 'imei:register', { visitId: v.id, fin: '5ABCDEF', documentSeries: 'AA', documentNumber: '1234567', imei: IMEI, securityCode: '1111', msisdn: '+994501234567', devicePriceMinor: 150000, paymentType: 'card' });
    expect(refused.code).toBe(ErrorCode.VisitClosed);
    expect(outboxKinds().filter((o) => o.kind.startsWith('imei'))).toHaveLength(0);
  });
});

describe('cancelling a visit', () => {
  it('an empty visit is cancelled (and synced); one with operations is refused with VISIT_NOT_EMPTY', async () => {
    const empty = await desk.newVisit();
    expect(await desk.call<Visit>('visits:cancel', { id: empty.id })).toMatchObject({ status: 'cancelled', closeReason: 'cancelled' });
    expect(outboxKinds().find((o) => o.kind === 'visit.cancel')?.payload).toMatchObject({ visitId: empty.id, cancelledAt: '2026-06-01T08:00:00.000Z' });
    expect((await failure(desk, 'imei:register', { visitId: empty.id, fin: '5ABCDEF', documentSeries: 'AA', documentNumber: '1234567', imei: IMEI, securityCode: '1111', msisdn: '+994501234567', devicePriceMinor: 150000, paymentType: 'card' })).code).toBe(ErrorCode.VisitClosed);
    const busy = await desk.newVisit();
    await imei(busy.id);
    expect((await failure(desk, 'visits:cancel', { id: busy.id })).code).toBe(ErrorCode.VisitNotEmpty);
    expect((await desk.call<Visit>('visits:get', { id: busy.id })).status).toBe('open');
  });
});

describe('the identity check’s age', () => {
  it('an identity check older than visit.identity.maxAgeHours (8 by default) needs a new one', async () => {
    const v = await desk.newVisit();
    desk.clock.set('2026-06-01T15:59:00Z');
    await imei(v.id);
    desk.clock.set('2026-06-01T16:01:00Z');
    const refused = await failure(desk, 'imei:register', { visitId: v.id, fin: '5ABCDEF', documentSeries: 'AA', documentNumber: '1234567', imei: '490154203237518', securityCode: '1111', msisdn: '+994501234567', devicePriceMinor: 150000, paymentType: 'card' });
    expect(refused).toMatchObject({ code: ErrorCode.IdentityCheckStale, details: { maxAgeHours: 8 } });
    // A new identity check (a new visit) works.
    const fresh = await desk.newVisit();
    await imei(fresh.id, '490154203237518');
  });

  it('the limit is reference data: a supervisor’s edit applies at once', async () => {
    const [params] = await desk.call<{ rows: Record<string, unknown>[] }[]>('reference:list', { table: 'parameters' });
    expect(params.rows.find((r) => r.code === 'visit.identity.maxAgeHours')?.value).toBe(8);
    const v = await desk.newVisit();
    desk.clock.set('2026-06-01T10:30:00Z');
    await imei(v.id);
    const rows = params.rows.map((r) => (r.code === 'visit.identity.maxAgeHours' ? { ...r, value: 2 } : r));
    await desk.call('auth:signIn', ADMIN);
    await desk.call('reference:update', { table: 'parameters', rows });
    await desk.call('auth:signIn', CLERK);
    expect((await failure(desk, 'imei:register', { visitId: v.id, fin: '5ABCDEF', documentSeries: 'AA', documentNumber: '1234567', imei: '490154203237518', securityCode: '1111', msisdn: '+994501234567', devicePriceMinor: 150000, paymentType: 'card' })).code).toBe(ErrorCode.IdentityCheckStale);
  });
});

describe('provisional receipts before sync', () => {
  it('a receipt of operations the server has not acknowledged says so in az, en and ru; operations are provisional', async () => {
    const v = await desk.newVisit();
    const { operation } = await imei(v.id);
    const ops = await desk.call<Operation[]>('visits:operations', { visitId: v.id });
    expect(ops.map((o) => o.sync)).toEqual(['provisional']);
    expect((await desk.call<Visit>('visits:get', { id: v.id })).sync).toEqual({ provisional: 1, final: 0, conflict: 0 });
    const lines = { en: 'Provisional: not yet confirmed by the central office', az: 'İlkin: mərkəzi ofis hələ təsdiqləməyib', ru: 'Предварительно: ещё не подтверждено центральным офисом' };
    for (const [language, line] of Object.entries(lines)) {
      const text = pdfText((await desk.call<{ base64: string }>('print:receipt', { visitId: v.id, language })).base64);
      expect(text.replace(/\s+/g, ' ')).toContain(line);
      expect(text.replace(/\s+/g, '')).toContain(operation.id);
    }
  });
});
