// cards:status — the readers and their cards. SIM reads are sim:readIccid and tokens token:* (handlers/flows.ts),
// on the same card stack (compose-cards.ts).
import type { HandlerMap } from '../types';
import type { CardsStatus } from '../../cards/card-service';

export interface CardsHandlerDeps {
  readonly cards: { status(): CardsStatus };
}

export function cardsHandlers(s: CardsHandlerDeps): HandlerMap {
  return {
    'cards:status': async () => s.cards.status(),
  };
}
