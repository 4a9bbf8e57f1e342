// Shifts at the desk (issue 12, deliver 2): a clerk opens a shift with a counted float, takes cash and card, reads
// the X-report (pdftotext), closes with a 1 AZN difference — refused without a reason, then without a supervisor's
// approval, accepted with both — and reads the Z-report in az, en and ru. Outside an open shift every operation and
// payment is refused with SHIFT_CLOSED. The shift.open / shift.close records pass the server's schemas and the server
// stores them in its `shifts` table.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLOWS, failure, iccid, withDeskPerTest, type TestDesk } from '../support/desk';
import { enrolNewDesk, makeOp, openDatabase, startServer, type RunningServer } from '../support/sync-server';
import type { Operation } from '../../common/ipc/channels/flows';
import type { Shift, ShiftClosing, ShiftReport } from '../../common/ipc/channels/shifts';
import { syncPayloadSchemas } from '../../common/operations';
import { listOutbox } from '../../electron/main/db/queries/outbox';
import { SHIFT_DIFFERENCE_APPROVAL_ACTION } from '../../common/domain/shifts';

let desk: TestDesk;
withDeskPerTest({ ...FLOWS, openShift: false }, (d) => (desk = d));

let tmp: string;
let server: RunningServer;
beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'masa-shifts-'));
  server = await startServer(await openDatabase('pglite'));
}, 60_000);
afterAll(async () => {
  rmSync(tmp, { recursive: true, force: true });
  await server?.close();
  await server?.db.close();
});

function pdfText(base64: string): string {
  const file = join(tmp, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, Buffer.from(base64, 'base64'));
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

function queued(kind: string): { id: string; subject: string; payload: Record<string, unknown> }[] {
  return listOutbox(desk.services.db, 'all', 500)
    .filter((r) => r.kind === kind)
    .map((r) => ({ id: r.id, subject: r.subject, payload: JSON.parse(r.payload_json) as Record<string, unknown> }));
}

/** A visit with a SIM sale (5 AZN at an ASXM desk) paid by `method`. */
async function soldAndPaid(msisdn: string, sim: string, method: 'cash' | 'card'): Promise<Operation> {
  const visit = await desk.newVisit();
  const sale = (await desk.call<{ operation: Operation }>('sim:sell', { visitId: visit.id, msisdn, tariff: 'ferdi', sim: { readId: await desk.readSim(iccid(sim)) } })).operation;
  await desk.call('payments:pay', { visitId: visit.id, method });
  return sale;
}

const squash = (s: string) => s.replace(/\s+/g, ' ');

describe('outside an open shift', () => {
  it('every operation and payment is refused with SHIFT_CLOSED, in the clerk’s words; opening the shift lets them through', async () => {
    expect(await desk.call('shifts:current')).toBeNull();
    const visit = await desk.newVisit();
    const sell = await failure(desk, 'sim:sell', { visitId: visit.id, msisdn: '+994551230001', tariff: 'ferdi', sim: { readId: await desk.readSim(iccid('5500000001')) } });
    expect(sell.code).toBe('SHIFT_CLOSED');
    expect(sell.message).toBe('You have no open shift: open your shift (F7: count the float in the till) before serving customers.');
    expect((await failure(desk, 'payments:pay', { visitId: visit.id, method: 'cash' })).code).toBe('SHIFT_CLOSED');
    expect((await failure(desk, 'shifts:report', undefined)).code).toBe('SHIFT_CLOSED');
    expect((await failure(desk, 'shifts:open', { openingFloatMinor: -1 })).code).toBe('INVALID_INPUT');
    expect(queued('sim.sell')).toEqual([]);

    const shift = await desk.call<Shift>('shifts:open', { openingFloatMinor: 5000 });
    expect(shift).toMatchObject({ openingFloatMinor: 5000, closedAt: null, countedMinor: null });
    expect((await failure(desk, 'shifts:open', { openingFloatMinor: 100 })).code).toBe('SHIFT_ALREADY_OPEN');
    const sold = await desk.call<{ operation: Operation }>('sim:sell', { visitId: visit.id, msisdn: '+994551230001', tariff: 'ferdi', sim: { readId: await desk.readSim(iccid('5500000001')) } });
    expect(sold.operation.kind).toBe('sim.sell');
  });
});

describe('a shift from float to Z-report', () => {
  it('X-report mid-shift; a 1 AZN difference needs a reason and a supervisor; the Z-report prints it; the server stores the shift', async () => {
    await desk.call('shifts:open', { openingFloatMinor: 5000 });
    const cash1 = await soldAndPaid('+994551230011', '5500000011', 'cash');
    const card = await soldAndPaid('+994551230012', '5500000012', 'card');
    const cash2 = await soldAndPaid('+994551230013', '5500000013', 'cash');
    expect([cash1.feeMinor, card.feeMinor, cash2.feeMinor]).toEqual([500, 500, 500]);
    // The second cash sale voided with approval: 5 AZN paid back in cash.
    await desk.call('payments:void', { operationId: cash2.id, approvalId: await desk.approve('operation.void', 'wrong number'), reason: 'wrong number' });

    const x = await desk.call<ShiftReport>('shifts:report');
    expect(x.cash).toEqual({ openingFloatMinor: 5000, takenMinor: 1000, refundedMinor: 500, expectedMinor: 5500 });
    expect(x.operations).toEqual([{ kind: 'sim.sell', count: 3, feesMinor: 1500, voided: 1 }]);
    expect(x.takings).toEqual([
      { method: 'card', amountMinor: 500, count: 1 },
      { method: 'cash', amountMinor: 1000, count: 2 },
    ]);
    expect(x.refunds).toEqual([{ method: 'cash', amountMinor: 500, count: 1 }]);
    expect(x.voids.map((v) => [v.operationId, v.reason])).toEqual([[cash2.id, 'wrong number']]);

    const xText = squash(pdfText((await desk.call<{ base64: string }>('print:xReport', { language: 'en' })).base64));
    expect(xText).toContain('X-report (shift so far)');
    expect(xText).toContain('Asan İmza SIM sale 3 1 15.00 AZN');
    expect(xText).toContain('Card 1 5.00 AZN Cash 2 10.00 AZN');
    expect(xText).toContain('Refunds Cash 1 -5.00 AZN');
    expect(xText).toContain('Opening float 50.00 AZN');
    expect(xText).toContain('Cash taken 10.00 AZN');
    expect(xText).toContain('Cash refunded -5.00 AZN');
    expect(xText).toContain('Expected 55.00 AZN');
    expect(xText).not.toContain('Counted');

    // The close screen: expected 55.00, counted 54.00 → 1 AZN short; everything is still provisional (no sync here).
    const closing = await desk.call<ShiftClosing>('shifts:closing', { countedMinor: 5400 });
    expect([closing.cash.expectedMinor, closing.countedMinor, closing.differenceMinor]).toEqual([5500, 5400, -100]);
    expect(closing.unsynced.map((u) => u.id).sort()).toEqual([cash1.id, card.id, cash2.id].sort());
    expect(closing.openVisits).toHaveLength(3);

    const noReason = await failure(desk, 'shifts:close', { countedMinor: 5400 });
    expect(noReason.code).toBe('SHIFT_DIFFERENCE_REASON_REQUIRED');
    expect(noReason.details).toMatchObject({ differenceMinor: -100, difference: '-1.00 AZN' });
    const noApproval = await failure(desk, 'shifts:close', { countedMinor: 5400, reason: 'change given twice' });
    expect(noApproval.code).toBe('SHIFT_DIFFERENCE_APPROVAL_REQUIRED');
    // An approval for something else does not close the till.
    const wrong = await failure(desk, 'shifts:close', { countedMinor: 5400, reason: 'change given twice', approvalId: await desk.approve('operation.void') });
    expect(wrong.code).toBe('APPROVAL_REQUIRED');
    expect(await desk.call('shifts:current')).not.toBeNull();

    const approvalId = await desk.approve(SHIFT_DIFFERENCE_APPROVAL_ACTION, 'counted together');
    const z = await desk.call<ShiftReport>('shifts:close', { countedMinor: 5400, reason: 'change given twice', approvalId });
    expect(z.shift).toMatchObject({ countedMinor: 5400, differenceMinor: -100, reason: 'change given twice', approval: { id: approvalId, action: 'shift.difference', reason: 'counted together' } });
    expect(z.shift.closedAt).toBe(z.until);
    expect(await desk.call('shifts:current')).toBeNull();
    // Closed: the next sale is refused until a new shift is opened.
    const after = await desk.newVisit();
    expect((await failure(desk, 'sim:sell', { visitId: after.id, msisdn: '+994551230019', tariff: 'ferdi', sim: { readId: await desk.readSim(iccid('5500000019')) } })).code).toBe('SHIFT_CLOSED');

    const zText = (lang: 'az' | 'en' | 'ru') => desk.call<{ base64: string }>('print:zReport', { shiftId: z.shift.id, language: lang }).then((p) => squash(pdfText(p.base64)));
    const en = await zText('en');
    expect(en).toContain('Z-report (shift closed)');
    expect(en).not.toContain('Copy');
    expect(en).toContain('Expected 55.00 AZN');
    expect(en).toContain('Counted 54.00 AZN');
    expect(en).toContain('Difference -1.00 AZN');
    expect(en).toContain('Reason for the difference change given twice');
    expect(en).toContain('Approved by');
    const az = await zText('az');
    // Printed again: a copy, like a reprinted receipt.
    expect(az).toContain('Z-hesabat (növbə bağlandı) — Surət');
    expect(az).toContain('Gözlənilən 55.00 AZN');
    expect(az).toContain('Sayılan 54.00 AZN');
    expect(az).toContain('Fərq -1.00 AZN');
    const ru = await zText('ru');
    expect(ru).toContain('Z-отчёт (смена закрыта) — Копия');
    expect(ru).toContain('Ожидается 55.00 AZN');
    expect(ru).toContain('Пересчитано 54.00 AZN');
    expect(ru).toContain('Расхождение -1.00 AZN');

    // Synced: both records pass the server's schemas, and the server keeps the shift for the reports.
    const [open] = queued('shift.open');
    const [close] = queued('shift.close');
    expect(syncPayloadSchemas['shift.open'].safeParse(open.payload).success).toBe(true);
    expect(syncPayloadSchemas['shift.close'].safeParse(close.payload).success).toBe(true);
    expect(close.payload).toMatchObject({ expectedMinor: 5500, countedMinor: 5400, differenceMinor: -100, cashTakenMinor: 1000, cashRefundedMinor: 500, operationCount: 3, voidCount: 1 });
    const central = await enrolNewDesk(server, 'Shift Office');
    const acks = await central.client.push([
      makeOp(1, 'shift.open', open.payload, { id: open.id, subject: open.subject }),
      makeOp(2, 'shift.close', close.payload, { id: close.id, subject: close.subject }),
    ]);
    expect(acks.acks.map((a) => a.status)).toEqual(['applied', 'applied']);
    const rows = await server.db.query<Record<string, unknown>>(
      'SELECT opening_float_minor, expected_minor, counted_minor, difference_minor, reason, approved_by, operation_count, void_count FROM shifts WHERE shift_id = $1',
      [z.shift.id],
    );
    expect(rows).toEqual([
      { opening_float_minor: 5000, expected_minor: 5500, counted_minor: 5400, difference_minor: -100, reason: 'change given twice', approved_by: z.shift.approval!.supervisorId, operation_count: 3, void_count: 1 },
    ]);
  });

  it('a count that matches closes without a reason or an approval', async () => {
    await desk.call('shifts:open', { openingFloatMinor: 2000 });
    await soldAndPaid('+994551230021', '5500000021', 'cash');
    const z = await desk.call<ShiftReport>('shifts:close', { countedMinor: 2500 });
    expect(z.shift).toMatchObject({ countedMinor: 2500, differenceMinor: 0, reason: null, approval: null });
  });
});
