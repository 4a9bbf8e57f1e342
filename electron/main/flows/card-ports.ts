// The flows' SIM port on the card service (electron/main/cards): the ICCID of the SIM in a reader, with the
// issuer prefixes of the reference data. Tokens have their own port in cards/token-port.ts.
import { AppError, ErrorCode } from '../../../common/errors';
import { SimReader, type IccidIssuer } from '../cards/sim';
import type { CardAccess } from '../cards/card-service';
import type { SimIccidRead, SimIccidSource } from './ports';

export type { CardAccess };

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
      return { iccid: sim.iccid, luhnValid: sim.luhnValid, operator: sim.operator, reader: session.reader.name };
    });
  }
}
