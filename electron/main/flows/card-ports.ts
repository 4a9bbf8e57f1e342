// Adapters from the card helper's CardService (electron/main/cards) to the flows' ports. compose.ts wires them
// once the card service is composed: `flowPorts: { sim: new CardServiceSimSource(cards, () => flows.reference.iccidIssuers()) }`.
import { AppError, ErrorCode } from '../../../common/errors';
import { SimReader, type IccidIssuer } from '../cards/sim';
import type { CardSession, CardTarget } from '../cards/card-service';
import type { SimIccidRead, SimIccidSource } from './ports';

/** The part of CardService the SIM read needs: exclusive access to one card. */
export interface CardAccess {
  withCard<T>(target: CardTarget, fn: (session: CardSession) => Promise<T>): Promise<T>;
}

export class CardServiceSimSource implements SimIccidSource {
  constructor(
    private readonly cards: CardAccess,
    /** ICCID issuer prefixes from reference data (iccid_issuers), read at each call so sync updates apply. */
    private readonly issuers: () => readonly IccidIssuer[],
  ) {}

  async readIccid(reader?: string): Promise<SimIccidRead> {
    return this.cards.withCard(reader ? { reader } : { kind: 'sim' }, async (session) => {
      if (session.reader.kind && session.reader.kind !== 'sim' && session.reader.kind !== 'unknown') {
        throw new AppError(ErrorCode.CardError, `The card in ${session.reader.name} is not a SIM (${session.reader.cardName ?? session.reader.kind}).`);
      }
      const sim = await new SimReader(this.issuers).read(session.channel);
      return { iccid: sim.iccid, luhnValid: sim.luhnValid, operator: sim.operator };
    });
  }
}
