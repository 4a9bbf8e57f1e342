// The PC/SC card service: reader list and hot-plug (pushed as `cards:changed` snapshots through the injected
// `emit` port), exclusive card access for flows (`withCard`), the kind of each card (our ATR table, else the
// card's own answers: card-prober.ts, card-kinds.ts; reader choice: reader-choice.ts), and recovery when pcscd goes
// away and comes back.
//
// Probing: a card whose kind our ATR table does not prove is asked (a few SELECTs) in the background as soon as it
// is seen, with exclusive access queued on that reader's lock like any flow; a flow asking for a kind that no
// proved card has asks the unproved cards first and waits for their answers. A failed probe (card pulled, card in
// use elsewhere) leaves the kind unknown and is retried on the next demand.
//
// State machine: `start()` establishes a context and starts the binding's ReaderMonitor (its own thread, blocking
// in SCardGetStatusChange with the PnP pseudo-reader). When the monitor or a flow sees the service gone, we drop
// the monitor, publish `serviceRunning: false`, and retry a fresh context with exponential backoff (250 ms → 5 s);
// once it succeeds the monitor restarts and a full snapshot is published.
import { AppError, ErrorCode } from '../../../common/errors';
import { hex } from '../../../common/bytes';
import type { CardChannel } from '../../../common/apdu';
import { AtrIdentifier, type CardKind } from './atr';
import { CardProbes, insertionKey, kindNamedFor, namedReaderFor, NO_NAMED_READERS, resolveKind, type NamedReaders, type ResolvedKind } from './card-kinds';
import { probeCardKind } from './card-prober';
import { isSharingViolation, pcscChannel, serviceDown, translatePcscError } from './pcsc-channel';
import { chooseReader, kindNoun, readersToProbe, type ReaderCandidate } from './reader-choice';
import { loadSmartcardBinding, type PcscBinding, type PcscCard, type PcscMonitor, type PcscReader, type PcscMonitorEvent } from './pcsc-port';

import type { CardAccess, CardServiceOptions, CardSession, CardsEmit, CardsStatus, CardTarget, ReaderStatus } from './card-types';

export type { CardAccess, CardServiceOptions, CardSession, CardsEmit, CardsStatus, CardTarget, ReaderStatus };

interface ReaderState {
  state: number;
  atr: Buffer | null;
  /** Changes when another card (or the same card again) is put in: probe answers are valid for one insertion. */
  insertion: number;
}


/** How long a connect waits for a card another application holds exclusively (probes take a few milliseconds). */
const SHARING_WAIT_MS = 1500;

export class CardService implements CardAccess {
  private readonly binding: () => PcscBinding;
  private readonly emit: CardsEmit;
  private readonly identifier: AtrIdentifier;
  private readonly backoff: { initialMs: number; maxMs: number };
  private readonly maxResponseLength: number;
  private readonly release: 'leave' | 'reset';
  private readonly namedReaders: () => NamedReaders;
  private readonly probe: (channel: CardChannel) => Promise<CardKind>;
  private readonly probes: CardProbes;
  private insertions = 0;
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
    this.namedReaders = options.namedReaders ?? (() => NO_NAMED_READERS);
    this.probe = options.probe ?? probeCardKind;
    this.probes = new CardProbes({
      current: (name) => {
        const r = this.readers.get(name);
        return r && this.present(r) ? insertionKey(r.atr!, r.insertion) : null;
      },
      ask: (name) => this.exclusive(name, () => this.session(name, ({ channel }) => this.probe(channel), true)),
      changed: () => this.publish(),
    });
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
    const name = await this.pickReader(target);
    return this.exclusive(name, () => this.session(name, fn));
  }

  /** Resolves once the cards being asked their kind have answered (`masa cards` shows kinds, not "unknown yet"). */
  probesSettled(): Promise<void> {
    return this.probes.settled();
  }

  /** Re-reads the desk's named readers (after a settings change): the snapshot shows kinds taken from them. */
  namedReadersChanged(): void {
    this.publish();
  }

  /** `probe`: a background probe is not a flow and does not show the reader as in use. */
  private async session<T>(name: string, fn: (session: CardSession) => Promise<T>, probe = false): Promise<T> {
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
    if (!probe) {
      this.inUse.add(name);
      this.publish();
    }
    try {
      const reader = ctx.listReaders().find((r) => r.name === name);
      if (!reader) throw new AppError(ErrorCode.NoReader, `Reader "${name}" is not connected`, { details: { reader: name } });
      card = await this.connectCard(pcsc, reader, name);
      const channel = pcscChannel(card, name, this.maxResponseLength, (e, r) => this.translate(e, r));
      const status = this.readerStatus(name, { state: reader.state, atr: reader.atr, insertion: this.readers.get(name)?.insertion ?? 0 });
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
      if (!probe) {
        this.inUse.delete(name);
        this.publish();
      }
    }
  }

  /**
   * Exclusive connect. Another card service holding the card for a moment (the desk asking a new card its kind
   * while `masa read-id` starts) is waited for, up to SHARING_WAIT_MS; a card held longer is "in use elsewhere".
   */
  private async connectCard(pcsc: PcscBinding, reader: PcscReader, name: string): Promise<PcscCard> {
    const deadline = Date.now() + SHARING_WAIT_MS;
    for (;;) {
      try {
        return await reader.connect(pcsc.SCARD_SHARE_EXCLUSIVE, pcsc.SCARD_PROTOCOL_T0 | pcsc.SCARD_PROTOCOL_T1);
      } catch (e) {
        if (!isSharingViolation(e) || Date.now() >= deadline) throw this.translate(e, name);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  private async pickReader(target: CardTarget): Promise<string> {
    if (target.reader) {
      const r = this.readers.get(target.reader);
      if (!r) throw new AppError(ErrorCode.NoReader, `Reader "${target.reader}" is not connected`, { details: { reader: target.reader } });
      if (!this.present(r)) throw new AppError(ErrorCode.NoCard, `No card in reader "${target.reader}"`, { details: { reader: target.reader } });
      return target.reader;
    }
    if (this.readers.size === 0) throw new AppError(ErrorCode.NoReader, 'No card reader is connected');
    const named = target.kind ? namedReaderFor(this.namedReaders(), target.kind) : null;
    if (target.kind) {
      // Ask the cards whose kind is only guessed, each at most once per choice (a failing card stays unknown).
      const asked = new Set<string>();
      for (;;) {
        const ask = readersToProbe(this.candidates(), target.kind, named).filter((n) => !asked.has(n));
        if (ask.length === 0) break;
        for (const n of ask) asked.add(n);
        await Promise.all(ask.map((n) => this.probes.probe(n)));
      }
    }
    return chooseReader(this.candidates(), target.kind, named);
  }

  private candidates(): ReaderCandidate[] {
    const named = this.namedReaders();
    return [...this.readers.entries()]
      .map(([name, r]) => {
        const resolved = this.resolve(name, r, named);
        return { ...this.readerStatus(name, r, resolved), confirmed: resolved?.confirmed ?? false };
      })
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Background probes of every present card our ATR table does not prove. */
  private probeUnproved(): void {
    if (!this.serviceRunning) return;
    for (const c of this.candidates()) if (c.cardPresent && !c.confirmed) void this.probes.probe(c.name);
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
    return translatePcscError(e, reader, () => this.serviceLost());
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
      this.probes.clear();
      for (const r of listed) this.setReader(r.name, r.state, r.atr);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (!/no readers/i.test(message)) {
        ctx.close();
        this.scheduleRetry();
        return;
      }
      this.readers.clear();
      this.probes.clear();
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
    this.probeUnproved();
  }

  /** A new insertion number when a card appears or the ATR changes; the same card seen again keeps its answers. */
  private setReader(name: string, state: number, atr: Buffer | null): void {
    const before = this.readers.get(name);
    const next: ReaderState = { state, atr, insertion: before?.insertion ?? 0 };
    const present = this.present(next);
    if (!present) this.probes.forget(name);
    else if (!before || !this.present(before) || !before.atr!.equals(atr!)) next.insertion = ++this.insertions;
    this.readers.set(name, next);
  }

  private onMonitorEvent(monitor: PcscMonitor, event: PcscMonitorEvent): void {
    if (monitor !== this.monitor) return; // a late event from a monitor we already dropped
    switch (event.type) {
      case 'reader-attached':
      case 'card-inserted':
        this.setReader(event.reader, event.state, event.atr);
        break;
      case 'reader-detached':
        this.readers.delete(event.reader);
        this.probes.forget(event.reader);
        break;
      case 'card-removed':
        this.setReader(event.reader, event.state, null);
        break;
      case 'error':
        // The monitor reports the PC/SC error text in `reader`. Anything it cannot recover from by itself
        // (its context died with pcscd) means: start over with a new context.
        this.serviceLost();
        return;
    }
    this.publish();
    this.probeUnproved();
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

  private resolve(name: string, r: ReaderState, named = this.namedReaders()): ResolvedKind | null {
    if (!this.present(r)) return null;
    const atr = new Uint8Array(r.atr!);
    const probed = this.probes.answer(name, insertionKey(atr, r.insertion));
    return resolveKind(this.identifier.identify(atr), probed, kindNamedFor(named, name));
  }

  private readerStatus(name: string, r: ReaderState, resolved = this.resolve(name, r)): ReaderStatus {
    const cardPresent = this.present(r);
    const atr = cardPresent ? new Uint8Array(r.atr!) : null;
    const identity = atr ? this.identifier.identify(atr) : null;
    // The ATR's name is kept when it fits the kind found; else the kind's plain name (the renderer translates by kind).
    const cardName = identity && resolved && identity.kind !== resolved.kind && resolved.kind !== 'unknown' ? kindNoun(resolved.kind) : (identity?.name ?? null);
    return {
      name,
      cardPresent,
      atr: atr ? hex(atr) : null,
      kind: resolved?.kind ?? null,
      kindSource: resolved?.source ?? null,
      cardName,
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

