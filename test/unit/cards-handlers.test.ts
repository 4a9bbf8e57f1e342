// The card handlers and the card adapters behind the flows' channels, against their contract: outputs must parse
// with the channel's zod schema, and nothing PIN-shaped comes back out.
import { describe, expect, it } from 'vitest';
import { createCardChannel } from '../../common/apdu';
import { channels } from '../../common/ipc/contract';
import type { CardService, CardSession, CardTarget } from '../../electron/main/cards/card-service';
import { cardsHandlers } from '../../electron/main/ipc/handlers/cards';
import { CardServiceSimSource } from '../../electron/main/flows/card-ports';
import { DEFAULT_ICCID_ISSUERS } from '../../electron/main/cards/sim';
import { PinCardTokenPort } from '../../electron/main/cards/pin-card-port';
import { SimApplet } from '../fixtures/vcards/sim-applet';
import { PinCardApplet } from '../fixtures/vcards/pin-card-applet';
import { expectNoSecret } from '../support/secrets';

const ctx = { origin: 'in-process' as const };
const ICCID = '8999406012345678901'; // its last digit is not the Luhn check digit: read as luhnValid false

function fakeCards(): CardService {
  const applet = new SimApplet(ICCID);
  const reader = { name: 'SIM reader', cardPresent: true, atr: '3B084D4153412D53494D', kind: 'sim' as const, kindSource: 'atr' as const, cardName: 'SIM', inUse: true };
  return {
    status: () => ({ serviceRunning: true, readers: [{ ...reader, inUse: false }] }),
    withCard: async <T>(target: CardTarget, fn: (s: CardSession) => Promise<T>) => {
      expect(target).toEqual({ kind: 'sim' });
      return fn({ channel: createCardChannel(async (b) => applet.process(b)), reader });
    },
  } as unknown as CardService;
}

function pinCardReader(applet: PinCardApplet) {
  const reader = { name: 'Token reader', cardPresent: true, atr: null, kind: 'esign-card' as const, kindSource: 'atr' as const, cardName: 'e-İmza card', inUse: true };
  return {
    withCard: async <T>(_target: CardTarget, fn: (s: CardSession) => Promise<T>) => {
      applet.reset();
      return fn({ channel: createCardChannel(async (b) => applet.process(b)), reader });
    },
  };
}

describe('cards IPC handlers', () => {
  // The reader settings handlers are covered with a real desk database (test/integration/reader-settings.test.ts).
  const h = cardsHandlers({ cards: fakeCards() } as unknown as Parameters<typeof cardsHandlers>[0]);

  it('cards:status and the SIM read behind sim:readIccid match the contract', async () => {
    expect(channels['cards:status'].output.parse(await h['cards:status']!(undefined, ctx))).toMatchObject({ serviceRunning: true });
    const read = await new CardServiceSimSource(fakeCards(), () => DEFAULT_ICCID_ISSUERS).readIccid();
    expect(read).toEqual({ iccid: ICCID, luhnValid: false, operator: 'Naxtel', reader: 'SIM reader' });
    const out = channels['sim:readIccid'].output.parse({ ...read, readId: 'r1', readAt: '2026-06-01T08:00:00.000Z' });
    expect(out.reader).toBe('SIM reader');
  });

  it('token status carries PIN and PUK state only, and a wrong PUK does not echo it', async () => {
    const port = new PinCardTokenPort(pinCardReader(new PinCardApplet({ pin: '246810', puk: '13572468' })));
    const status = channels['token:status'].output.parse(await port.status());
    expect(status).toMatchObject({ pin: { state: 'ok', triesLeft: 3, maxTries: 3 }, puk: { state: 'ok', triesLeft: 3, maxTries: 3 } });
    const error = await port.unblockPin(undefined, new TextEncoder().encode('11112222'), new TextEncoder().encode('135790')).catch((e) => e);
    expect(error.code).toBe('PUK_WRONG');
    expectNoSecret(['246810', '13572468', '11112222', '135790'], JSON.stringify(status), error.message, JSON.stringify(error.toPayload()));
  });
});
