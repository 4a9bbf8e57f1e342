// Payments, voids and refunds of a visit (issue 12): the visit's bill, taking its payment once, voiding one of
// today's operations with a supervisor's approval, and the refund slip.
import { z } from 'zod';
import { channel, type ChannelMap, type EventMap } from '../define';
import { paymentMethods } from '../../domain/payments';
import { languageSchema } from './app';
import { pdfSchema } from '../../operations/define';

const id = z.string().min(1).max(64);
const method = z.enum(paymentMethods);
const line = z.object({ operationId: z.string(), kind: z.string(), amountMinor: z.number().int() });

export const visitBillSchema = z.object({
  /** Every completed operation of the visit, in order, with how it was paid and whether it was voided. */
  lines: z.array(
    z.object({
      operationId: z.string(),
      kind: z.string(),
      feeMinor: z.number().int(),
      paidBy: z.object({ paymentId: z.string(), method, freeReason: z.string().nullable() }).nullable(),
      voided: z.object({ at: z.string(), reason: z.string(), supervisorName: z.string() }).nullable(),
    }),
  ),
  /** Payments (kind 'payment') and refunds (kind 'refund', negative amounts), oldest first. */
  payments: z.array(
    z.object({ id: z.string(), kind: z.enum(['payment', 'refund']), method, freeReason: z.string().nullable(), amountMinor: z.number().int(), createdAt: z.string(), lines: z.array(line) }),
  ),
  /** The chargeable lines not yet paid: what the payment step takes. */
  unpaid: z.array(line),
  totals: z.object({ due: z.number().int(), paid: z.number().int(), refunded: z.number().int(), net: z.number().int() }),
});
export type VisitBill = z.infer<typeof visitBillSchema>;

export const freeReasonSchema = z.object({ code: z.string(), labels: z.object({ az: z.string(), en: z.string(), ru: z.string() }) });

export const paymentsChannels = {
  'payments:bill': channel('clerk', z.object({ visitId: id }), visitBillSchema),
  'payments:freeReasons': channel('clerk', z.void(), z.array(freeReasonSchema)),
  /** One payment for every unpaid chargeable line of the visit; a waived fee ('free') names its reason. */
  'payments:pay': channel('clerk', z.object({ visitId: id, method, freeReason: z.string().max(80).nullable().optional() }), visitBillSchema),
  /** Voids one of today's operations: auth:approve with action 'operation.void' first. */
  'payments:void': channel('clerk', z.object({ operationId: id, approvalId: id, reason: z.string().trim().max(300).default('') }), visitBillSchema),
  /** The refund slip of a voided, paid operation (the customer signs that the money came back). */
  'print:refundSlip': channel('clerk', z.object({ operationId: id, language: languageSchema.optional() }), pdfSchema),
} satisfies ChannelMap;

export const paymentsEvents = {} satisfies EventMap;
