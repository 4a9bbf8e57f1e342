// The chip reader's hardware port on top of the PC/SC card service: which reader holds the ID card, and
// exclusive access to it for the duration of one chip read.
import type { CardService } from '../card-service';
import type { WithCard } from './id-reader';

/**
 * Without an explicit reader the card service chooses by kind: the desk's named ID reader, else the card that
 * proves to be an eMRTD (our ATR table, or its answer to SELECT of the eMRTD application), so a SIM in the first
 * reader is never taken for the ID card in the second.
 */
export function idCardWithCard(service: CardService): WithCard {
  return (reader, fn) => service.withCard(reader ? { reader } : { kind: 'id-card' }, (session) => fn(session.channel, session.reader.name));
}
