// The till's arithmetic and the close's rules (common/domain/shifts.ts).
import { describe, expect, it } from 'vitest';
import { shiftReportHtml } from '../../electron/main/printing/templates-shift';
import { cashDifference, checkCanOpen, checkCashAmount, checkCloseDifference, checkShiftOpen, expectedCash } from '../../common/domain/shifts';

describe('expected cash', () => {
  it('is the float plus cash taken less cash paid back (a refund counts once whichever sign it comes with)', () => {
    expect(expectedCash(5000, 1000, 500)).toBe(5500);
    expect(expectedCash(5000, 1000, -500)).toBe(5500);
    expect(expectedCash(0, 0, 0)).toBe(0);
    expect(expectedCash(2000, 0, 700)).toBe(1300);
  });
  it('the difference is counted less expected: short is negative, over positive', () => {
    expect(cashDifference(5400, 5500)).toBe(-100);
    expect(cashDifference(5600, 5500)).toBe(100);
    expect(cashDifference(5500, 5500)).toBe(0);
  });
});

describe('closing with a difference', () => {
  it('no difference needs neither reason nor approval', () => {
    expect(checkCloseDifference(0, '', null)).toBeNull();
  });
  it('a difference without a reason is refused first, naming the amount', () => {
    expect(checkCloseDifference(-100, '  ', 'a1')).toEqual({
      code: 'SHIFT_DIFFERENCE_REASON_REQUIRED',
      message: 'The counted cash differs from the expected by {difference}: say why.',
      fields: { reason: 'REQUIRED' },
      details: { differenceMinor: -100, difference: '-1.00 AZN' },
    });
  });
  it('a difference with a reason still needs a supervisor, over or short', () => {
    expect(checkCloseDifference(100, 'extra coin', null)?.code).toBe('SHIFT_DIFFERENCE_APPROVAL_REQUIRED');
    expect(checkCloseDifference(-1, 'short', null)?.details).toEqual({ differenceMinor: -1, difference: '-0.01 AZN' });
    expect(checkCloseDifference(-100, 'short', 'approval-1')).toBeNull();
  });
});

describe('amounts and the open shift', () => {
  it('a float or count is whole qəpik, from 0 to 100 000 AZN', () => {
    expect(checkCashAmount(0, 'openingFloatMinor')).toBeNull();
    expect(checkCashAmount(10_000_000, 'countedMinor')).toBeNull();
    expect(checkCashAmount(-1, 'countedMinor')?.fields).toEqual({ countedMinor: 'INVALID' });
    expect(checkCashAmount(10_000_001, 'openingFloatMinor')?.code).toBe('CASH_AMOUNT_INVALID');
    expect(checkCashAmount(1.5, 'openingFloatMinor')?.code).toBe('CASH_AMOUNT_INVALID');
  });
  it('one open shift per clerk; nothing is recorded without one', () => {
    expect(checkCanOpen(null)).toBeNull();
    expect(checkCanOpen('s1')?.code).toBe('SHIFT_ALREADY_OPEN');
    expect(checkShiftOpen('s1')).toBeNull();
    expect(checkShiftOpen(null)?.code).toBe('SHIFT_CLOSED');
  });
});

describe('the X and Z reports as printed (templates-shift.ts)', () => {
  const report = {
    shift: { id: 's-1', clerkId: 'c-1', clerkName: 'Elvin <Clerk>', openedAt: '2026-06-01T08:00:00.000Z', openingFloatMinor: 5000, closedAt: '2026-06-01T17:00:00.000Z', countedMinor: 5400, differenceMinor: -100, reason: 'change given twice', approval: { id: 'a-1', action: 'shift.difference', reason: 'ok', supervisorId: 'sup', supervisorName: 'Nigar' } },
    until: '2026-06-01T17:00:00.000Z',
    operations: [{ kind: 'sim.sell', count: 3, feesMinor: 1500, voided: 1 }],
    takings: [{ method: 'cash' as const, amountMinor: 1000, count: 2 }],
    refunds: [{ method: 'cash', amountMinor: 500, count: 1 }],
    voids: [],
    cash: { openingFloatMinor: 5000, takenMinor: 1000, refundedMinor: 500, expectedMinor: 5500 },
  };
  it('the Z-report on the 80 mm roll carries the count, the difference, its reason and approver; the X-report has no count', () => {
    const z = shiftReportHtml('en', 'z', report, { office: 'ASXM', desk: 'Masa 3' }, 'receipt80');
    expect(z).toContain('data-layout="receipt80"');
    expect(z).toContain('width: 80mm');
    expect(z).toContain('Elvin &#60;Clerk&#62;');
    for (const text of ['Z-report (shift closed)', '54.00 AZN', '-1.00 AZN', 'change given twice', 'Nigar', '55.00 AZN']) expect(z).toContain(text);
    const x = shiftReportHtml('ru', 'x', report, { office: 'ASXM', desk: 'Masa 3' }, 'a4');
    expect(x).toContain('data-layout="a4"');
    expect(x).toContain('X-отчёт');
    expect(x).not.toContain('Пересчитано');
  });
});
