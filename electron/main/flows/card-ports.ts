// Adapters from the card helper's CardService (electron/main/cards) to the flows' ports. compose.ts wires them
// once the card service is composed: `flowPorts: { sim: new CardServiceSimSource(cards, () => flows.reference.iccidIssuers()) }`.
import { AppError, ErrorCode } from '../../../common/errors';
import { AuthenticationBlocked, WrongPin } from '../../../common/apdu';
import type { TokenStatus } from '../../../common/ipc/channels/flows';
import { SimReader, type IccidIssuer } from '../cards/sim';
import { PinCard } from '../cards/pin-card';
import type { CardSession, CardTarget } from '../cards/card-service';
import type { SimIccidRead, SimIccidSource, TokenPort } from './ports';

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

/**
 * An e-İmza smart card's PIN through the card helper's PinCard (tries left, RESET RETRY COUNTER with the PUK).
 * Certificates on the card are listed by the token service when it exists; until then `certificates` is empty.
 * `maxTries` is the PIN try limit from reference data (eimza.token.pinTries, 10 by DOMAIN.md §4).
 */
export class PinCardTokenPort implements TokenPort {
  constructor(
    private readonly cards: CardAccess,
    private readonly maxTries: () => number,
  ) {}

  private target(reader?: string): CardTarget {
    return reader ? { reader } : { kind: 'esign-card' };
  }

  async status(reader?: string): Promise<TokenStatus> {
    return this.cards.withCard(this.target(reader), async (session) => {
      const card = new PinCard(session.channel);
      await card.select();
      const pin = await card.pinState();
      const max = this.maxTries();
      const triesLeft = pin.state === 'ok' ? pin.triesLeft : pin.state === 'blocked' ? 0 : null;
      const state = pin.state === 'blocked' ? 'blocked' : triesLeft !== null && triesLeft <= Math.min(3, max - 1) ? 'low' : 'ok';
      return { present: true, reader: session.reader.name, label: session.reader.cardName, serial: null, pin: { state, triesLeft, maxTries: max }, certificates: [] };
    });
  }

  async unblockPin(reader: string | undefined, puk: Uint8Array, newPin: Uint8Array): Promise<void> {
    await this.cards.withCard(this.target(reader), async (session) => {
      const card = new PinCard(session.channel);
      await card.select();
      try {
        await card.unblock(puk, newPin);
      } catch (e) {
        if (e instanceof WrongPin) throw new AppError(ErrorCode.PinWrong, 'Wrong PUK.', { details: { pukTriesLeft: e.retriesLeft } });
        if (e instanceof AuthenticationBlocked) throw new AppError(ErrorCode.PinBlocked, 'The PUK is blocked: the card must be replaced.');
        throw e;
      }
    });
  }
}
