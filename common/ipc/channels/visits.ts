import { z } from 'zod';
import { channel, type ChannelMap, type EventMap } from '../define';
import { identityMethods, identitySchema } from '../../domain/identity';

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
  status: z.enum(['open', 'completed', 'cancelled']),
  operations: z.number(),
});
export type Visit = z.infer<typeof visitSchema>;

export const visitsChannels = {
  'visits:create': channel(
    'clerk',
    z.object({
      identity: z.unknown(),
      identityMethod: z.enum(identityMethods),
      identityCheck: z.record(z.string(), z.unknown()).default({}),
      /** Manual entry needs a supervisor's approval (auth:approve) and a reason. */
      approvalId: z.string().optional(),
    }),
    visitSchema,
  ),
  'visits:today': channel('clerk', z.void(), z.array(visitSchema)),
  'visits:get': channel('clerk', z.object({ id: z.string() }), visitSchema),
  'visits:search': channel('clerk', z.object({ query: z.string().trim().max(100), limit: z.number().int().min(1).max(200).default(50) }), z.array(visitSchema)),
} satisfies ChannelMap;

export const visitsEvents = {
  'visits:changed': z.object({ id: z.string() }),
} satisfies EventMap;
