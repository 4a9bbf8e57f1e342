import { z } from 'zod';
import { channel, type ChannelMap, type EventMap } from '../define';

export const auditEntrySchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  /** One of auditKinds as the desk writes them; any text as it is stored (an edited row still lists: verify names it). */
  kind: z.string(),
  /** The clerk the entry is about; null when nobody is known (a failed sign-in names the username tried in details). */
  actor: z.object({ id: z.string(), username: z.string().nullable(), displayName: z.string().nullable() }).nullable(),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditVerdictSchema = z.object({
  ok: z.boolean(),
  entries: z.number().int(),
  firstBad: z.object({ seq: z.number().int(), reason: z.enum(['hash', 'link', 'gap']) }).optional(),
});
export type AuditVerdictView = z.infer<typeof auditVerdictSchema>;

/** A break the sync server found in a chain of this office (pulled table `audit_alerts`, common/sync/protocol.ts). */
export const auditServerAlertSchema = z.object({
  id: z.string(),
  deskId: z.string(),
  deskName: z.string(),
  seq: z.number().int(),
  reason: z.enum(['gap', 'link', 'rewritten']),
  createdAt: z.string(),
  /** The alert is about this desk's own chain. */
  thisDesk: z.boolean(),
});
export type AuditServerAlert = z.infer<typeof auditServerAlertSchema>;

export const auditChannels = {
  /** Newest first; `beforeSeq` pages back. Supervisors only: the log names every clerk's sign-ins and overrides. */
  'audit:list': channel(
    'supervisor',
    z.object({ beforeSeq: z.number().int().min(1).optional(), limit: z.number().int().min(1).max(500).default(100) }),
    z.array(auditEntrySchema),
  ),
  /** Walks the whole chain and names the first entry that does not hold. */
  'audit:verify': channel('supervisor', z.void(), auditVerdictSchema),
  /** The sync server's alerts about the office's audit chains (a gap, a bad link, an entry rewritten after it was sent). */
  'audit:serverAlerts': channel('supervisor', z.void(), z.array(auditServerAlertSchema)),
} satisfies ChannelMap;

export const auditEvents = {} satisfies EventMap;
