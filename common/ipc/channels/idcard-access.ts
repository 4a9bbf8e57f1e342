// How the chip was opened (ICAO Doc 9303 part 11 §4): PACE when EF.CardAccess offers it, BAC otherwise, and the
// CAN the clerk may type for PACE (the 6 digits printed on the card's front). Kept apart from idcard.ts so the
// access-control contract can grow without touching the read's other fields.
import { z } from 'zod';

/** Card Access Number: 6 digits printed on the card. */
export const canSchema = z.string().regex(/^\d{6}$/, 'CAN');

export const accessControlSchema = z.object({
  protocol: z.enum(['PACE', 'BAC']),
  /** What keyed it: the MRZ (BAC, PACE) or the CAN (PACE only). */
  password: z.enum(['MRZ', 'CAN']),
  /** PACE mapping: ECDH generic mapping; null for BAC. */
  mapping: z.literal('ECDH-GM').nullable(),
  /** PACE curve ('brainpoolP256r1', 'NIST P-256' …); null for BAC. */
  curve: z.string().nullable(),
  /** Secure messaging cipher of the session. */
  cipher: z.enum(['3DES', 'AES-128', 'AES-192', 'AES-256']),
});
export type AccessControl = z.infer<typeof accessControlSchema>;
