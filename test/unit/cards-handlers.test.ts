// The cards/tokens IPC handlers against their contract: outputs must parse with the channel's zod schema, and
// nothing PIN-shaped comes back out.
import { describe, expect, it } from 'vitest';
import { createCardChannel } from '../../common/apdu';
import { channels } from '../../common/ipc/contract';
import type { CardService, CardSession, CardTarget } from '../../electron/main/cards/card-service';
import type { TokenService } from '../../electron/main/cards/tokens';
import { cardsHandlers } from '../../electron/main/ipc/handlers/cards';
import { SimApplet } from '../fixtures/vcards/sim-applet';
import { expectNoSecret } from '../support/secrets';

const ctx = { origin: 'in-process' as const };
const ICCID = '8999406012345678901'; // its last digit is not the Luhn check digit: read as luhnValid false

function fakeCards(): CardService {
  const applet = new SimApplet(ICCID);
  const reader = { name: 'SIM reader', cardPresent: true, atr: '3B084D4153412D53494D', kind: 'sim' as const, cardName: 'SIM', inUse: true };
  return {
    status: () => ({ serviceRunning: true, readers: [{ ...reader, inUse: false }] }),
    withCard: async <T>(target: CardTarget, fn: (s: CardSession) => Promise<T>) => {
      expect(target).toEqual({ kind: 'sim' });
      return fn({ channel: createCardChannel(async (b) => applet.process(b)), reader });
    },
  } as unknown as CardService;
}

function fakeTokens(): TokenService {
  const pin = { state: 'ok' as const, mustChange: false };
  return {
    list: async () => [{ id: 'A1', label: 'e-imza', manufacturer: 'SoftHSM project', model: 'SoftHSM v2', pin, certificates: [] }],
    verifyPin: async () => ({ pin }),
    changePin: async () => ({ pin }),
    unblockPin: async () => ({ pin }),
  } as unknown as TokenService;
}

describe('cards IPC handlers', () => {
  const h = cardsHandlers({ cards: fakeCards(), tokens: fakeTokens() });

  it('cards:status and cards:readIccid outputs match the contract', async () => {
    expect(channels['cards:status'].output.parse(await h['cards:status']!(undefined, ctx))).toMatchObject({ serviceRunning: true });
    const read = channels['cards:readIccid'].output.parse(await h['cards:readIccid']!(undefined, ctx));
    expect(read).toEqual({ iccid: ICCID, luhnValid: false, operator: 'Naxtel', reader: 'SIM reader' });
  });

  it('token PIN channels validate PIN format on input and return PIN state only', async () => {
    expect(channels['tokens:verifyPin'].input.safeParse({ tokenId: 'A1', pin: '12a4' }).success).toBe(false);
    const input = channels['tokens:changePin'].input.parse({ tokenId: 'A1', oldPin: '246810', newPin: '135790' });
    const out = await h['tokens:changePin']!(input, ctx);
    expect(channels['tokens:changePin'].output.parse(out)).toEqual({ pin: { state: 'ok', mustChange: false } });
    expectNoSecret(['246810', '135790'], JSON.stringify(out));
    expect(channels['tokens:list'].output.parse(await h['tokens:list']!(undefined, ctx))).toHaveLength(1);
  });
});
