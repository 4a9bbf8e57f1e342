// The shift records on the sync wire (issue 12, deliver 2). Like payments (payments.ts) they are records, not
// operation kinds: no screen of their own in the registry, no fee. The server stores them in its `shifts` table for the
// reports (server/store/shifts.ts). `shift.close` carries the totals the clerk saw: float, cash taken and refunded,
// expected, counted, the difference, its reason and the supervisor who approved it (null when there was none).
import { z } from 'zod';
import { paymentMethods } from '../domain/payments';
import { approvalRecordSchema, id } from './define';

const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'UUID');
const minor = z.number().int();

export const shiftOpenPayload = z.object({
  shiftId: uuid,
  clerkId: id,
  openingFloatMinor: minor.min(0),
  openedAt: z.string(),
});

export const shiftClosePayload = z.object({
  shiftId: uuid,
  clerkId: id,
  openedAt: z.string(),
  closedAt: z.string(),
  openingFloatMinor: minor.min(0),
  cashTakenMinor: minor.min(0),
  /** Cash paid back (refunds of cash-paid lines), as a positive amount. */
  cashRefundedMinor: minor.min(0),
  expectedMinor: minor,
  countedMinor: minor.min(0),
  /** counted − expected: positive is cash over, negative short. */
  differenceMinor: minor,
  reason: z.string().max(300).nullable(),
  /** The supervisor's approval of a non-zero difference; null when the count matched. */
  approval: approvalRecordSchema.nullable(),
  takings: z.array(z.object({ method: z.enum(paymentMethods), amountMinor: minor, count: z.number().int().min(0) })).max(10),
  operationCount: z.number().int().min(0),
  voidCount: z.number().int().min(0),
  /** What the stock count at close found, when one was taken (issue 12, deliver 3 hooks in here). */
  stockCount: z.record(z.string(), z.unknown()).nullable().default(null),
});

export const shiftRecordKinds = {
  'shift.open': {
    payload: shiftOpenPayload,
    example: { shiftId: '0190c0de-0000-7000-8000-0000000000f1', clerkId: 'clerk-1', openingFloatMinor: 5000, openedAt: '2026-12-01T08:00:00.000Z' } satisfies z.input<typeof shiftOpenPayload>,
  },
  'shift.close': {
    payload: shiftClosePayload,
    example: {
      shiftId: '0190c0de-0000-7000-8000-0000000000f1',
      clerkId: 'clerk-1',
      openedAt: '2026-12-01T08:00:00.000Z',
      closedAt: '2026-12-01T17:00:00.000Z',
      openingFloatMinor: 5000,
      cashTakenMinor: 1400,
      cashRefundedMinor: 700,
      expectedMinor: 5700,
      countedMinor: 5600,
      differenceMinor: -100,
      reason: 'change given twice',
      approval: { id: 'approval-2', action: 'shift.difference', reason: 'checked the till together', supervisorId: 'clerk-2', supervisorName: 'Supervisor' },
      takings: [{ method: 'cash', amountMinor: 700, count: 3 }],
      operationCount: 4,
      voidCount: 1,
      stockCount: null,
    } satisfies z.input<typeof shiftClosePayload>,
  },
} as const;
