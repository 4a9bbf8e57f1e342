// The token port for e-İmza PIN cards in a PC/SC reader (pin-card.ts over the card service): the PIN and PUK
// counters the card reports, and RESET RETRY COUNTER with the PUK. A card of another kind (a SIM, an ID card) is
// reported as "not a token", never as a card that "did not answer as expected".
import { AppError, ErrorCode } from '../../../common/errors';
import { AuthenticationBlocked, StatusWordError, WrongPin } from '../../../common/apdu';
import type { TokenCounter } from '../../../common/ipc/channels/cards';
import { PinCard } from './pin-card';
import type { CardAccess, CardSession, CardTarget } from './card-service';
import type { TokenPort, TokenStatus } from './token-port';

/** Few tries left: three or fewer of ten (never the full count), or the final try when the card gives no limit. */
function counter(left: number | null, max: number | null): TokenCounter {
  const lowAt = max !== null ? Math.min(3, max - 1) : 1;
  const state = left === 0 ? 'blocked' : left === null ? 'unknown' : left <= lowAt ? 'low' : 'ok';
  return { state, triesLeft: left, maxTries: max };
}

function notAToken(session: CardSession, cause?: unknown): AppError {
  const { name, kind, cardName } = session.reader;
  return new AppError(ErrorCode.NotAToken, `The card in ${name} is not an e-İmza token (${cardName ?? kind ?? 'unknown card'}).`, {
    details: { reader: name, kind },
    cause,
  });
}

export class PinCardTokenPort implements TokenPort {
  constructor(private readonly cards: CardAccess) {}

  async status(reader?: string): Promise<TokenStatus> {
    return this.withPinCard(reader, async (card, session) => {
      const counters = await card.counters();
      let pin: TokenCounter;
      if (counters) pin = counter(counters.pin.left, counters.pin.max);
      else {
        const s = await card.pinState();
        pin = counter(s.state === 'ok' ? s.triesLeft : s.state === 'blocked' ? 0 : null, null);
        if (s.state === 'verified') pin.state = 'ok';
      }
      const status: TokenStatus = { present: true, reader: session.reader.name, label: session.reader.cardName, serial: null, pin, certificates: [] };
      if (counters) status.puk = counter(counters.puk.left, counters.puk.max);
      return status;
    });
  }

  async unblockPin(reader: string | undefined, puk: Uint8Array, newPin: Uint8Array): Promise<void> {
    await this.withPinCard(reader, async (card) => {
      try {
        await card.unblock(puk, newPin);
      } catch (e) {
        // A wrong PUK is not a wrong PIN: each one spends a PUK try, and at zero the card is blocked for good.
        if (e instanceof WrongPin) throw new AppError(ErrorCode.PukWrong, 'Wrong PUK.', { details: { pukTriesLeft: e.retriesLeft } });
        if (e instanceof AuthenticationBlocked) throw new AppError(ErrorCode.PukBlocked, 'The PUK is blocked: the card must be replaced.', { details: { pukTriesLeft: 0 } });
        throw e;
      }
    });
  }

  private async withPinCard<T>(reader: string | undefined, fn: (card: PinCard, session: CardSession) => Promise<T>): Promise<T> {
    const target: CardTarget = reader ? { reader } : { kind: 'esign-card' };
    try {
      return await this.cards.withCard(target, async (session) => {
        if (session.reader.kind === 'sim' || session.reader.kind === 'id-card') throw notAToken(session);
        const card = new PinCard(session.channel);
        try {
          await card.select();
        } catch (e) {
          // No e-İmza application on the card: some other card of a kind the ATR table does not know.
          if (e instanceof StatusWordError) throw notAToken(session, e);
          throw e;
        }
        return fn(card, session);
      });
    } catch (e) {
      // No e-İmza card anywhere, but another card is in a reader: say what it is instead of "put the card in".
      const other = !reader && e instanceof AppError && e.code === ErrorCode.NoCard ? this.cards.status?.().readers.find((r) => r.cardPresent) : undefined;
      if (other) throw new AppError(ErrorCode.NotAToken, `The card in ${other.name} is not an e-İmza token.`, { details: { reader: other.name, kind: other.kind } });
      throw e;
    }
  }
}
