// Card readers, SIM ICCID reads and e-İmza tokens. PINs go in as strings (the renderer has nothing better) and
// never come back out: outputs carry PIN *state* only. Status snapshots are pushed as `cards:changed`.
import { z } from 'zod';
import { channel, type ChannelMap, type EventMap } from '../define';

export const cardKindSchema = z.enum(['sim', 'id-card', 'esign-card', 'unknown']);

export const readerStatusSchema = z.object({
  name: z.string(),
  cardPresent: z.boolean(),
  /** Upper-case hex; null without a card. */
  atr: z.string().nullable(),
  kind: cardKindSchema.nullable(),
  /** Friendly English card name (from our ATR table or the pcsc-tools list); the renderer translates by kind. */
  cardName: z.string().nullable(),
  inUse: z.boolean(),
});

export const cardsStatusSchema = z.object({
  /** false: "card service not running" (pcscd stopped); it recovers by itself. */
  serviceRunning: z.boolean(),
  readers: z.array(readerStatusSchema),
});
export type CardsStatusPayload = z.infer<typeof cardsStatusSchema>;

export const iccidReadSchema = z.object({
  iccid: z.string(),
  luhnValid: z.boolean(),
  /** null: the issuer prefix is not in the reference data ("unknown operator"). */
  operator: z.string().nullable(),
  reader: z.string(),
});

const pin = z.string().regex(/^\d{4,16}$/, 'PIN_FORMAT');

export const tokenPinSchema = z.object({
  state: z.enum(['ok', 'count-low', 'final-try', 'locked', 'not-initialized']),
  mustChange: z.boolean(),
});

export const tokenSummarySchema = z.object({
  id: z.string(),
  label: z.string(),
  manufacturer: z.string(),
  model: z.string(),
  pin: tokenPinSchema,
  certificates: z.array(
    z.object({
      label: z.string(),
      subject: z.string(),
      issuer: z.string(),
      serialNumber: z.string(),
      notBefore: z.string(),
      notAfter: z.string(),
      daysLeft: z.number(),
      expired: z.boolean(),
    }),
  ),
});

const pinResult = z.object({ pin: tokenPinSchema });

export const cardsChannels = {
  'cards:status': channel('clerk', z.object({}).optional(), cardsStatusSchema),
  'cards:readIccid': channel('clerk', z.object({ reader: z.string().min(1).optional() }).optional(), iccidReadSchema),
  'tokens:list': channel('clerk', z.object({}).optional(), z.array(tokenSummarySchema)),
  'tokens:verifyPin': channel('clerk', z.object({ tokenId: z.string().min(1), pin }), pinResult),
  'tokens:changePin': channel('clerk', z.object({ tokenId: z.string().min(1), oldPin: pin, newPin: pin }), pinResult),
  'tokens:unblockPin': channel('clerk', z.object({ tokenId: z.string().min(1), puk: pin, newPin: pin }), pinResult),
} satisfies ChannelMap;

export const cardsEvents = {
  'cards:changed': cardsStatusSchema,
} satisfies EventMap;
