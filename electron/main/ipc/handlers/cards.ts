// cards:status — the readers and their cards; cards:readerSettings — the desk's named ID and SIM readers. SIM reads
// are sim:readIccid and tokens token:* (handlers/flows.ts), on the same card stack (compose-cards.ts).
import type { HandlerMap } from '../types';
import type { CardsStatus } from '../../cards/card-service';
import type { ReaderSettings } from '../../services/reader-settings';
import type { AuthService } from '../../services/auth-service';

export interface CardsHandlerDeps {
  readonly cards: { status(): CardsStatus };
  readonly readerSettings: ReaderSettings;
  readonly auth: AuthService;
}

export function cardsHandlers(s: CardsHandlerDeps): HandlerMap {
  return {
    'cards:status': async () => s.cards.status(),
    'cards:readerSettings': () => s.readerSettings.current(),
    // The dispatcher checked the role; the supervisor's id is the audit entry's actor.
    'cards:setReaderSettings': (input) => s.readerSettings.set(input, s.auth.requireSupervisor().id),
  };
}
