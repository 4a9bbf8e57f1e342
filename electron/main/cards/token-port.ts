// One port for every kind of e-İmza token the desk meets: USB tokens through their PKCS#11 module (tokens.ts) and
// PIN cards in a PC/SC reader (pin-card-port.ts). The flows' token service sees only this port and one vocabulary
// (TokenStatus in common/ipc/channels/cards.ts). PIN/PUK buffers are zeroed by the caller after the call returns.
import { AppError, ErrorCode } from '../../../common/errors';
import type { TokenStatus } from '../../../common/ipc/channels/cards';

export type { TokenStatus };

export interface TokenPort {
  /** The token in `reader` (or the one token present). Throws NO_CARD when there is none. */
  status(reader?: string): Promise<TokenStatus>;
  /** Unblocks the user PIN with the PUK and sets the new PIN. Throws PUK_WRONG / PUK_BLOCKED AppErrors. */
  unblockPin(reader: string | undefined, puk: Uint8Array, newPin: Uint8Array): Promise<void>;
}

/** Errors that mean "no token of this kind here", so the next adapter is asked. */
const NOT_HERE: ReadonlySet<string> = new Set([ErrorCode.NoCard, ErrorCode.NoReader, ErrorCode.CardServiceDown, ErrorCode.NotAToken]);

/**
 * The adapters behind one port, asked in order: the first that finds a token answers, and the unblock goes to the
 * adapter that found it. When none does, the first adapter's reason is reported (e.g. "this card is a SIM, not a
 * token" rather than a later adapter's "no PKCS#11 module").
 */
export class DeskTokens implements TokenPort {
  constructor(private readonly adapters: readonly TokenPort[]) {}

  async status(reader?: string): Promise<TokenStatus> {
    return (await this.find(reader)).status;
  }

  async unblockPin(reader: string | undefined, puk: Uint8Array, newPin: Uint8Array): Promise<void> {
    const { adapter } = await this.find(reader);
    await adapter.unblockPin(reader, puk, newPin);
  }

  private async find(reader?: string): Promise<{ adapter: TokenPort; status: TokenStatus }> {
    let first: unknown = null;
    for (const adapter of this.adapters) {
      try {
        const status = await adapter.status(reader);
        if (status.present) return { adapter, status };
      } catch (e) {
        if (!(e instanceof AppError && NOT_HERE.has(e.code))) throw e;
        first ??= e;
      }
    }
    throw first ?? new AppError(ErrorCode.NoCard, 'No e-İmza token found');
  }
}
