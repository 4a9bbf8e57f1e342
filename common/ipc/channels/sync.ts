import { z } from 'zod';
import { channel, type ChannelMap, type EventMap } from '../define';

export const syncStateSchema = z.enum(['not-configured', 'idle', 'syncing', 'offline', 'error']);

export const offlineLimitSettingsSchema = z.object({
  warnAfterHours: z.number().min(0).max(24 * 365),
  approvalAfterHours: z.number().min(0).max(24 * 365),
  warnPending: z.number().int().min(0).max(1_000_000),
  approvalPending: z.number().int().min(0).max(1_000_000),
});

export const offlineLimitsSchema = z.object({
  level: z.enum(['ok', 'warn', 'approval-required']),
  reason: z.enum(['age', 'pending']).nullable(),
  pending: z.number(),
  offlineHours: z.number().nullable(),
  settings: offlineLimitSettingsSchema,
});
export type OfflineLimitsView = z.infer<typeof offlineLimitsSchema>;

export const syncStatusSchema = z.object({
  enrolled: z.boolean(),
  serverUrl: z.string().nullable(),
  deskId: z.string().nullable(),
  officeName: z.string().nullable(),
  /** asxm, operator or post, as the server says (null: not enrolled, or a server without office types). */
  officeType: z.enum(['asxm', 'operator', 'post']).nullable(),
  deskName: z.string().nullable(),
  state: syncStateSchema,
  pending: z.number(),
  failed: z.number(),
  /** Open (unresolved) conflicts. */
  conflicts: z.number(),
  lastSuccessAt: z.string().nullable(),
  lastAttemptAt: z.string().nullable(),
  nextRetryAt: z.string().nullable(),
  error: z.string().nullable(),
  limits: offlineLimitsSchema,
});
export type SyncStatusView = z.infer<typeof syncStatusSchema>;

export const outboxItemSchema = z.object({
  id: z.string(),
  seq: z.number(),
  kind: z.string(),
  subject: z.string(),
  createdAt: z.string(),
  state: z.enum(['pending', 'sent', 'acked', 'conflict', 'rejected']),
  attempts: z.number(),
  lastError: z.string().nullable(),
  ackStatus: z.string().nullable(),
  ackReason: z.string().nullable(),
  ackedAt: z.string().nullable(),
  conflictId: z.string().nullable(),
  resolution: z.enum(['accepted', 'rejected']).nullable(),
  resolutionNote: z.string().nullable(),
});
export type OutboxItem = z.infer<typeof outboxItemSchema>;

export const syncRunSchema = z.object({
  ok: z.boolean(),
  pushed: z.number(),
  pulled: z.number(),
  pending: z.number(),
  failed: z.number(),
  conflicts: z.number(),
  error: z.string().nullable(),
});

export const syncChannels = {
  'sync:status': channel('clerk', z.void(), syncStatusSchema),
  'sync:queue': channel(
    'clerk',
    z.object({ filter: z.enum(['pending', 'failed', 'conflicts', 'acked', 'all']).default('pending'), limit: z.number().int().min(1).max(500).default(100) }),
    z.array(outboxItemSchema),
  ),
  'sync:now': channel('clerk', z.void(), syncRunSchema),
  'sync:limits': channel('clerk', z.void(), offlineLimitsSchema),
  'sync:setLimits': channel('supervisor', offlineLimitSettingsSchema, offlineLimitsSchema),
  /** Administrator (supervisor) enrols this desk once with the server's one-time code. */
  'sync:enrol': channel(
    'supervisor',
    z.object({
      serverUrl: z.string().trim().min(1).max(500),
      code: z.string().trim().min(6).max(64),
      deskName: z.string().trim().min(1).max(100).optional(),
      /** The server's key pin, printed with the enrolment code: required for an https server. */
      pin: z.string().trim().max(100).optional(),
    }),
    syncStatusSchema,
  ),
  'sync:resolveConflict': channel(
    'supervisor',
    // The supervisor's password again: it signs the decision for the server (node-common/approvals.ts); never stored.
    z.object({ opId: z.string(), resolution: z.enum(['accept', 'reject']), note: z.string().trim().min(1).max(1000), password: z.string().min(1).max(200) }),
    outboxItemSchema,
  ),
} satisfies ChannelMap;

export const syncEvents = {
  'sync:changed': z.object({
    state: syncStateSchema,
    pending: z.number(),
    failed: z.number(),
    conflicts: z.number(),
    lastSuccessAt: z.string().nullable(),
    error: z.string().nullable(),
  }),
} satisfies EventMap;
