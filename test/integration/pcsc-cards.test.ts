// The card service through the real `smartcard` binding and a real pcscd with two vpcd readers: no mocks at the
// PC/SC boundary. Virtual cards (test/fixtures/vcards) play the SIM and the e-İmza PIN card.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthenticationBlocked, WrongPin } from '../../common/apdu';
import { utf8 } from '../../common/bytes';
import { ErrorCode } from '../../common/errors';
import { CardService, type CardsStatus } from '../../electron/main/cards/card-service';
import { PinCard } from '../../electron/main/cards/pin-card';
import { SimReader } from '../../electron/main/cards/sim';
import { PinCardApplet } from '../fixtures/vcards/pin-card-applet';
import { SimApplet } from '../fixtures/vcards/sim-applet';
import { PcscHarness, pcscSkipReason } from '../support/pcsc';
import { appendLuhn } from '../../common/domain/checksums';

const skip = pcscSkipReason();
if (skip) console.warn(skip);

/** Collects `cards:changed` snapshots and waits for one matching a predicate. */
class Events {
  readonly seen: CardsStatus[] = [];
  private waiters: { test: (s: CardsStatus) => boolean; resolve: (s: CardsStatus) => void }[] = [];
  readonly emit = (_event: 'cards:changed', payload: CardsStatus) => {
    this.seen.push(payload);
    this.waiters = this.waiters.filter((w) => (w.test(payload) ? (w.resolve(payload), false) : true));
  };
  waitFor(test: (s: CardsStatus) => boolean, what: string, timeoutMs = 15_000): Promise<CardsStatus> {
    const last = this.seen.at(-1);
    if (last && test(last)) return Promise.resolve(last);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; last status ${JSON.stringify(this.seen.at(-1))}`)), timeoutMs);
      this.waiters.push({ test, resolve: (s) => (clearTimeout(timer), resolve(s)) });
    });
  }
}

describe.skipIf(!!skip)('card service over pcscd + vpcd', () => {
  let pcsc: PcscHarness;
  let service: CardService;
  const events = new Events();
  const iccid = appendLuhn('899940101234567890');

  const cardIn = (name: string) => (s: CardsStatus) => !!s.readers.find((r) => r.name === name)?.cardPresent;
  const cardOut = (name: string) => (s: CardsStatus) => s.serviceRunning && s.readers.some((r) => r.name === name && !r.cardPresent);

  beforeAll(async () => {
    pcsc = await PcscHarness.start();
    service = new CardService({ emit: events.emit, backoff: { initialMs: 100, maxMs: 500 } });
    service.start();
    await events.waitFor((s) => s.serviceRunning && s.readers.length === 2, 'two readers');
  });

  afterAll(async () => {
    service?.stop();
    await pcsc?.stop();
  });

  it('lists the two virtual readers, empty', () => {
    const status = service.status();
    expect(status.serviceRunning).toBe(true);
    expect(status.readers.map((r) => [r.name, r.cardPresent])).toEqual([
      [pcsc.idReader.name, false],
      [pcsc.simReader.name, false],
    ]);
  });

  it('pushes card inserted / removed events with the card kind', async () => {
    const sim = pcsc.card('sim', new SimApplet(iccid));
    await sim.insert();
    const inserted = await events.waitFor(cardIn(pcsc.simReader.name), 'SIM inserted');
    expect(inserted.readers.find((r) => r.name === pcsc.simReader.name)).toMatchObject({ kind: 'sim', atr: '3B084D4153412D53494D' });
    await sim.remove();
    await events.waitFor(cardOut(pcsc.simReader.name), 'SIM removed');
  });

  it('reads the ICCID, choosing the SIM reader by card kind', async () => {
    const sim = pcsc.card('sim', new SimApplet(iccid));
    await sim.insert();
    await events.waitFor(cardIn(pcsc.simReader.name), 'SIM inserted');
    const result = await service.withCard({ kind: 'sim' }, async ({ channel, reader }) => ({ ...(await new SimReader().read(channel)), reader: reader.name }));
    expect(result).toEqual({ iccid, luhnValid: true, operator: 'Azercell', reader: pcsc.simReader.name });
    await sim.remove();
    await events.waitFor(cardOut(pcsc.simReader.name), 'SIM removed');
  });

  it('says which is missing: no card of that kind', async () => {
    await expect(service.withCard({ kind: 'sim' }, async () => 1)).rejects.toMatchObject({ code: ErrorCode.NoCard });
    await expect(service.withCard({ reader: 'Nope 00 00' }, async () => 1)).rejects.toMatchObject({ code: ErrorCode.NoReader });
  });

  it('reports a card pulled mid-read as a typed error, and the next read works', async () => {
    let pullOnRead = true;
    const sim = pcsc.card('sim', new SimApplet(iccid), {
      onCommand: async (apdu, card) => {
        if (pullOnRead && apdu[1] === 0xb0) {
          pullOnRead = false;
          await card.remove();
          return false;
        }
      },
    });
    await sim.insert();
    await events.waitFor(cardIn(pcsc.simReader.name), 'SIM inserted');
    const error = await service.withCard({ kind: 'sim' }, ({ channel }) => new SimReader().read(channel)).catch((e) => e);
    expect(error).toMatchObject({ code: ErrorCode.CardRemoved });
    expect(error.message).toMatch(/removed/);
    await events.waitFor(cardOut(pcsc.simReader.name), 'SIM removed');
    await sim.insert();
    await events.waitFor(cardIn(pcsc.simReader.name), 'SIM back');
    const again = await service.withCard({ kind: 'sim' }, ({ channel }) => new SimReader().read(channel));
    expect(again.iccid).toBe(iccid);
    await sim.remove();
    await events.waitFor(cardOut(pcsc.simReader.name), 'SIM removed');
  });

  it('uses two readers at once', async () => {
    const second = appendLuhn('899940401234567890');
    const a = pcsc.card('sim', new SimApplet(iccid));
    const b = pcsc.card('id', new SimApplet(second));
    await Promise.all([a.insert(), b.insert()]);
    await events.waitFor((s) => cardIn(pcsc.simReader.name)(s) && cardIn(pcsc.idReader.name)(s), 'both cards');
    const read = (reader: string) => service.withCard({ reader }, ({ channel }) => new SimReader().read(channel));
    const [x, y] = await Promise.all([read(pcsc.simReader.name), read(pcsc.idReader.name)]);
    expect([x.iccid, x.operator, y.iccid, y.operator]).toEqual([iccid, 'Azercell', second, 'Nar']);
    await Promise.all([a.remove(), b.remove()]);
    await events.waitFor((s) => cardOut(pcsc.simReader.name)(s) && cardOut(pcsc.idReader.name)(s), 'both out');
  });

  it('blocks the PIN after three wrong tries and unblocks it with the PUK', async () => {
    const applet = new PinCardApplet({ pin: '1234', puk: '11223344' });
    const card = pcsc.card('id', applet);
    await card.insert();
    await events.waitFor(cardIn(pcsc.idReader.name), 'PIN card inserted');
    const onCard = <T>(fn: (pin: PinCard) => Promise<T>) =>
      service.withCard({ kind: 'esign-card' }, async ({ channel }) => {
        const pin = new PinCard(channel);
        await pin.select();
        return fn(pin);
      });
    // Each attempt is a separate exclusive session: the retry counter lives on the card, not in the app.
    for (const left of [2, 1]) {
      const e = await onCard((c) => c.verify(utf8('0000'))).catch((x) => x);
      expect(e).toBeInstanceOf(WrongPin);
      expect(e.retriesLeft).toBe(left);
    }
    await expect(onCard((c) => c.verify(utf8('0000')))).rejects.toBeInstanceOf(AuthenticationBlocked);
    await expect(onCard((c) => c.verify(utf8('1234')))).rejects.toMatchObject({ code: ErrorCode.PinBlocked });
    expect(await onCard((c) => c.pinState())).toEqual({ state: 'blocked' });
    await onCard((c) => c.unblock(utf8('11223344'), utf8('4321')));
    expect(await onCard((c) => c.pinState())).toEqual({ state: 'ok', triesLeft: 3 });
    await onCard((c) => c.verify(utf8('4321')));
    await card.remove();
    await events.waitFor(cardOut(pcsc.idReader.name), 'PIN card removed');
  });

  it('says "not running" when pcscd stops and recovers by itself when it is back', async () => {
    await pcsc.stopDaemon();
    await events.waitFor((s) => !s.serviceRunning, 'service down');
    await expect(service.withCard({ kind: 'sim' }, async () => 1)).rejects.toMatchObject({ code: ErrorCode.CardServiceDown });
    await pcsc.startDaemon();
    await events.waitFor((s) => s.serviceRunning && s.readers.length === 2, 'service back');
    const sim = pcsc.card('sim', new SimApplet(iccid));
    await sim.insert();
    await events.waitFor(cardIn(pcsc.simReader.name), 'SIM inserted after restart');
    const read = await service.withCard({ kind: 'sim' }, ({ channel }) => new SimReader().read(channel));
    expect(read.iccid).toBe(iccid);
    await sim.remove();
  });
});
