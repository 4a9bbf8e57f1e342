// Card readers and the e-İmza token vocabulary. PINs never come back out: outputs carry PIN *state* only.
// Status snapshots are pushed as `cards:changed`.
import { z } from 'zod';
import { channel, type ChannelMap, type EventMap } from '../define';

export const cardKindSchema = z.enum(['sim', 'id-card', 'esign-card', 'unknown']);

export const readerStatusSchema = z.object({
  name: z.string(),
  cardPresent: z.boolean(),
  /** Upper-case hex; null without a card. */
  atr: z.string().nullable(),
  kind: cardKindSchema.nullable(),
  /** Where the kind came from: the ATR, the card's answers to a probe, or the desk's named reader (settings). */
  kindSource: z.enum(['atr', 'probe', 'setting']).nullable(),
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

// ---- e-İmza tokens: one vocabulary for every kind of token (PKCS#11 USB tokens, PC/SC PIN cards)

/**
 * The state of one secret (PIN or PUK): 'low' = few tries left, 'unset' = never set (a PKCS#11 user PIN before
 * its first C_InitPIN), 'unknown' = the token does not say. Tries are what the card reports, never reference data:
 * null when the card does not tell.
 */
export const tokenSecretStates = ['ok', 'low', 'blocked', 'unset', 'unknown'] as const;
export const tokenCounterSchema = z.object({
  state: z.enum(tokenSecretStates),
  triesLeft: z.number().int().nullable(),
  maxTries: z.number().int().nullable(),
});
export type TokenCounter = z.infer<typeof tokenCounterSchema>;

export const tokenStatusSchema = z.object({
  present: z.boolean(),
  reader: z.string().nullable(),
  label: z.string().nullable(),
  serial: z.string().nullable(),
  /** mustChange: the token asks for a new PIN at next use (PKCS#11 CKF_USER_PIN_TO_BE_CHANGED). */
  pin: tokenCounterSchema.extend({ mustChange: z.boolean().optional() }),
  /** Absent when the token says nothing about its PUK (SO PIN). */
  puk: tokenCounterSchema.optional(),
  certificates: z.array(z.object({ subject: z.string(), serial: z.string(), validTo: z.string(), daysLeft: z.number() })),
});
export type TokenStatus = z.infer<typeof tokenStatusSchema>;

/** The desk's named readers (by PC/SC reader name); null leaves the choice to the cards' answers. */
const readerName = z.string().trim().min(1).max(200).nullable();
export const namedReadersSchema = z.object({ idReader: readerName, simReader: readerName });
export type NamedReadersPayload = z.infer<typeof namedReadersSchema>;

// SIM reads are sim:readIccid (flows): its readId is what operations accept as "read from the card".
export const cardsChannels = {
  'cards:status': channel('clerk', z.object({}).optional(), cardsStatusSchema),
  'cards:readerSettings': channel('clerk', z.void(), namedReadersSchema),
  /** A supervisor names the desk's ID reader and SIM reader (audited as a settings change). */
  'cards:setReaderSettings': channel('supervisor', namedReadersSchema, namedReadersSchema),
} satisfies ChannelMap;

export const cardsEvents = {
  'cards:changed': cardsStatusSchema,
} satisfies EventMap;
