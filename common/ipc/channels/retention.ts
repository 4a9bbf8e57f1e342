// Personal data retention on the desk (issue 10, deliver 11; docs/security.md): how many days a synced visit keeps
// its customer's details and a POA its letter scan; supervisors change it, and may run the purge at once.
import { z } from 'zod';
import { channel, type ChannelMap, type EventMap } from '../define';

export const DEFAULT_PERSONAL_DATA_RETENTION_DAYS = 90;
/** At least a week: a visit may still be asked about the next days (a reprint, a complaint). */
export const MIN_PERSONAL_DATA_RETENTION_DAYS = 7;

export const retentionSettingsSchema = z.object({
  personalDataRetentionDays: z.number().int().min(MIN_PERSONAL_DATA_RETENTION_DAYS).max(3650),
});
export type RetentionSettings = z.infer<typeof retentionSettingsSchema>;

export const purgeResultSchema = z.object({ visits: z.number().int(), poaScans: z.number().int(), cutoff: z.string() });
export type PurgeResult = z.infer<typeof purgeResultSchema>;

export const retentionChannels = {
  'retention:settings': channel('clerk', z.void(), retentionSettingsSchema),
  'retention:setSettings': channel('supervisor', retentionSettingsSchema, retentionSettingsSchema),
  /** Runs the purge now (it also runs at start and daily); what it removed. */
  'retention:purge': channel('supervisor', z.void(), purgeResultSchema),
} satisfies ChannelMap;

export const retentionEvents = {} satisfies EventMap;
