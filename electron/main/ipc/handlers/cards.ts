// cards:* and tokens:* — thin: validation happened in the dispatcher (zod), the work is in CardService,
// SimReader and TokenService. PIN strings are passed through to the token module and never returned or logged.
import type { HandlerMap } from '../types';
import type { CardService } from '../../cards/card-service';
import { SimReader } from '../../cards/sim';
import type { TokenService } from '../../cards/tokens';

export interface CardsHandlerDeps {
  readonly cards: CardService;
  readonly tokens: TokenService;
  /** Reads the ICCID with the current issuer-prefix reference data; default: the built-in prefixes. */
  readonly simReader?: SimReader;
}

export function cardsHandlers(s: CardsHandlerDeps): HandlerMap {
  const sim = s.simReader ?? new SimReader();
  return {
    'cards:status': async () => s.cards.status(),
    'cards:readIccid': async (input) => {
      const reader = input?.reader;
      return s.cards.withCard(reader ? { reader } : { kind: 'sim' }, async ({ channel, reader: r }) => ({
        ...(await sim.read(channel)),
        reader: r.name,
      }));
    },
    'tokens:list': async () => s.tokens.list(),
    'tokens:verifyPin': async (input) => s.tokens.verifyPin(input.tokenId, input.pin),
    'tokens:changePin': async (input) => s.tokens.changePin(input.tokenId, input.oldPin, input.newPin),
    'tokens:unblockPin': async (input) => s.tokens.unblockPin(input.tokenId, input.puk, input.newPin),
  };
}
