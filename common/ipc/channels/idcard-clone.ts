// Clone detection verdicts of a chip read (ICAO Doc 9303 part 11 §6.1 Active Authentication, §6.2 Chip
// Authentication): passive authentication proves the data were written by the issuing state, but a copy of the
// data passes it too. Only a chip holding the private key behind DG15 (AA) or DG14 (CA) passes these.
import { z } from 'zod';

/** Why a clone check failed; the renderer words it, the CLI prints `reason`. */
export const cloneCheckFailures = [
  /** The chip's key file (DG14/DG15) is not vouched for by the SOD: the key itself may be the forger's. */
  'key-not-vouched',
  /** AA: the chip's signature over our challenge does not verify with the DG15 key. */
  'signature',
  /** CA: the chip did not answer under the keys agreed with its DG14 key. */
  'keys',
  /** The chip refused the command (an error status word) although its files offer the protocol. */
  'refused',
  /** DG14/DG15 cannot be decoded. */
  'malformed',
] as const;

export const cloneCheckSchema = z.object({
  /** `not-supported`: the chip offers it, but with an algorithm this desk cannot run (shown, not refused). */
  status: z.enum(['not-offered', 'passed', 'failed', 'not-supported']),
  failure: z.enum(cloneCheckFailures).nullable(),
  /** What was run, e.g. "ECDSA P-256 SHA-256", "RSA-2048 ISO 9796-2 SHA-1", "ECDH P-256 3DES". */
  algorithm: z.string().nullable(),
  /** English explanation (logs, `masa read-id`); null when passed or not offered. */
  reason: z.string().nullable(),
});
export type CloneCheck = z.infer<typeof cloneCheckSchema>;

export const NOT_OFFERED: CloneCheck = { status: 'not-offered', failure: null, algorithm: null, reason: null };
