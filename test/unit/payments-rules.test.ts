// The payment and void rules (common/domain/payments.ts, common/operations/payments.ts): what is due, what a payment
// takes in, totals with a refund, and which voids are refused.
import { describe, expect, it } from 'vitest';
import { amountTaken, checkClosePaid, checkPayment, checkVoid, paymentOf, unpaidLines, visitTotals, type BillOperation, type BillPayment } from '../../common/domain/payments';
import { voidMeanings } from '../../common/operations/payments';
import { operationKinds } from '../../common/operations';
import { activityOf, simsOf, withVoids } from '../../common/domain/customer-summary';

const op = (id: string, feeMinor: number, over: Partial<BillOperation> = {}): BillOperation => ({ id, kind: 'sim.duplicate', feeMinor, createdAt: '2026-06-01T08:00:00Z', localDate: '2026-06-01', voided: false, ...over });

describe('payments', () => {
  const ops = [op('a', 700), op('b', 0), op('c', 1800, { kind: 'cert.issue' }), op('d', 500, { voided: true })];

  it('asks for the chargeable lines nobody paid: no free lines, no voided ones', () => {
    expect(unpaidLines(ops, [])).toEqual([
      { operationId: 'a', kind: 'sim.duplicate', amountMinor: 700 },
      { operationId: 'c', kind: 'cert.issue', amountMinor: 1800 },
    ]);
  });

  it('pays once: a paid line is no longer due; a waived fee takes nothing', () => {
    const paid: BillPayment[] = [{ id: 'p1', kind: 'payment', method: 'card', lines: [{ operationId: 'a', kind: 'sim.duplicate', amountMinor: 700 }] }];
    expect(unpaidLines(ops, paid).map((l) => l.operationId)).toEqual(['c']);
    expect(amountTaken('cash', unpaidLines(ops, []))).toBe(2500);
    expect(amountTaken('free', unpaidLines(ops, []))).toBe(0);
    expect(paymentOf('a', paid)?.id).toBe('p1');
    expect(paymentOf('c', paid)).toBeNull();
  });

  it('totals: paid, refunded and net; a free payment counts no money', () => {
    const payments: BillPayment[] = [
      { id: 'p1', kind: 'payment', method: 'card', lines: [{ operationId: 'a', kind: 'sim.duplicate', amountMinor: 700 }, { operationId: 'c', kind: 'cert.issue', amountMinor: 1800 }] },
      { id: 'r1', kind: 'refund', method: 'card', lines: [{ operationId: 'a', kind: 'sim.duplicate', amountMinor: -700 }] },
    ];
    expect(visitTotals(ops, payments)).toEqual({ due: 0, paid: 2500, refunded: 700, net: 1800 });
    expect(visitTotals(ops, [{ id: 'f', kind: 'payment', method: 'free', lines: [{ operationId: 'a', kind: 'x', amountMinor: 700 }] }])).toEqual({ due: 1800, paid: 0, refunded: 0, net: 0 });
  });

  it('refuses a payment with nothing due, and a waived fee without a listed reason', () => {
    expect(checkPayment([], 'cash', null, [])?.code).toBe('NOTHING_TO_PAY');
    const due = unpaidLines(ops, []);
    expect(checkPayment(due, 'free', null, ['veteran'])?.code).toBe('FREE_REASON_REQUIRED');
    expect(checkPayment(due, 'free', 'other', ['veteran'])?.code).toBe('FREE_REASON_REQUIRED');
    expect(checkPayment(due, 'free', 'veteran', ['veteran'])).toBeNull();
    expect(checkPayment(due, 'card', null, [])).toBeNull();
  });

  it('refuses to close an unpaid visit, naming what is due', () => {
    expect(checkClosePaid(unpaidLines(ops, []))).toMatchObject({ code: 'VISIT_UNPAID', details: { dueMinor: 2500, due: '25.00 AZN' } });
    expect(checkClosePaid([])).toBeNull();
  });
});

describe('voids', () => {
  it('only today, once, of a kind that can be undone, and not once something relies on it', () => {
    expect(checkVoid(op('a', 700), '2026-06-01', 'reverse', null)).toBeNull();
    expect(checkVoid(op('a', 700), '2026-06-02', 'reverse', null)).toMatchObject({ code: 'VOID_NOT_SAME_DAY', details: { date: '2026-06-01' } });
    expect(checkVoid(op('a', 700, { voided: true }), '2026-06-01', 'reverse', null)?.code).toBe('ALREADY_VOIDED');
    expect(checkVoid(op('a', 0, { kind: 'poa.revoke' }), '2026-06-01', 'refused', null)?.code).toBe('VOID_NOT_REVERSIBLE');
    expect(checkVoid(op('a', 0, { kind: 'poa.create' }), '2026-06-01', 'reverse', 'op-2')).toMatchObject({ code: 'VOID_USED_SINCE', details: { usedBy: 'op-2' } });
  });

  it('every kind says what its void means; revocations and replaced certificates cannot be undone', () => {
    expect(Object.keys(voidMeanings).sort()).toEqual([...operationKinds].sort());
    expect(operationKinds.filter((k) => voidMeanings[k] === 'refused').sort()).toEqual(['cert.reissue', 'cert.renew', 'poa.revoke', 'token.reportLost', 'token.unblock']);
    expect(voidMeanings['sim.duplicate']).toBe('reverse');
  });
});

describe("the customer's record", () => {
  const rec = (id: string, kind: string, payload: Record<string, unknown>, at: string) => ({ id, kind, subject: 'fin:5ABCDE1', createdAt: at, status: 'applied' as const, payload, officeId: null, officeName: null });
  const records = [
    rec('s1', 'sim.sell', { msisdn: '+994551110001', iccid: '8999401000000000102' }, '2026-06-01T08:00:00Z'),
    rec('d1', 'sim.duplicate', { msisdn: '+994551110001', oldIccid: '8999401000000000102', newIccid: '8999401000000000110' }, '2026-06-01T08:05:00Z'),
    rec('i1', 'imei.register', { imei: '356938035643809', msisdn: '+994551110001', noticeCode: 'IM1' }, '2026-06-01T08:06:00Z'),
    rec('v1', 'op.void', { operationId: 'd1' }, '2026-06-01T08:10:00Z'),
    rec('v2', 'op.void', { operationId: 'i1' }, '2026-06-01T08:11:00Z'),
  ];

  it('a voided duplicate leaves the SIMs as they were; a voided registration shows as voided', () => {
    expect(simsOf(records).map((s) => [s.iccid, s.state])).toEqual([['8999401000000000102', 'bound']]);
    expect(activityOf(records).imeiRegistrations.map((r) => [r.id, r.status])).toEqual([['i1', 'voided']]);
    expect(withVoids(records).find((r) => r.id === 'd1')?.status).toBe('voided');
  });
});
