// What kind each card is, and how we know: our ATR table, the card's own answers to a probe (card-prober.ts), or
// the desk's setting naming its ID reader and SIM reader. Probe answers are remembered per card *insertion*: the
// key is reader + ATR + an insertion number, so a card taken out and put back (or another card with the same ATR)
// is asked again rather than trusted from a stale answer.
import { hex } from '../../../common/bytes';
import type { CardIdentity, CardKind } from './atr';

export type KindSource = 'atr' | 'probe' | 'setting';

export interface ResolvedKind {
  kind: CardKind;
  source: KindSource | null;
  /** Proved (our ATR table or the card's answers): only a proved kind is trusted without asking the card. */
  confirmed: boolean;
}

/** The readers a desk named for a kind (by reader name), null when it leaves the choice to the card service. */
export interface NamedReaders {
  idReader: string | null;
  simReader: string | null;
}

export const NO_NAMED_READERS: NamedReaders = Object.freeze({ idReader: null, simReader: null });

/** The reader named for `kind`, if any (only ID cards and SIMs have a named reader). */
export function namedReaderFor(named: NamedReaders, kind: CardKind): string | null {
  if (kind === 'id-card') return named.idReader;
  if (kind === 'sim') return named.simReader;
  return null;
}

/** The kind a reader is named for, if any. */
export function kindNamedFor(named: NamedReaders, reader: string): CardKind | null {
  if (named.idReader === reader) return 'id-card';
  if (named.simReader === reader) return 'sim';
  return null;
}

export function insertionKey(atr: Uint8Array, insertion: number): string {
  return `${hex(atr)}#${insertion}`;
}

/**
 * Order of trust: the card's own answers, then our ATR table, then the desk's setting, then a guess from the ATR
 * (a pcsc-tools name, the contactless ATR structure) which a probe must still confirm.
 */
export function resolveKind(identity: CardIdentity, probed: CardKind | undefined, namedFor: CardKind | null): ResolvedKind {
  if (probed !== undefined) return { kind: probed, source: 'probe', confirmed: true };
  if (identity.source === 'table') return { kind: identity.kind, source: 'atr', confirmed: true };
  if (namedFor) return { kind: namedFor, source: 'setting', confirmed: false };
  if (identity.kind !== 'unknown') return { kind: identity.kind, source: 'atr', confirmed: false };
  return { kind: 'unknown', source: null, confirmed: false };
}

export interface CardProbesPorts {
  /** The insertion key of the card in the reader now, null when it holds none. */
  current(reader: string): string | null;
  /** Asks the card its kind, with exclusive access queued behind the reader's flows. */
  ask(reader: string): Promise<CardKind>;
  /** An answer arrived: the snapshot changed. */
  changed(): void;
}

/** Probe answers, one per reader, valid for the insertion they were given for; and the probes under way. */
export class CardProbes {
  private readonly answers = new Map<string, { key: string; kind: CardKind }>();
  private readonly running = new Map<string, { key: string; done: Promise<void> }>();

  constructor(private readonly ports: CardProbesPorts) {}

  answer(reader: string, key: string): CardKind | undefined {
    const a = this.answers.get(reader);
    return a && a.key === key ? a.kind : undefined;
  }

  forget(reader: string): void {
    this.answers.delete(reader);
  }

  clear(): void {
    this.answers.clear();
  }

  /** Resolves once the probes under way now have answered or failed. */
  async settled(): Promise<void> {
    await Promise.all([...this.running.values()].map((r) => r.done));
  }

  /**
   * Asks the card in `reader` its kind, once per insertion: a probe already running for this card is joined.
   * Never throws: a card that does not answer (pulled, in use elsewhere) keeps no answer and is asked again on
   * the next demand.
   */
  probe(reader: string): Promise<void> {
    const key = this.ports.current(reader);
    if (key === null || this.answer(reader, key) !== undefined) return Promise.resolve();
    const running = this.running.get(reader);
    if (running?.key === key) return running.done;
    const done = this.ports
      .ask(reader)
      .then((kind) => {
        // The card may have changed while we waited for the reader: the answer was about the old one.
        if (this.ports.current(reader) !== key) return;
        this.answers.set(reader, { key, kind });
        this.ports.changed();
      })
      .catch(() => undefined)
      .finally(() => {
        if (this.running.get(reader)?.done === done) this.running.delete(reader);
      });
    this.running.set(reader, { key, done });
    return done;
  }
}
