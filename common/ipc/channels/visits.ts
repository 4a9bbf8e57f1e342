import { z } from 'zod';
import { channel, type ChannelMap, type EventMap } from '../define';
import { identityMethods, identitySchema } from '../../domain/identity';

/** Stand-ins in a purged visit's identity (the contract's identity has required names and dates). */
export const PURGED_NAME = '—';
export const PURGED_DATE = '0001-01-01';

export const visitCloseReasons = ['clerk', 'receipt', 'end-of-day', 'cancelled'] as const;

export const visitSchema = z.object({
  id: z.string(),
  /** Per-desk running number shown to people ("Visit 12"). */
  number: z.number(),
  createdAt: z.string(),
  clerkId: z.string(),
  clerkName: z.string(),
  identity: identitySchema,
  identityMethod: z.enum(identityMethods),
  /** Stored verdicts of the identity check (chip/MRZ/manual), for the journal and audits. */
  identityCheck: z.record(z.string(), z.unknown()),
  /** 'completed' is closed: by the clerk, after the receipt or at the end of its day; no new operations. */
  status: z.enum(['open', 'completed', 'cancelled']),
  operations: z.number(),
  closedAt: z.string().nullable(),
  closeReason: z.enum(visitCloseReasons).nullable(),
  /** Receipts printed so far: any print after the first is a copy. */
  printCount: z.number().int(),
  /** Its operations voided since (issue 12): the journal says so. */
  voided: z.number().int().optional(),
  /** The operations by sync state: provisional until the server acknowledges them, then final or conflict. */
  sync: z.object({ provisional: z.number().int(), final: z.number().int(), conflict: z.number().int() }),
  /**
   * Set once the customer's details were purged from the desk (docs/security.md "Personal data retention"): then only
   * the identity's person key (FIN, or nationality and passport number) is real; names read PURGED_NAME and dates
   * PURGED_DATE, and screens say the details were removed instead of showing them.
   */
  purged: z.object({ at: z.string(), afterDays: z.number().int() }).nullable(),
});
export type Visit = z.infer<typeof visitSchema>;

export const visitsChannels = {
  'visits:create': channel(
    'clerk',
    z.object({
      /** MRZ and manual entry: the identity. By chip, main takes it from the read it kept. */
      identity: z.unknown().optional(),
      identityMethod: z.enum(identityMethods),
      /** MRZ and manual entry only: by chip, main makes the record of the check from its read. */
      identityCheck: z.record(z.string(), z.unknown()).default({}),
      /** Manual entry needs a supervisor's approval (auth:approve) and a reason. */
      approvalId: z.string().optional(),
      /** By chip: the read's id from idcard:readChip (main keeps the read and decides). */
      chipReadId: z.string().max(64).optional(),
      /** By chip with a passport: the residence permit, typed (it has no chip here). */
      residencePermit: z
        .object({ residencePermitNumber: z.string().max(40), residencePermitExpiry: z.string().max(10), personalCode: z.string().max(10).optional() })
        .optional(),
    }),
    visitSchema,
  ),
  'visits:today': channel('clerk', z.void(), z.array(visitSchema)),
  'visits:get': channel('clerk', z.object({ id: z.string() }), visitSchema),
  /** Closes an open visit: from the visit page ('clerk') or when offered after the receipt ('receipt'). */
  'visits:close': channel('clerk', z.object({ id: z.string(), reason: z.enum(['clerk', 'receipt']).default('clerk') }), visitSchema),
  /** Cancels an open visit without operations. */
  'visits:cancel': channel('clerk', z.object({ id: z.string() }), visitSchema),
  'visits:search': channel('clerk', z.object({ query: z.string().trim().max(100), limit: z.number().int().min(1).max(200).default(50) }), z.array(visitSchema)),
} satisfies ChannelMap;

export const visitsEvents = {
  'visits:changed': z.object({ id: z.string() }),
} satisfies EventMap;
