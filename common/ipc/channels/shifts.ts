// Shifts (issue 12, deliver 2): open with a counted float, the X-report at any time, the close (counted vs expected,
// a difference with its reason and a supervisor's approval) and the Z-report. Every operation and payment needs the
// clerk's open shift (SHIFT_CLOSED otherwise).
import { z } from 'zod';
import { channel, type ChannelMap, type EventMap } from '../define';
import { paymentMethods } from '../../domain/payments';
import { languageSchema } from './app';
import { approvalRecordSchema, pdfSchema } from '../../operations/define';

const minor = z.number().int();

export const shiftSchema = z.object({
  id: z.string(),
  clerkId: z.string(),
  clerkName: z.string(),
  openedAt: z.string(),
  openingFloatMinor: minor,
  closedAt: z.string().nullable(),
  countedMinor: minor.nullable(),
  differenceMinor: minor.nullable(),
  reason: z.string().nullable(),
  approval: approvalRecordSchema.nullable(),
});
export type Shift = z.infer<typeof shiftSchema>;

/** The totals of a shift so far (X) or at its close (Z). */
export const shiftReportSchema = z.object({
  shift: shiftSchema,
  /** The end of the period the totals cover: now for an X-report, the close for a Z-report. */
  until: z.string(),
  operations: z.array(z.object({ kind: z.string(), count: z.number().int(), feesMinor: minor, voided: z.number().int() })),
  takings: z.array(z.object({ method: z.enum(paymentMethods), amountMinor: minor, count: z.number().int() })),
  refunds: z.array(z.object({ method: z.string(), amountMinor: minor, count: z.number().int() })),
  voids: z.array(z.object({ operationId: z.string(), kind: z.string(), reason: z.string(), createdAt: z.string() })),
  cash: z.object({ openingFloatMinor: minor, takenMinor: minor, refundedMinor: minor, expectedMinor: minor }),
});
export type ShiftReport = z.infer<typeof shiftReportSchema>;

/** What the close screen shows before the clerk confirms: the report, the difference, and what is left open. */
export const shiftClosingSchema = shiftReportSchema.extend({
  countedMinor: minor.nullable(),
  differenceMinor: minor.nullable(),
  /** The clerk's operations of the shift the server has not made final yet (they sync after the close). */
  unsynced: z.array(z.object({ id: z.string(), kind: z.string(), visitId: z.string(), createdAt: z.string(), state: z.string() })),
  /** The clerk's visits still open: carried into the next shift (see docs/flows.md "Shifts"). */
  openVisits: z.array(z.object({ id: z.string(), number: z.number().int(), createdAt: z.string(), operationCount: z.number().int() })),
});
export type ShiftClosing = z.infer<typeof shiftClosingSchema>;

const cash = z.number().int().min(0).max(10_000_000);

export const shiftsChannels = {
  /** The signed-in clerk's open shift at this desk, or null. */
  'shifts:current': channel('clerk', z.void(), shiftSchema.nullable()),
  'shifts:open': channel('clerk', z.object({ openingFloatMinor: cash }), shiftSchema),
  /** The X-report's totals of the open shift. */
  'shifts:report': channel('clerk', z.void(), shiftReportSchema),
  /** The close screen: totals, expected vs the counted cash (when given), the unsynced operations and open visits. */
  'shifts:closing': channel('clerk', z.object({ countedMinor: cash.nullable().default(null) }), shiftClosingSchema),
  /**
   * Closes the open shift. A non-zero difference needs `reason` and `approvalId` (auth:approve, action
   * 'shift.difference'). `stockCount`: what the stock count at close found (the stock area fills it).
   */
  'shifts:close': channel(
    'clerk',
    z.object({ countedMinor: cash, reason: z.string().trim().max(300).default(''), approvalId: z.string().max(64).nullable().default(null), stockCount: z.record(z.string(), z.unknown()).nullable().default(null) }),
    shiftReportSchema,
  ),
  /** The X-report of the open shift (sent to the receipt printer when one is chosen). */
  'print:xReport': channel('clerk', z.object({ language: languageSchema.optional() }), pdfSchema),
  /** The Z-report of a closed shift of the signed-in clerk. */
  'print:zReport': channel('clerk', z.object({ shiftId: z.string().max(64), language: languageSchema.optional() }), pdfSchema),
} satisfies ChannelMap;

export const shiftsEvents = {} satisfies EventMap;
