// A clerk's shift at a desk (issue 12, deliver 2): the till's cash from the counted opening float to the counted
// close. Pure rules: the expected cash, the difference at close and what a difference needs. The desk's ShiftService
// (electron/main/flows/shift-service.ts) applies them; docs/flows.md "Shifts" explains the design.
import { violation, type Verdict } from './rules/result';
import { formatAzn } from './reference';

/** The supervisor's approval a non-zero cash difference at close needs (auth:approve with this action). */
export const SHIFT_DIFFERENCE_APPROVAL_ACTION = 'shift.difference';

/** The largest float or count the desk accepts (100 000 AZN): a typo of extra zeros is refused, not recorded. */
export const MAX_TILL_MINOR = 10_000_000;

/**
 * The cash that should be in the till: the opening float, plus cash taken, less cash paid back. `cashNetMinor` is
 * what the payments table sums for the clerk's cash over the shift (refunds are negative rows), so it already is
 * "taken − refunded"; the parts are kept apart for the report.
 */
export function expectedCash(openingFloatMinor: number, cashTakenMinor: number, cashRefundedMinor: number): number {
  return openingFloatMinor + cashTakenMinor - Math.abs(cashRefundedMinor);
}

/** Counted less expected: positive is cash over, negative cash short. */
export function cashDifference(countedMinor: number, expectedMinor: number): number {
  return countedMinor - expectedMinor;
}

/** An amount of cash as the clerk counts it: whole qəpik, not negative, not absurd. */
export function checkCashAmount(minor: number, field: 'openingFloatMinor' | 'countedMinor'): Verdict {
  if (!Number.isInteger(minor) || minor < 0 || minor > MAX_TILL_MINOR) {
    return violation('CASH_AMOUNT_INVALID', 'Enter the cash counted in the till, in AZN (for example 50.00).', { fields: { [field]: 'INVALID' } });
  }
  return null;
}

/**
 * Closing with a difference: none needed when the count matches; otherwise a reason in the clerk's words and a
 * supervisor's approval (four eyes on the till). `approvalId` is checked (and spent) by the auth service.
 */
export function checkCloseDifference(differenceMinor: number, reason: string, approvalId: string | null): Verdict {
  if (differenceMinor === 0) return null;
  const details = { differenceMinor, difference: formatAzn(differenceMinor) };
  if (!reason.trim()) {
    return violation('SHIFT_DIFFERENCE_REASON_REQUIRED', 'The counted cash differs from the expected by {difference}: say why.', { fields: { reason: 'REQUIRED' }, details });
  }
  if (!approvalId) {
    return violation('SHIFT_DIFFERENCE_APPROVAL_REQUIRED', 'The counted cash differs from the expected by {difference}: a supervisor must approve the close.', { details });
  }
  return null;
}

/** Opening a shift: the clerk has none open at this desk. */
export function checkCanOpen(openShiftId: string | null): Verdict {
  return openShiftId ? violation('SHIFT_ALREADY_OPEN', 'You already have an open shift at this desk: close it before opening another.', { details: { shiftId: openShiftId } }) : null;
}

/** Recording an operation or a payment: the clerk must have an open shift at this desk. */
export function checkShiftOpen(openShiftId: string | null): Verdict {
  return openShiftId ? null : violation('SHIFT_CLOSED', 'You have no open shift: open your shift (F7: count the float in the till) before serving customers.');
}
