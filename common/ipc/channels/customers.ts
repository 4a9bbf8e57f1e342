// A customer across offices (issue 9): look one up by FIN, document, ICCID, number or IMEI (the server when it answers,
// otherwise the desk's replica, saying how fresh it is), search the replica and the journal, open a summary by key.
import { z } from 'zod';
import { channel, type ChannelMap, type EventMap } from '../define';
import { customerCertificateSchema, customerLookupKinds, customerSummarySchema } from '../../sync/customers';
import { certificateSchema } from '../../operations/certificate';

/** A certificate as the customer page shows it: the central record with days left and the renewal window of today. */
export const customerCertificateViewSchema = customerCertificateSchema.extend({
  daysLeft: certificateSchema.shape.daysLeft,
  renewal: certificateSchema.shape.renewal,
  typeChangeFrom: certificateSchema.shape.typeChangeFrom,
});

export const customerViewSchema = customerSummarySchema.extend({
  certificates: z.array(customerCertificateViewSchema),
  /** 'server': asked just now; 'replica': answered by this desk from what it last heard (the server did not answer). */
  source: z.enum(['server', 'replica']),
  /**
   * When this answer was true: the server's clock for a server answer; for a replica answer, when the replica last
   * heard from the server about this customer (null: never — known only from this desk's own journal).
   */
  asOf: z.string().nullable(),
});
export type CustomerView = z.infer<typeof customerViewSchema>;

export const customerHitSchema = z.object({
  key: z.string(),
  name: z.string(),
  fin: z.string().nullable(),
  documents: z.array(z.string()),
  /** When the office last saw or looked the customer up, as this desk knows it. */
  lastSeenAt: z.string().nullable(),
});
export type CustomerHit = z.infer<typeof customerHitSchema>;

export const replicaSettingsSchema = z.object({
  /** Customers not seen (no visit, no look-up) for this many days leave the replica. */
  retentionDays: z.number().int().min(1).max(3650),
});
export type ReplicaSettings = z.infer<typeof replicaSettingsSchema>;

export const customersChannels = {
  /** Online: the server (the answer is cached in the replica); offline or unreachable: the replica. null: nobody. */
  'customers:lookup': channel('clerk', z.object({ by: z.enum(customerLookupKinds), value: z.string().trim().min(1).max(100) }), customerViewSchema.nullable()),
  /** The replica and this desk's journal, by FIN, document, ICCID, number, IMEI or name (ƏLİ finds Əli). */
  'customers:search': channel('clerk', z.object({ query: z.string().trim().min(2).max(100), limit: z.number().int().min(1).max(100).default(20) }), z.array(customerHitSchema)),
  /** A customer by person key (fin:…, passport:…): as customers:lookup with by 'key'. */
  'customers:summary': channel('clerk', z.object({ key: z.string().trim().min(5).max(120) }), customerViewSchema.nullable()),
  'customers:replicaSettings': channel('clerk', z.void(), replicaSettingsSchema),
  'customers:setReplicaSettings': channel('supervisor', replicaSettingsSchema, replicaSettingsSchema),
} satisfies ChannelMap;

export const customersEvents = {} satisfies EventMap;
