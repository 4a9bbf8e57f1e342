// The chip reader's hardware port on top of the PC/SC card service: which reader holds the ID card, and
// exclusive access to it for the duration of one chip read.
import type { CardService } from '../card-service';
import type { WithCard } from './id-reader';

/**
 * Without an explicit reader: the reader whose card the ATR table calls an ID card, else a card of unknown kind
 * (real ID cards and passports have many ATRs; a SIM or e-İmza card is never taken for one).
 */
function pickIdReader(service: CardService): string | undefined {
  const present = service.status().readers.filter((r) => r.cardPresent);
  return (present.find((r) => r.kind === 'id-card') ?? present.find((r) => r.kind === 'unknown'))?.name;
}

export function idCardWithCard(service: CardService): WithCard {
  return (reader, fn) => {
    const target = reader ? { reader } : { reader: pickIdReader(service), kind: 'id-card' as const };
    return service.withCard(target, (session) => fn(session.channel, session.reader.name));
  };
}
