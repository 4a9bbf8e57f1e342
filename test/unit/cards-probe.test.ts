// The card prober (what a card proves by its answers) and the reader choice built on it, without PC/SC: the
// virtual applets answer through a CardChannel. The same paths run through pcscd + vpcd in
// test/integration/pcsc-probe.test.ts.
import { describe, expect, it } from 'vitest';
import { AppError, ErrorCode } from '../../common/errors';
import { createCardChannel } from '../../common/apdu';
import { AtrIdentifier, VIRTUAL_ATR } from '../../electron/main/cards/atr';
import { probeCardKind } from '../../electron/main/cards/card-prober';
import { resolveKind } from '../../electron/main/cards/card-kinds';
import { chooseReader, readersToProbe, type ReaderCandidate } from '../../electron/main/cards/reader-choice';
import type { VirtualApplet } from '../../test/fixtures/vcards/applet';
import { SimApplet } from '../fixtures/vcards/sim-applet';
import { PinCardApplet } from '../fixtures/vcards/pin-card-applet';
import { virtualIdCard } from '../fixtures/vcards/emrtd-harness';

const MRZ = 'I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<';

function channelTo(applet: VirtualApplet, log: string[] = []) {
  return createCardChannel(async (bytes) => {
    log.push(Buffer.from(bytes.subarray(0, 4)).toString('hex').toUpperCase());
    return applet.process(bytes);
  });
}

/** An old GSM-only SIM: refuses the ISO class 00 as a whole (6E00) and answers class A0 only. */
class GsmOnlySim implements VirtualApplet {
  private readonly sim = new SimApplet('8999406012345678905');
  readonly atr = this.sim.atr;
  reset(): void {
    this.sim.reset();
  }
  process(apdu: Uint8Array): Uint8Array {
    return apdu[0] === 0xa0 ? this.sim.process(apdu) : Uint8Array.of(0x6e, 0x00);
  }
}

const silent: VirtualApplet = { atr: Uint8Array.of(0x3b, 0x00), reset: () => undefined, process: () => Uint8Array.of(0x6a, 0x82) };

describe('probeCardKind', () => {
  it('names each card by the application it answers to, with SELECTs only', async () => {
    const idLog: string[] = [];
    expect(await probeCardKind(channelTo(await virtualIdCard(MRZ), idLog))).toBe('id-card');
    expect(idLog).toEqual(['00A4040C']); // the eMRTD application first: one command for an ID card
    const simLog: string[] = [];
    expect(await probeCardKind(channelTo(new SimApplet('8999406012345678905'), simLog))).toBe('sim');
    expect(simLog).toEqual(['00A4040C', '00A4040C', '00A4000C', '00A4000C']);
    expect(await probeCardKind(channelTo(new GsmOnlySim()))).toBe('sim');
    const pin = new PinCardApplet();
    expect(await probeCardKind(channelTo(pin))).toBe('esign-card');
    expect(pin.pinTriesLeft).toBe(3); // no PIN try spent
    expect(await probeCardKind(channelTo(silent))).toBe('unknown');
  });

  it('fails (and names nothing) when the card goes away mid-probe', async () => {
    const pulled = createCardChannel(async () => {
      throw new AppError(ErrorCode.CardRemoved, 'The card was removed');
    });
    await expect(probeCardKind(pulled)).rejects.toMatchObject({ code: ErrorCode.CardRemoved });
  });
});

describe('resolveKind', () => {
  const identifier = new AtrIdentifier({ smartcardListPath: null });
  const unlisted = identifier.identify(Uint8Array.of(0x3b, 0x02, 0x14, 0x50));
  const contactless = identifier.identify(Uint8Array.of(0x3b, 0x88, 0x80, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0x09));

  it('trusts the card’s answer over the ATR, the table over the setting, the setting over a guess', () => {
    expect(resolveKind(identifier.identify(VIRTUAL_ATR.sim), undefined, 'id-card')).toEqual({ kind: 'sim', source: 'atr', confirmed: true });
    expect(resolveKind(contactless, 'sim', null)).toEqual({ kind: 'sim', source: 'probe', confirmed: true });
    expect(resolveKind(contactless, undefined, null)).toEqual({ kind: 'id-card', source: 'atr', confirmed: false });
    expect(resolveKind(unlisted, undefined, 'sim')).toEqual({ kind: 'sim', source: 'setting', confirmed: false });
    expect(resolveKind(unlisted, undefined, null)).toEqual({ kind: 'unknown', source: null, confirmed: false });
    expect(resolveKind(unlisted, 'unknown', 'sim')).toEqual({ kind: 'unknown', source: 'probe', confirmed: true });
  });
});

function reader(name: string, kind: ReaderCandidate['kind'], confirmed: boolean, extra: Partial<ReaderCandidate> = {}): ReaderCandidate {
  return { name, cardPresent: kind !== null, atr: kind ? '3B021450' : null, kind, kindSource: kind ? 'probe' : null, cardName: null, inUse: false, confirmed, ...extra };
}

describe('reader choice', () => {
  it('asks the unproved cards unless a proved card of the kind is there', () => {
    const guessed = [reader('A', 'id-card', false), reader('B', 'unknown', false), reader('C', null, false)];
    expect(readersToProbe(guessed, 'id-card', null)).toEqual(['A', 'B']);
    expect(readersToProbe([reader('A', 'sim', true), reader('B', 'unknown', false)], 'sim', null)).toEqual([]);
    expect(readersToProbe([reader('A', 'sim', true), reader('B', 'unknown', false)], 'id-card', null)).toEqual(['B']);
    // The named reader is asked first, alone: its answer may settle the choice.
    expect(readersToProbe([reader('A', 'sim', true), reader('B', 'unknown', false)], 'sim', 'B')).toEqual(['B']);
  });

  it('takes the card of the kind asked, never one proved to be another kind', () => {
    const desk = [reader('A', 'sim', true), reader('B', 'id-card', true)];
    expect(chooseReader(desk, 'id-card', null)).toBe('B');
    expect(chooseReader(desk, 'sim', null)).toBe('A');
    expect(() => chooseReader(desk, 'esign-card', null)).toThrow(expect.objectContaining({ code: ErrorCode.NoCard, message: 'No e-İmza card in any reader' }));
    // A card that did not answer may still be the one: the read proves it.
    expect(chooseReader([reader('A', 'sim', true), reader('B', 'unknown', false)], 'id-card', null)).toBe('B');
  });

  it('uses the named reader first, unless its card proved to be another kind', () => {
    const twoSims = [reader('A', 'sim', true), reader('B', 'sim', true)];
    expect(() => chooseReader(twoSims, 'sim', null)).toThrow(expect.objectContaining({ code: ErrorCode.ReaderAmbiguous }));
    expect(chooseReader(twoSims, 'sim', 'B')).toBe('B');
    expect(chooseReader([reader('A', 'unknown', true), reader('B', 'id-card', true)], 'sim', 'A')).toBe('A');
    expect(chooseReader([reader('A', 'id-card', true), reader('B', 'sim', true)], 'sim', 'A')).toBe('B');
    // The named reader is empty: the choice by kind.
    expect(chooseReader([reader('A', null, false), reader('B', 'sim', true)], 'sim', 'A')).toBe('B');
  });
});
