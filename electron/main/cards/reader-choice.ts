// Which reader a flow gets when it asks for a kind of card rather than a reader. Pure: the card service hands in
// the readers as it sees them (kind, where the kind came from, whether it is proved) and asks the cards first when
// `readersToProbe` says so.
import { AppError, ErrorCode } from '../../../common/errors';
import type { CardKind } from './atr';
import type { ReaderStatus } from './card-types';

export interface ReaderCandidate extends ReaderStatus {
  /** The kind is proved (our ATR table or the card's answers), not guessed. */
  confirmed: boolean;
}

const KNOWN: readonly CardKind[] = ['sim', 'id-card', 'esign-card'];

/** A named reader is passed over only when its card is proved to be another kind the desk knows. */
function namedReaderUsable(r: ReaderCandidate, kind: CardKind): boolean {
  return !(r.confirmed && r.kind !== kind && KNOWN.includes(r.kind!));
}

/**
 * The readers whose cards must answer before choosing for `kind`: none when a proved card of that kind is
 * present (and the named reader, if any, is proved too); else every present card whose kind is only guessed.
 * An ATR guess alone never decides: a SIM with a contactless-looking ATR must not take the ID card's place.
 */
export function readersToProbe(readers: readonly ReaderCandidate[], kind: CardKind, named: string | null): string[] {
  const unproved = readers.filter((r) => r.cardPresent && !r.confirmed);
  const namedReader = named ? unproved.find((r) => r.name === named) : undefined;
  if (namedReader) return [namedReader.name];
  if (readers.some((r) => r.cardPresent && r.confirmed && r.kind === kind)) return [];
  return unproved.map((r) => r.name);
}

export function kindNoun(kind: CardKind): string {
  return { sim: 'SIM card', 'id-card': 'ID card', 'esign-card': 'e-İmza card', unknown: 'card' }[kind];
}

/** The reader for `kind` (or the only card present without a kind); NoCard / ReaderAmbiguous otherwise. */
export function chooseReader(readers: readonly ReaderCandidate[], kind: CardKind | undefined, named: string | null): string {
  const withCards = readers.filter((r) => r.cardPresent);
  // The desk named its reader for this kind: that reader first, when it holds a card.
  const namedReader = kind && named ? withCards.find((r) => r.name === named) : undefined;
  if (namedReader && namedReaderUsable(namedReader, kind!)) return namedReader.name;
  let matching = kind ? withCards.filter((r) => r.kind === kind) : withCards;
  // A card that did not answer (pulled mid-probe, or an application we do not know) may still be the one asked
  // for: the card logic then proves it or fails with a typed error. A card known to be another kind is never taken.
  if (matching.length === 0 && kind) matching = withCards.filter((r) => r.kind === 'unknown');
  const what = kind ? kindNoun(kind) : 'card';
  if (matching.length === 0) throw new AppError(ErrorCode.NoCard, `No ${what} in any reader`, { details: { kind: kind ?? null } });
  // Prefer a reader no flow holds: a desk has one reader per kind, but a second SIM must not wait behind the first.
  const free = matching.filter((r) => !r.inUse);
  const candidates = free.length > 0 ? free : matching;
  // Two free readers with such a card (the old SIM and the new one during a duplicate): taking the first would
  // silently read the wrong one, so the clerk chooses.
  if (candidates.length > 1) {
    const names = candidates.map((r) => r.name);
    throw new AppError(ErrorCode.ReaderAmbiguous, `More than one reader holds a ${what}: ${names.join(', ')}. Choose the reader.`, {
      details: { kind: kind ?? null, readers: names },
    });
  }
  return candidates[0].name;
}
