// Chip reads kept in the main process (issue 10, hole 1). The renderer used to say "the chip was read, passive
// authentication passed" in `visits:create`, and main took its word: a made-up verdict with no card on the reader was
// accepted. Now a read is kept here under a random id, for the clerk who made it, for a few minutes and once: the
// visit names the id and main decides from what it kept (verdict, identity, the record of the check).
import { createHash, randomUUID } from 'node:crypto';
import { AppError, ErrorCode } from '../../../common/errors';
import { chipRefusal, type ChipRefusal } from '../../../common/domain/rules/chip';
import type { ChipRead, ChipReadInput, ChipReadProgress, ChipReadResult } from '../../../common/ipc/channels/idcard';
import type { Clock } from './clock';

/** Reads the chip of the card on the reader (cards/icao/id-reader.ts; an in-process double in tests). */
export interface IdChipPort {
  read(input: ChipReadInput, onProgress?: (p: ChipReadProgress) => void): Promise<ChipRead>;
}

export interface KeptRead {
  read: ChipRead;
  /** The printed MRZ the read was made with (typed or scanned), if it was. */
  mrz: string | undefined;
  photoSha256: string | null;
  clerkId: string;
  at: number;
}

/** The reason in words (English, for logs; the clerk sees the translated `errors.CHIP_REFUSED` and the ID check's line). */
const REFUSAL_SENTENCES: Record<ChipRefusal, string> = {
  expired: 'the document has expired.',
  'check-digits': 'the chip’s own MRZ check digits are wrong.',
  mismatch: 'the chip does not match the printed data.',
  passive: 'the chip’s data failed passive authentication.',
  'active-auth': 'the chip failed Active Authentication — it does not hold the key of its DG15: a copied chip.',
  'chip-auth': 'the chip failed Chip Authentication — it does not hold the key of its DG14: a copied chip.',
  'no-fin': 'the chip carries no FIN.',
};

/** How long a read stands for a visit: long enough to type a residence permit, short enough that the card was here. */
const READ_VALID_MS = 10 * 60_000;

export class ChipReads {
  private readonly kept = new Map<string, KeptRead>();

  constructor(
    private readonly auth: { requireClerk(): { id: string } },
    private readonly clock: Clock,
    private readonly port: IdChipPort,
  ) {}

  /** Reads the chip for the signed-in clerk and keeps the read; the renderer gets it with its id and the verdict. */
  async read(input: ChipReadInput, onProgress?: (p: ChipReadProgress) => void): Promise<ChipReadResult> {
    const clerk = this.auth.requireClerk();
    const read = await this.port.read(input, onProgress);
    return this.keep(clerk.id, 'mrz' in input ? input.mrz.trim() : undefined, read);
  }

  /** Keeps a read made for `clerkId` (the read above; in-process tests that need a visit but not a card). */
  keep(clerkId: string, mrz: string | undefined, read: ChipRead): ChipReadResult {
    const now = this.clock.now().getTime();
    for (const [id, k] of this.kept) if (now - k.at > READ_VALID_MS) this.kept.delete(id);
    const readId = randomUUID();
    const photoSha256 = read.photo ? createHash('sha256').update(Buffer.from(read.photo.base64, 'base64')).digest('hex') : null;
    this.kept.set(readId, { read, mrz, photoSha256, clerkId, at: now });
    return { ...read, readId, refusal: chipRefusal(read) };
  }

  /** The read behind `readId` if this clerk made it and it is fresh; refused otherwise. Not consumed: see `forget`. */
  take(readId: string | undefined, clerkId: string): KeptRead {
    const k = readId ? this.kept.get(readId) : undefined;
    if (!k || k.clerkId !== clerkId || this.clock.now().getTime() - k.at > READ_VALID_MS) {
      throw new AppError(ErrorCode.ChipNotRead, 'Read the card’s chip again: the read is missing, too old or already used.');
    }
    const refusal = chipRefusal(k.read);
    if (refusal) throw new AppError(ErrorCode.ChipRefused, `This chip read cannot identify the customer: ${REFUSAL_SENTENCES[refusal]}`, { details: { refusal } });
    return k;
  }

  /** A read identifies one visit: gone once the visit is stored. */
  forget(readId: string): void {
    this.kept.delete(readId);
  }
}
