// The card service's vocabulary, shared by its adapters (SIM, ID chip, PIN card ports), the reader choice and the
// IPC handlers; the service itself is card-service.ts.
import type { CardChannel } from '../../../common/apdu';
import type { AtrIdentifier, CardKind } from './atr';
import type { KindSource, NamedReaders } from './card-kinds';
import type { PcscBinding } from './pcsc-port';

export interface ReaderStatus {
  name: string;
  cardPresent: boolean;
  /** Upper-case hex, null when no card. */
  atr: string | null;
  kind: CardKind | null;
  /** Where the kind came from: our ATR table (or a guess from the ATR), the card's answers, the desk's named reader. */
  kindSource: KindSource | null;
  /** Friendly English name of the card (the renderer shows a translated name by `kind`). */
  cardName: string | null;
  /** A flow holds this reader exclusively right now. */
  inUse: boolean;
}

export interface CardsStatus {
  serviceRunning: boolean;
  readers: ReaderStatus[];
}

export type CardsEmit = (event: 'cards:changed', payload: CardsStatus) => void;

export interface CardTarget {
  /** Exact reader name; when absent the reader is chosen by `kind` (or the only card present). */
  reader?: string;
  kind?: CardKind;
}

export interface CardSession {
  channel: CardChannel;
  reader: ReaderStatus;
}

/** The part of CardService the card adapters need (tests hand in a virtual reader): exclusive access to one card. */
export interface CardAccess {
  withCard<T>(target: CardTarget, fn: (session: CardSession) => Promise<T>): Promise<T>;
  /** The readers and their cards, when the caller can tell (to say which card is there instead of the one asked for). */
  status?(): CardsStatus;
}

export interface CardServiceOptions {
  emit?: CardsEmit;
  binding?: PcscBinding;
  identifier?: AtrIdentifier;
  backoff?: { initialMs: number; maxMs: number };
  /** Largest response accepted from a card (extended-length reads of DG2 photos need more than 258). */
  maxResponseLength?: number;
  /**
   * What happens to the card when a flow releases it. 'reset' clears any verified PIN on the card, but the vpcd
   * test driver (vsmartcard 0.8) stalls ~30–60 s on reset/unpower after an APDU, so the default is 'leave'.
   */
  release?: 'leave' | 'reset';
  /** The desk's named ID and SIM readers (its settings), read at each choice; default none. */
  namedReaders?: () => NamedReaders;
  /** Asks a card its kind; default card-prober.ts (tests hand in a failing or slow one). */
  probe?: (channel: CardChannel) => Promise<CardKind>;
}
