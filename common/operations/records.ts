// Synced records that are not operations on a visit: the visit itself, and a supervisor's reference-data edit.
// The server validates them like operations (index.ts `syncPayloadSchemas`).
import { z } from 'zod';
import { identityMethods, identitySchema } from '../domain/identity';
import { referenceTableSchema } from '../domain/reference';
import { paymentRecordKinds } from './payments';
import { shiftRecordKinds } from './shifts';
import { stockRecordKinds } from './stock';

export const visitCreatePayload = z.object({
  visitId: z.string().min(1).max(64),
  identity: identitySchema,
  identityMethod: z.enum(identityMethods),
  /** The chip/MRZ comparison or manual-entry record, as the desk made it. */
  identityCheck: z.record(z.string(), z.unknown()).nullable(),
  clerkId: z.string().min(1).max(64),
  createdAt: z.string(),
});

/** A visit closed: by its clerk, after its receipt, or at the end of its local day (noticed when the desk next served). */
export const visitClosePayload = z.object({
  visitId: z.string().min(1).max(64),
  reason: z.enum(['clerk', 'receipt', 'end-of-day']),
  /** Who closed it; null when the desk closed it at the end of the day. */
  clerkId: z.string().min(1).max(64).nullable(),
  closedAt: z.string(),
});

/** An empty visit (no operations) cancelled by a clerk. */
export const visitCancelPayload = z.object({
  visitId: z.string().min(1).max(64),
  clerkId: z.string().min(1).max(64),
  cancelledAt: z.string(),
});

export const referenceUpdatePayload = z.object({
  table: referenceTableSchema,
  version: z.number().int().min(1),
  rows: z.array(z.record(z.string(), z.unknown())).max(1000),
  supervisorId: z.string().min(1).max(64),
});

/** What a desk pushes in place of an op the protocol could never carry (malformed, too large): kept for a human. */
export const deskUnsendablePayload = z.object({ originalKind: z.string().max(64), originalSubject: z.string().max(200), problem: z.string().max(300) });

export const recordKinds = {
  /** A visit's payment and an operation's void (payments.ts). */
  ...paymentRecordKinds,
  /** A clerk's shift opened and closed, with its till totals (shifts.ts). */
  ...shiftRecordKinds,
  /** The office's stock of blank SIMs and tokens: movements and the count at close (stock.ts). */
  ...stockRecordKinds,
  'desk.unsendable': {
    payload: deskUnsendablePayload,
    example: { originalKind: 'Not A Kind', originalSubject: 'fin:5ABCDE1', problem: 'kind: kind like "sim.duplicate"' } satisfies z.input<typeof deskUnsendablePayload>,
  },
  'visit.create': {
    payload: visitCreatePayload,
    example: {
      visitId: '0190c0de-0000-7000-8000-0000000000a1',
      identity: {
        kind: 'citizen',
        fin: '5ABCDE1',
        documentNumber: 'AA1234567',
        surname: 'MAMMADOVA',
        givenName: 'LEYLA',
        patronymic: '',
        birthDate: '1990-02-15',
        expiryDate: '2032-02-15',
      },
      identityMethod: 'mrz',
      identityCheck: null,
      clerkId: 'clerk-1',
      createdAt: '2026-12-01T09:00:00.000Z',
    } satisfies z.input<typeof visitCreatePayload>,
  },
  'visit.close': {
    payload: visitClosePayload,
    example: { visitId: '0190c0de-0000-7000-8000-0000000000a1', reason: 'receipt', clerkId: 'clerk-1', closedAt: '2026-12-01T09:20:00.000Z' } satisfies z.input<typeof visitClosePayload>,
  },
  'visit.cancel': {
    payload: visitCancelPayload,
    example: { visitId: '0190c0de-0000-7000-8000-0000000000a1', clerkId: 'clerk-1', cancelledAt: '2026-12-01T09:05:00.000Z' } satisfies z.input<typeof visitCancelPayload>,
  },
  'reference.update': {
    payload: referenceUpdatePayload,
    example: { table: 'fees', version: 2, rows: [{ code: 'sim.sell', validFrom: '2026-01-01', amountMinor: 500 }], supervisorId: 'clerk-2' } satisfies z.input<
      typeof referenceUpdatePayload
    >,
  },
} as const;
