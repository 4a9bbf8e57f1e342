// ID card / passport chip reading (ICAO eMRTD with BAC): the renderer sends the printed MRZ (or the three
// BAC fields) and gets the chip's DG1 data, the face photo, a field-by-field comparison with the printed
// data, the expiry check and the passive-authentication verdicts, with the read's id and main's verdict.
// Progress arrives as `idcard:progress`.
import { z } from 'zod';
import { channel, type ChannelMap, type EventMap } from '../define';
import { cloneCheckSchema } from './idcard-clone';
import { accessControlSchema, canSchema } from './idcard-access';

const yymmdd = z.string().regex(/^\d{6}$/, 'YYMMDD');

export const chipReadInputSchema = z.union([
  z.object({
    mrz: z.string().min(60).max(100),
    reader: z.string().optional(),
    /** The CAN printed on the card: PACE is then keyed by it instead of the MRZ. */
    can: canSchema.optional(),
  }),
  z.object({
    documentNumber: z.string().trim().min(1).max(22),
    birthDate: yymmdd,
    /** `<<<<<<` for cards without an expiry date. */
    expiryDate: z.union([yymmdd, z.literal('<<<<<<')]),
    reader: z.string().optional(),
    can: canSchema.optional(),
  }),
]);
export type ChipReadInput = z.infer<typeof chipReadInputSchema>;

export const chipDataSchema = z.object({
  format: z.enum(['TD1', 'TD2', 'TD3']),
  documentCode: z.string(),
  issuingState: z.string(),
  documentNumber: z.string(),
  surname: z.string(),
  givenNames: z.string(),
  nationality: z.string(),
  /** YYMMDD as stored, and ISO when it is a valid date. */
  birthDate: z.string(),
  birthDateIso: z.string().nullable(),
  sex: z.enum(['M', 'F', 'X']),
  expiryDate: z.string().nullable(),
  expiryDateIso: z.string().nullable(),
  fin: z.string().nullable(),
  optionalData: z.string(),
  mrzLines: z.array(z.string()),
  /** The check digits inside the chip's own MRZ. */
  checkDigitsValid: z.boolean(),
});

export const chipPhotoSchema = z.discriminatedUnion('displayable', [
  z.object({
    displayable: z.literal(true),
    /** What `base64` holds: the chip's JPEG as it is, or a JPEG 2000 face decoded by main to PNG. */
    mime: z.enum(['image/jpeg', 'image/png']),
    /** The format stored on the chip: image/jp2 (JP2 file) or image/j2k (raw codestream) when main decoded it. */
    sourceMime: z.enum(['image/jpeg', 'image/jp2', 'image/j2k']),
    base64: z.string(),
    width: z.number().nullable(),
    height: z.number().nullable(),
  }),
  z.object({
    displayable: z.literal(false),
    mime: z.string(),
    base64: z.string(),
    width: z.number().nullable(),
    height: z.number().nullable(),
    /** English explanation; the renderer shows its own translation keyed by `mime`. */
    reason: z.string(),
  }),
]);

export const fieldComparisonSchema = z.object({
  field: z.enum(['documentNumber', 'surname', 'givenNames', 'nationality', 'birthDate', 'sex', 'expiryDate', 'issuingState', 'fin', 'optionalData']),
  printed: z.string().nullable(),
  chip: z.string().nullable(),
  /** null when the printed value is unknown (only the three BAC fields were typed). */
  match: z.boolean().nullable(),
});

export const passiveAuthSchema = z.object({
  hashes: z.enum(['ok', 'mismatch']),
  signature: z.enum(['ok', 'invalid']),
  /** revoked: the document signer is on its CSCA's CRL (the chip is refused). */
  csca: z.enum(['trusted', 'untrusted', 'revoked', 'not-checked']),
  mismatchedDataGroups: z.array(z.number()),
  hashAlgorithm: z.string(),
  documentSigner: z
    .object({ subject: z.string(), issuer: z.string(), serialNumber: z.string(), notBefore: z.string(), notAfter: z.string() })
    .nullable(),
  cscaSubject: z.string().nullable(),
  /** The CSCA's CRL: current, expired (its nextUpdate passed: a warning), none held; absent when no CSCA was found. */
  crl: z.enum(['current', 'expired', 'none']).optional(),
  problems: z.array(z.string()),
});

/** What the chip reader produces (main process only: the renderer gets it with the read's id and verdict). */
export const chipReadSchema = z.object({
  reader: z.string().nullable(),
  chip: chipDataSchema,
  photo: chipPhotoSchema.nullable(),
  comparison: z.array(fieldComparisonSchema),
  /** Every compared field that is known on both sides matches. */
  matchesPrinted: z.boolean(),
  expiry: z.object({ expiryDate: z.string().nullable(), expired: z.boolean() }),
  /** null when the chip has no EF.SOD. */
  passiveAuth: passiveAuthSchema.nullable(),
  /** Clone detection (idcard-clone.ts): Active Authentication with DG15's key, Chip Authentication with DG14's. */
  activeAuth: cloneCheckSchema,
  chipAuth: cloneCheckSchema,
  /** PACE or BAC, and with what (idcard-access.ts); absent only on reads not made through a chip (synthetic). */
  accessControl: accessControlSchema.optional(),
  /** Data groups the chip lists in EF.COM. */
  dataGroups: z.array(z.number()),
  apduCount: z.number(),
  durationMs: z.number(),
});
export type ChipRead = z.infer<typeof chipReadSchema>;

/**
 * The read as the renderer gets it. The main process keeps the read under `readId` (single use, for the clerk who
 * read it, a few minutes): `visits:create` with the chip method names that id, and main decides from what it kept.
 * `refusal` is main's verdict (common/domain/rules/chip.ts), shown as it is.
 */
export const chipReadResultSchema = chipReadSchema.extend({
  readId: z.string(),
  refusal: z.enum(['expired', 'check-digits', 'mismatch', 'passive', 'active-auth', 'chip-auth', 'no-fin']).nullable(),
});
export type ChipReadResult = z.infer<typeof chipReadResultSchema>;

export const chipReadProgressSchema = z.object({
  stage: z.enum(['connecting', 'authenticating', 'reading', 'verifying', 'done']),
  file: z.enum(['COM', 'DG1', 'DG2', 'SOD', 'DG14', 'DG15']).optional(),
  read: z.number().optional(),
  total: z.number().optional(),
});
export type ChipReadProgress = z.infer<typeof chipReadProgressSchema>;

export const idcardChannels = {
  'idcard:readChip': channel('clerk', chipReadInputSchema, chipReadResultSchema),
} satisfies ChannelMap;

export const idcardEvents = {
  'idcard:progress': chipReadProgressSchema,
} satisfies EventMap;
