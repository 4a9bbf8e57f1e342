// Customer slips (issue 12, deliver 5): printed for the customer to take home, and the renewal slip's offer.
import { z } from 'zod';
import { channel, type ChannelMap } from '../define';
import { languageSchema } from './app';
import { certTypes } from '../../domain/reference';
import { pdfSchema } from '../../operations';

export const slipKinds = ['renewal', 'pin', 'komis'] as const;
export type SlipKind = (typeof slipKinds)[number];

/** One of the customer's certificates the visit page mentions: renewable online now, or expired (in person). */
export const renewalOfferSchema = z.object({
  certificateId: z.string(),
  type: z.enum(certTypes),
  msisdn: z.string(),
  validTo: z.string(),
  daysLeft: z.number(),
  state: z.enum(['online-window', 'in-person']),
});
export type RenewalOffer = z.infer<typeof renewalOfferSchema>;

export const slipsChannels = {
  /** A slip as a PDF; the renewal slip names the certificate when one is given. Audited (print.slip). */
  'slips:print': channel(
    'clerk',
    z.object({ visitId: z.string().min(1).max(64), slip: z.enum(slipKinds), certificateId: z.string().min(1).max(64).optional(), language: languageSchema.optional() }),
    pdfSchema,
  ),
  'slips:renewalOffers': channel('clerk', z.object({ visitId: z.string().min(1).max(64) }), z.array(renewalOfferSchema)),
} satisfies ChannelMap;
