// CardService logic without PC/SC: a scripted binding stands in for `smartcard` so reader hot-plug, the
// "service not running" → recovery path and reader selection can be driven step by step. (The same paths run
// against the real pcscd in test/integration/pcsc-cards.test.ts.)
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CommandApdu } from '../../common/apdu';
import { ErrorCode } from '../../common/errors';
import { CardService, type CardServiceOptions, type CardsStatus } from '../../electron/main/cards/card-service';
import { AtrIdentifier, VIRTUAL_ATR } from '../../electron/main/cards/atr';
import type { PcscBinding, PcscMonitorEvent } from '../../electron/main/cards/pcsc-port';
import { waitFor } from '../support/wait';
import type { VirtualApplet } from '../fixtures/vcards/applet';
import { SimApplet } from '../fixtures/vcards/sim-applet';

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
            // A reader holding an applet lets it answer; else every command succeeds.
            transmit: async (command: Buffer) => {
              const applet = world.applets.get(name);
              return applet ? Buffer.from(applet.process(new Uint8Array(command))) : Buffer.from([0x90, 0x00]);
            },
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
  /** Cards that answer like the real thing (the prober asks them), by reader. */
  applets = new Map<string, VirtualApplet>();
  readonly binding: PcscBinding;

  constructor() {
    this.binding = scriptedBinding(this);
  }

  event(type: PcscMonitorEvent['type'], reader: string, atr: Buffer | null = null) {
    if (type === 'card-inserted') this.readers.set(reader, atr);
    if (type === 'card-removed' || type === 'reader-attached') this.readers.set(reader, null);
    if (type === 'card-removed') this.applets.delete(reader);
    if (type === 'reader-detached') this.readers.delete(reader);
    this.monitorCallback?.({ type, reader, state: atr ? PRESENT : EMPTY, atr });
  }
}

function setup(options: Partial<CardServiceOptions> = {}) {
  const pcsc = new FakePcsc();
  const seen: CardsStatus[] = [];
  const service = new CardService({
    binding: pcsc.binding,
    emit: (_e, s) => seen.push(s),
    identifier: new AtrIdentifier({ smartcardListPath: null }),
    backoff: { initialMs: 100, maxMs: 400 },
    ...options,
  });
  return { pcsc, seen, service };
}

/** Puts a card that answers like `applet` (with the applet's ATR) into `reader`. */
function insert(pcsc: FakePcsc, reader: string, applet: VirtualApplet) {
  pcsc.applets.set(reader, applet);
  pcsc.event('card-inserted', reader, Buffer.from(applet.atr));
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
      { name: 'SIM reader', cardPresent: true, atr: '3B084D4153412D53494D', kind: 'sim', kindSource: 'atr', cardName: 'SIM card (virtual test card)', inUse: false },
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
    // A SIM whose ATR nobody knows is found by its answers; an e-İmza card never is.
    pcsc.event('card-removed', 'SIM reader');
    await expect(service.withCard({ kind: 'sim' }, async () => 1)).rejects.toMatchObject({ code: ErrorCode.NoCard });
    insert(pcsc, 'SIM reader', new SimApplet('8999406012345678905', { atr: Uint8Array.of(0x3b, 0x02, 0x14, 0x50) }));
    await expect(service.withCard({ kind: 'sim' }, async ({ reader }) => [reader.name, reader.kind, reader.kindSource])).resolves.toEqual([
      'SIM reader',
      'sim',
      'probe',
    ]);
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

const UNLISTED_SIM_ATR = Uint8Array.of(0x3b, 0x08, 0x55, 0x4e, 0x4c, 0x49, 0x53, 0x54, 0x45, 0x44); // "UNLISTED"
const UNLISTED_ID_ATR = Uint8Array.of(0x3b, 0x08, 0x4f, 0x54, 0x48, 0x45, 0x52, 0x43, 0x52, 0x44); // "OTHERCRD"

/** Enough of an eMRTD for the prober: it answers SELECT of the eMRTD application, nothing else. */
function idChip(atr = UNLISTED_ID_ATR): VirtualApplet {
  const aid = 'a0000002471001';
  return {
    atr,
    reset: () => undefined,
    process: (apdu) => {
      const selected = apdu[1] === 0xa4 && apdu[2] === 0x04 && Buffer.from(apdu.subarray(5, 5 + apdu[4])).toString('hex') === aid;
      return selected ? Uint8Array.of(0x90, 0x00) : Uint8Array.of(0x6a, 0x82);
    },
  };
}

describe('CardService: cards of unlisted ATRs, found by their answers', () => {
  for (const [simIn, idIn] of [
    ['Reader 0', 'Reader 1'],
    ['Reader 1', 'Reader 0'],
  ]) {
    it(`gives the ID read the ID card and the SIM read the SIM (SIM in ${simIn}, ID card in ${idIn})`, async () => {
      const { pcsc, service } = setup();
      pcsc.readers.set('Reader 0', null);
      pcsc.readers.set('Reader 1', null);
      service.start();
      insert(pcsc, simIn, new SimApplet('8999406012345678905', { atr: UNLISTED_SIM_ATR }));
      insert(pcsc, idIn, idChip());
      await expect(service.withCard({ kind: 'id-card' }, async ({ reader }) => [reader.name, reader.kind])).resolves.toEqual([idIn, 'id-card']);
      await expect(service.withCard({ kind: 'sim' }, async ({ reader }) => [reader.name, reader.kind])).resolves.toEqual([simIn, 'sim']);
      expect(service.status().readers.map((r) => [r.name, r.kind, r.kindSource])).toEqual([
        ['Reader 0', simIn === 'Reader 0' ? 'sim' : 'id-card', 'probe'],
        ['Reader 1', simIn === 'Reader 1' ? 'sim' : 'id-card', 'probe'],
      ]);
      service.stop();
    });
  }

  it('asks a card once per insertion, in the background, and again when it is put back', async () => {
    const asked: string[] = [];
    const { probeCardKind } = await import('../../electron/main/cards/card-prober');
    const { pcsc, seen, service } = setup({
      probe: (channel) => {
        asked.push('probe');
        return probeCardKind(channel);
      },
    });
    pcsc.readers.set('Reader 0', null);
    service.start();
    insert(pcsc, 'Reader 0', new SimApplet('8999406012345678905', { atr: UNLISTED_SIM_ATR }));
    // No flow asked: the snapshot shows the kind once the card has answered.
    await waitFor(() => seen.at(-1)!.readers[0].kindSource === 'probe', 5_000, 'the background probe');
    expect(seen.at(-1)!.readers[0]).toMatchObject({ kind: 'sim', kindSource: 'probe', cardName: 'SIM card', inUse: false });
    // The probe is not a flow: the reader never showed as in use.
    expect(seen.some((s) => s.readers.some((r) => r.inUse))).toBe(false);
    await service.withCard({ kind: 'sim' }, async () => 1);
    await service.withCard({ kind: 'sim' }, async () => 1);
    expect(asked).toEqual(['probe']);
    pcsc.event('card-removed', 'Reader 0');
    expect(service.status().readers[0]).toMatchObject({ kind: null, kindSource: null });
    insert(pcsc, 'Reader 0', new SimApplet('8999406012345678905', { atr: UNLISTED_SIM_ATR }));
    await service.withCard({ kind: 'sim' }, async () => 1);
    expect(asked).toEqual(['probe', 'probe']);
    service.stop();
  });

  it('leaves the kind unknown when the card does not answer, and asks again on the next demand', async () => {
    let fail = true;
    const { probeCardKind } = await import('../../electron/main/cards/card-prober');
    const { pcsc, service } = setup({
      probe: async (channel) => {
        if (fail) throw new Error('Card was removed');
        return probeCardKind(channel);
      },
    });
    pcsc.readers.set('Reader 0', null);
    service.start();
    insert(pcsc, 'Reader 0', idChip());
    // The probe failed: the kind stays unknown, and a read may still try the card (it proves itself or fails).
    await expect(service.withCard({ kind: 'id-card' }, async ({ reader }) => [reader.kind, reader.kindSource])).resolves.toEqual(['unknown', null]);
    fail = false;
    await expect(service.withCard({ kind: 'id-card' }, async ({ reader }) => [reader.kind, reader.kindSource])).resolves.toEqual(['id-card', 'probe']);
    service.stop();
  });

  it('never trusts a contactless-looking ATR alone: a SIM with one is asked and is not taken for the ID card', async () => {
    const contactless = Uint8Array.of(0x3b, 0x88, 0x80, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x09);
    const { pcsc, service } = setup();
    pcsc.readers.set('Reader 0', null);
    pcsc.readers.set('Reader 1', null);
    service.start();
    insert(pcsc, 'Reader 0', new SimApplet('8999406012345678905', { atr: contactless }));
    insert(pcsc, 'Reader 1', idChip());
    await expect(service.withCard({ kind: 'id-card' }, async ({ reader }) => reader.name)).resolves.toBe('Reader 1');
    service.stop();
  });

  it('uses the desk’s named reader first, and shows the kind it was named for until the card answers', async () => {
    let named = { idReader: null as string | null, simReader: 'Reader 1' as string | null };
    const { pcsc, service } = setup({ namedReaders: () => named, probe: async () => Promise.reject(new Error('Card was removed')) });
    pcsc.readers.set('Reader 0', null);
    pcsc.readers.set('Reader 1', null);
    service.start();
    // Two SIMs our table knows: without a named reader the clerk would have to choose.
    pcsc.event('card-inserted', 'Reader 0', Buffer.from(VIRTUAL_ATR.sim));
    pcsc.event('card-inserted', 'Reader 1', Buffer.from(VIRTUAL_ATR.sim));
    await expect(service.withCard({ kind: 'sim' }, async ({ reader }) => reader.name)).resolves.toBe('Reader 1');
    named = { idReader: 'Reader 0', simReader: null };
    await expect(service.withCard({ kind: 'sim' }, async () => 1)).rejects.toMatchObject({ code: ErrorCode.ReaderAmbiguous });
    // An unlisted card in the named ID reader that does not answer: the setting says what it is.
    pcsc.event('card-removed', 'Reader 0');
    pcsc.event('card-inserted', 'Reader 0', Buffer.from(UNLISTED_ID_ATR));
    expect(service.status().readers[0]).toMatchObject({ kind: 'id-card', kindSource: 'setting' });
    await expect(service.withCard({ kind: 'id-card' }, async ({ reader }) => reader.name)).resolves.toBe('Reader 0');
    // A SIM our table knows in the named ID reader is not read as an ID card.
    pcsc.event('card-removed', 'Reader 1');
    await expect(service.withCard({ kind: 'id-card' }, async () => 1)).resolves.toBe(1);
    pcsc.event('card-removed', 'Reader 0');
    pcsc.event('card-inserted', 'Reader 0', Buffer.from(VIRTUAL_ATR.sim));
    await expect(service.withCard({ kind: 'id-card' }, async () => 1)).rejects.toMatchObject({ code: ErrorCode.NoCard });
    service.stop();
  });
});
