// The PC/SC card service: reader list and hot-plug (pushed as `cards:changed` snapshots through the injected
// `emit` port), exclusive card access for flows (`withCard`), identification of the card kind from the ATR, and
// recovery when pcscd goes away and comes back.
//
// State machine: `start()` establishes a context and starts the binding's ReaderMonitor (its own thread, blocking
// in SCardGetStatusChange with the PnP pseudo-reader). When the monitor or a flow sees the service gone, we drop
// the monitor, publish `serviceRunning: false`, and retry a fresh context with exponential backoff (250 ms → 5 s);
// once it succeeds the monitor restarts and a full snapshot is published.
import { AppError, ErrorCode } from '../../../common/errors';
import { hex } from '../../../common/bytes';
import { createCardChannel, type CardChannel } from '../../../common/apdu';
import { AtrIdentifier, type CardKind } from './atr';
import { loadSmartcardBinding, type PcscBinding, type PcscCard, type PcscMonitor, type PcscMonitorEvent } from './pcsc-port';

export interface ReaderStatus {
  name: string;
  cardPresent: boolean;
  /** Upper-case hex, null when no card. */
  atr: string | null;
  kind: CardKind | null;
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
}

interface ReaderState {
  state: number;
  atr: Buffer | null;
}

const SHORT_RESPONSE_MAX = 258;

// Messages the binding uses (it throws plain Errors with pcsc-lite's text, no code).
const SERVICE_DOWN = /service not running|service stopped|no service|context is not valid|invalid handle/i;
const CARD_GONE = /card was removed|no smart card|reader unavailable|communication error|not transacted|transaction failed|unpowered|unresponsive|unknown reader/i;
const SHARING = /sharing violation/i;

export class CardService implements CardAccess {
  private readonly binding: () => PcscBinding;
  private readonly emit: CardsEmit;
  private readonly identifier: AtrIdentifier;
  private readonly backoff: { initialMs: number; maxMs: number };
  private readonly maxResponseLength: number;
  private readonly release: 'leave' | 'reset';
  private readonly readers = new Map<string, ReaderState>();
  private readonly inUse = new Set<string>();
  private readonly locks = new Map<string, Promise<unknown>>();
  private monitor: PcscMonitor | null = null;
  private serviceRunning = false;
  private started = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryDelay: number;
  private lastSnapshot = '';

  constructor(options: CardServiceOptions = {}) {
    let cached = options.binding;
    this.binding = () => (cached ??= loadSmartcardBinding());
    this.emit = options.emit ?? (() => undefined);
    this.identifier = options.identifier ?? new AtrIdentifier();
    this.backoff = options.backoff ?? { initialMs: 250, maxMs: 5000 };
    this.retryDelay = this.backoff.initialMs;
    this.maxResponseLength = options.maxResponseLength ?? 65538;
    this.release = options.release ?? 'leave';
  }

  /** Starts watching readers. Never throws for a missing pcscd: the status says "not running" and we keep retrying. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.connect();
  }

  stop(): void {
    this.started = false;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.stopMonitor();
  }

  status(): CardsStatus {
    const readers = [...this.readers.entries()]
      .map(([name, r]) => this.readerStatus(name, r))
      .sort((a, b) => a.name.localeCompare(b.name));
    return { serviceRunning: this.serviceRunning, readers };
  }

  /**
   * Runs `fn` with exclusive access to one card (SCARD_SHARE_EXCLUSIVE: no other application can talk to it
   * meanwhile). Flows on the same reader queue up; flows on different readers run side by side.
   */
  async withCard<T>(target: CardTarget, fn: (session: CardSession) => Promise<T>): Promise<T> {
    if (!this.serviceRunning) {
      // A flow may arrive between pcscd coming back and our retry timer: try once right now.
      this.refreshNow();
      if (!this.serviceRunning) throw serviceDown();
    }
    const name = this.pickReader(target);
    return this.exclusive(name, () => this.session(name, fn));
  }

  private async session<T>(name: string, fn: (session: CardSession) => Promise<T>): Promise<T> {
    let pcsc: PcscBinding;
    let ctx;
    try {
      pcsc = this.binding();
      ctx = new pcsc.Context();
    } catch (e) {
      this.serviceLost();
      throw serviceDown(e);
    }
    let card: PcscCard | null = null;
    this.inUse.add(name);
    this.publish();
    try {
      const reader = ctx.listReaders().find((r) => r.name === name);
      if (!reader) throw new AppError(ErrorCode.NoReader, `Reader "${name}" is not connected`, { details: { reader: name } });
      try {
        card = await reader.connect(pcsc.SCARD_SHARE_EXCLUSIVE, pcsc.SCARD_PROTOCOL_T0 | pcsc.SCARD_PROTOCOL_T1);
      } catch (e) {
        throw this.translate(e, name);
      }
      const connected = card;
      const channel = createCardChannel(async (bytes) => {
        let response: Buffer;
        try {
          // A Buffer view, not a copy: the transport zeroes `bytes` after the call (it may hold a PIN).
          // Short APDUs get at most 256 bytes + SW: asking for a 64 KiB buffer on every call costs ~0.1 ms each.
          const extended = bytes.length >= 7 && bytes[4] === 0;
          response = await connected.transmit(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
            maxRecvLength: extended ? this.maxResponseLength : SHORT_RESPONSE_MAX,
          });
        } catch (e) {
          throw this.translate(e, name);
        }
        // No status word at all: the card went mute or away mid-command (vpcd reports a pulled card this way).
        if (response.length < 2) throw this.translate(new Error('Card was removed (empty response)'), name);
        return new Uint8Array(response);
      });
      const status = this.readerStatus(name, { state: reader.state, atr: reader.atr });
      // Errors from `fn` pass through as they are: binding failures were translated where they happened above.
      return await fn({ channel, reader: { ...status, inUse: true } });
    } finally {
      if (card) {
        try {
          card.disconnect(this.release === 'reset' ? pcsc.SCARD_RESET_CARD : pcsc.SCARD_LEAVE_CARD);
        } catch {
          // the card may already be gone; nothing to release then
        }
      }
      ctx.close();
      this.inUse.delete(name);
      this.publish();
    }
  }

  private pickReader(target: CardTarget): string {
    if (target.reader) {
      const r = this.readers.get(target.reader);
      if (!r) throw new AppError(ErrorCode.NoReader, `Reader "${target.reader}" is not connected`, { details: { reader: target.reader } });
      if (!this.present(r)) throw new AppError(ErrorCode.NoCard, `No card in reader "${target.reader}"`, { details: { reader: target.reader } });
      return target.reader;
    }
    if (this.readers.size === 0) throw new AppError(ErrorCode.NoReader, 'No card reader is connected');
    const withCards = this.status().readers.filter((r) => r.cardPresent);
    let matching = target.kind ? withCards.filter((r) => r.kind === target.kind) : withCards;
    // Real cards come with many ATRs our table cannot know: a card of unknown kind may still be the one asked for
    // (the card logic then proves it or fails with a typed error). A card known to be another kind is never taken.
    if (matching.length === 0 && target.kind) matching = withCards.filter((r) => r.kind === 'unknown');
    if (matching.length === 0) {
      const what = target.kind ? kindNoun(target.kind) : 'card';
      throw new AppError(ErrorCode.NoCard, `No ${what} in any reader`, { details: { kind: target.kind ?? null } });
    }
    // Prefer a reader no flow holds: a desk has one reader per kind, but a second SIM must not wait behind the first.
    const free = matching.filter((r) => !r.inUse);
    const candidates = free.length > 0 ? free : matching;
    // Two free readers with such a card (the old SIM and the new one during a duplicate): taking the first would
    // silently read the wrong one, so the clerk chooses.
    if (candidates.length > 1) {
      const readers = candidates.map((r) => r.name);
      const what = target.kind ? kindNoun(target.kind) : 'card';
      throw new AppError(ErrorCode.ReaderAmbiguous, `More than one reader holds a ${what}: ${readers.join(', ')}. Choose the reader.`, {
        details: { kind: target.kind ?? null, readers },
      });
    }
    return candidates[0].name;
  }

  private async exclusive<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(name) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(fn);
    const tail = run.catch(() => undefined);
    this.locks.set(name, tail);
    try {
      return await run;
    } finally {
      if (this.locks.get(name) === tail) this.locks.delete(name);
    }
  }

  private translate(e: unknown, reader: string): AppError {
    if (e instanceof AppError) return e;
    const message = e instanceof Error ? e.message : String(e);
    if (SERVICE_DOWN.test(message)) {
      this.serviceLost();
      return serviceDown(e);
    }
    if (SHARING.test(message)) {
      return new AppError(ErrorCode.CardAccessDenied, `The card in "${reader}" is in use by another application`, { details: { reader }, cause: e });
    }
    if (CARD_GONE.test(message)) {
      return new AppError(ErrorCode.CardRemoved, `The card was removed from "${reader}" during the operation; insert it and try again`, {
        details: { reader },
        cause: e,
      });
    }
    return new AppError(ErrorCode.CardError, `Card reader error on "${reader}": ${message}`, { details: { reader }, cause: e });
  }

  // --- monitoring and recovery ---

  private connect(): void {
    if (!this.started) return;
    let pcsc: PcscBinding;
    let ctx: InstanceType<PcscBinding['Context']>;
    try {
      // Loading fails when libpcsclite is missing: reported as "not running", like a stopped daemon.
      pcsc = this.binding();
      ctx = new pcsc.Context();
    } catch {
      this.scheduleRetry();
      return;
    }
    try {
      const listed = ctx.listReaders();
      this.readers.clear();
      for (const r of listed) this.readers.set(r.name, { state: r.state, atr: r.atr });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (!/no readers/i.test(message)) {
        ctx.close();
        this.scheduleRetry();
        return;
      }
      this.readers.clear();
    }
    ctx.close();
    try {
      const monitor = new pcsc.ReaderMonitor();
      monitor.start((event) => this.onMonitorEvent(monitor, event));
      this.monitor = monitor;
    } catch {
      this.scheduleRetry();
      return;
    }
    this.serviceRunning = true;
    this.retryDelay = this.backoff.initialMs;
    this.publish();
  }

  private onMonitorEvent(monitor: PcscMonitor, event: PcscMonitorEvent): void {
    if (monitor !== this.monitor) return; // a late event from a monitor we already dropped
    switch (event.type) {
      case 'reader-attached':
        this.readers.set(event.reader, { state: event.state, atr: event.atr });
        break;
      case 'reader-detached':
        this.readers.delete(event.reader);
        break;
      case 'card-inserted':
        this.readers.set(event.reader, { state: event.state, atr: event.atr });
        break;
      case 'card-removed':
        this.readers.set(event.reader, { state: event.state, atr: null });
        break;
      case 'error':
        // The monitor reports the PC/SC error text in `reader`. Anything it cannot recover from by itself
        // (its context died with pcscd) means: start over with a new context.
        this.serviceLost();
        return;
    }
    this.publish();
  }

  private serviceLost(): void {
    if (!this.serviceRunning && !this.monitor) return;
    this.stopMonitor();
    this.serviceRunning = false;
    this.readers.clear();
    this.publish();
    this.scheduleRetry();
  }

  private stopMonitor(): void {
    const m = this.monitor;
    this.monitor = null;
    if (m) {
      try {
        m.stop();
      } catch {
        // stopping a monitor whose daemon is gone may fail; it is dropped either way
      }
    }
  }

  private scheduleRetry(): void {
    if (!this.started || this.retryTimer) return;
    const delay = this.retryDelay;
    this.retryDelay = Math.min(this.retryDelay * 2, this.backoff.maxMs);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, delay);
    this.retryTimer.unref?.();
  }

  private refreshNow(): void {
    if (!this.started) return;
    if (this.retryTimer) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
    this.connect();
  }

  // --- snapshots ---

  private present(r: ReaderState): boolean {
    return (r.state & this.binding().SCARD_STATE_PRESENT) !== 0 && !!r.atr && r.atr.length > 0;
  }

  private readerStatus(name: string, r: ReaderState): ReaderStatus {
    const cardPresent = this.present(r);
    const atr = cardPresent ? new Uint8Array(r.atr!) : null;
    const identity = atr ? this.identifier.identify(atr) : null;
    return {
      name,
      cardPresent,
      atr: atr ? hex(atr) : null,
      kind: identity?.kind ?? null,
      cardName: identity?.name ?? null,
      inUse: this.inUse.has(name),
    };
  }

  private publish(): void {
    const snapshot = this.status();
    const key = JSON.stringify(snapshot);
    if (key === this.lastSnapshot) return;
    this.lastSnapshot = key;
    this.emit('cards:changed', snapshot);
  }
}

function serviceDown(cause?: unknown): AppError {
  return new AppError(ErrorCode.CardServiceDown, 'The card service (pcscd) is not running', { cause });
}

function kindNoun(kind: CardKind): string {
  return { sim: 'SIM card', 'id-card': 'ID card', 'esign-card': 'e-İmza card', unknown: 'card' }[kind];
}
