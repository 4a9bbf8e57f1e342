// CardService logic without PC/SC: a scripted binding stands in for `smartcard` so reader hot-plug, the
// "service not running" → recovery path and reader selection can be driven step by step. (The same paths run
// against the real pcscd in test/integration/pcsc-cards.test.ts.)
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CommandApdu } from '../../common/apdu';
import { ErrorCode } from '../../common/errors';
import { CardService, type CardsStatus } from '../../electron/main/cards/card-service';
import { AtrIdentifier, VIRTUAL_ATR } from '../../electron/main/cards/atr';
import type { PcscBinding, PcscMonitorEvent } from '../../electron/main/cards/pcsc-port';
import { waitFor } from '../support/wait';

const PRESENT = 0x20;
const EMPTY = 0x10;

/** The `smartcard` surface the service uses, backed by a scripted world. */
function scriptedBinding(world: FakePcsc): PcscBinding {
  class Context {
    constructor() {
      if (!world.daemonUp) throw new Error('PC/SC service not running');
    }
    get isValid() {
      return true;
    }
    listReaders() {
      if (!world.daemonUp) throw new Error('PC/SC service not running');
      return [...world.readers.entries()].map(([name, atr]) => ({
        name,
        state: atr ? PRESENT : EMPTY,
        atr,
        connect: async (share: number) => {
          world.connects.push({ reader: name, share });
          return {
            protocol: 1,
            transmit: async () => Buffer.from([0x90, 0x00]),
            disconnect: () => undefined,
          };
        },
      }));
    }
    close() {}
  }
  class ReaderMonitor {
    start(cb: (e: PcscMonitorEvent) => void) {
      if (!world.daemonUp) throw new Error('PC/SC service not running');
      world.monitorCallback = cb;
    }
    stop() {
      world.monitorCallback = null;
    }
  }
  return {
    Context,
    ReaderMonitor,
    SCARD_SHARE_EXCLUSIVE: 1,
    SCARD_PROTOCOL_T0: 1,
    SCARD_PROTOCOL_T1: 2,
    SCARD_LEAVE_CARD: 0,
    SCARD_RESET_CARD: 1,
    SCARD_STATE_PRESENT: PRESENT,
    SCARD_STATE_EMPTY: EMPTY,
  } as unknown as PcscBinding;
}

/** A fake PC/SC world: readers with optional cards, a daemon that can be "down", one live monitor. */
class FakePcsc {
  daemonUp = true;
  readers = new Map<string, Buffer | null>();
  monitorCallback: ((e: PcscMonitorEvent) => void) | null = null;
  connects: { reader: string; share: number }[] = [];
  readonly binding: PcscBinding;

  constructor() {
    this.binding = scriptedBinding(this);
  }

  event(type: PcscMonitorEvent['type'], reader: string, atr: Buffer | null = null) {
    if (type === 'card-inserted') this.readers.set(reader, atr);
    if (type === 'card-removed' || type === 'reader-attached') this.readers.set(reader, null);
    if (type === 'reader-detached') this.readers.delete(reader);
    this.monitorCallback?.({ type, reader, state: atr ? PRESENT : EMPTY, atr });
  }
}

function setup() {
  const pcsc = new FakePcsc();
  const seen: CardsStatus[] = [];
  const service = new CardService({
    binding: pcsc.binding,
    emit: (_e, s) => seen.push(s),
    identifier: new AtrIdentifier({ smartcardListPath: null }),
    backoff: { initialMs: 100, maxMs: 400 },
  });
  return { pcsc, seen, service };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('CardService (scripted PC/SC)', () => {
  it('publishes reader hot-plug and card events as full snapshots', () => {
    const { pcsc, seen, service } = setup();
    service.start();
    expect(seen.at(-1)).toEqual({ serviceRunning: true, readers: [] });
    pcsc.event('reader-attached', 'SIM reader');
    pcsc.event('card-inserted', 'SIM reader', Buffer.from(VIRTUAL_ATR.sim));
    expect(seen.at(-1)!.readers).toEqual([
      { name: 'SIM reader', cardPresent: true, atr: '3B084D4153412D53494D', kind: 'sim', cardName: 'SIM card (virtual test card)', inUse: false },
    ]);
    pcsc.event('card-removed', 'SIM reader');
    expect(seen.at(-1)!.readers[0]).toMatchObject({ cardPresent: false, kind: null, atr: null });
    pcsc.event('reader-detached', 'SIM reader');
    expect(seen.at(-1)!.readers).toEqual([]);
    service.stop();
  });

  it('goes "not running" on a monitor error and recovers with backoff once pcscd is back', async () => {
    vi.useFakeTimers();
    const { pcsc, seen, service } = setup();
    pcsc.readers.set('ID reader', null);
    service.start();
    pcsc.daemonUp = false;
    pcsc.event('error', 'PC/SC service not running');
    expect(seen.at(-1)).toEqual({ serviceRunning: false, readers: [] });
    await expect(service.withCard({ kind: 'sim' }, async () => 1)).rejects.toMatchObject({ code: ErrorCode.CardServiceDown });
    await vi.advanceTimersByTimeAsync(1000); // retries at 100, 200, 400 ms… all fail
    expect(service.status().serviceRunning).toBe(false);
    pcsc.daemonUp = true;
    await vi.advanceTimersByTimeAsync(400); // backoff capped at 400 ms
    expect(seen.at(-1)).toMatchObject({ serviceRunning: true, readers: [{ name: 'ID reader' }] });
    service.stop();
  });

  it('picks the reader by card kind, and says what is missing', async () => {
    const { pcsc, service } = setup();
    service.start();
    await expect(service.withCard({ kind: 'sim' }, async () => 1)).rejects.toMatchObject({ code: ErrorCode.NoReader });
    pcsc.event('reader-attached', 'ID reader');
    pcsc.event('reader-attached', 'SIM reader');
    await expect(service.withCard({ kind: 'sim' }, async () => 1)).rejects.toMatchObject({ code: ErrorCode.NoCard, message: 'No SIM card in any reader' });
    pcsc.event('card-inserted', 'SIM reader', Buffer.from(VIRTUAL_ATR.sim));
    pcsc.event('card-inserted', 'ID reader', Buffer.from(VIRTUAL_ATR.esignCard));
    const used = await service.withCard({ kind: 'sim' }, async ({ reader, channel }) => {
      expect((await channel.transmit(new CommandApdu({ cla: 0, ins: 0xa4, p1: 0, p2: 0 }))).isSuccess).toBe(true);
      return reader.name;
    });
    expect(used).toBe('SIM reader');
    expect(pcsc.connects.at(-1)).toEqual({ reader: 'SIM reader', share: 1 }); // exclusive
    await expect(service.withCard({ reader: 'ID reader', kind: 'sim' }, async ({ reader }) => reader.kind)).resolves.toBe('esign-card');
    // A SIM whose ATR nobody knows is still found when no identified SIM is present; an e-İmza card never is.
    pcsc.event('card-removed', 'SIM reader');
    await expect(service.withCard({ kind: 'sim' }, async () => 1)).rejects.toMatchObject({ code: ErrorCode.NoCard });
    pcsc.event('card-inserted', 'SIM reader', Buffer.from([0x3b, 0x02, 0x14, 0x50]));
    await expect(service.withCard({ kind: 'sim' }, async ({ reader }) => [reader.name, reader.kind])).resolves.toEqual(['SIM reader', 'unknown']);
    service.stop();
  });

  it('asks which reader when two hold a SIM, instead of silently reading the first', async () => {
    // Issue 14: during a SIM duplicate the old SIM and the new one are both in readers.
    const { pcsc, service } = setup();
    service.start();
    pcsc.event('reader-attached', 'ID reader');
    pcsc.event('reader-attached', 'SIM reader');
    pcsc.event('card-inserted', 'SIM reader', Buffer.from(VIRTUAL_ATR.sim));
    pcsc.event('card-inserted', 'ID reader', Buffer.from(VIRTUAL_ATR.sim));
    await expect(service.withCard({ kind: 'sim' }, async () => 1)).rejects.toMatchObject({
      code: ErrorCode.ReaderAmbiguous,
      details: { kind: 'sim', readers: ['ID reader', 'SIM reader'] },
    });
    // Naming the reader reads that one.
    await expect(service.withCard({ reader: 'SIM reader' }, async ({ reader }) => reader.name)).resolves.toBe('SIM reader');
    pcsc.event('card-removed', 'ID reader');
    await expect(service.withCard({ kind: 'sim' }, async ({ reader }) => reader.name)).resolves.toBe('SIM reader');
    service.stop();
  });

  it('queues flows on the same reader and marks it in use meanwhile', async () => {
    const { pcsc, seen, service } = setup();
    service.start();
    pcsc.event('reader-attached', 'SIM reader');
    pcsc.event('card-inserted', 'SIM reader', Buffer.from(VIRTUAL_ATR.sim));
    const order: string[] = [];
    let release!: () => void;
    const first = service.withCard({ kind: 'sim' }, async () => {
      order.push('first start');
      await new Promise<void>((r) => (release = r));
      order.push('first end');
    });
    const second = service.withCard({ kind: 'sim' }, async () => {
      order.push('second');
    });
    // Once the first flow holds the card, the reader shows as in use while the second waits its turn.
    await waitFor(() => order.includes('first start'), 5_000, 'the first flow to start');
    expect(seen.at(-1)!.readers[0].inUse).toBe(true);
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first start', 'first end', 'second']);
    expect(service.status().readers[0].inUse).toBe(false);
    service.stop();
  });
});
