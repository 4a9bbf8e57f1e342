// PIN logic of an e-İmza PIN card over any CardChannel: tries left, VERIFY, CHANGE REFERENCE DATA, and RESET RETRY
// COUNTER with the PUK. Used by the token service for lockout behaviour (SoftHSM never locks a PIN; cards do).
// PINs arrive as Uint8Array (ASCII digits). The methods consume them: the caller's buffers and every copy made
// here are zeroed once the card has answered (or the input was refused).
import { AppError, ErrorCode } from '../../../common/errors';
import { AuthenticationBlocked, CommandApdu, WrongPin, type CardChannel } from '../../../common/apdu';
import { zeroize } from '../../../common/bytes';

export const ESIGN_PIN_CARD_AID = Uint8Array.of(0xa0, 0x00, 0x00, 0x09, 0x94, 0x45, 0x49, 0x4d, 0x5a, 0x41);
const PIN_REFERENCE = 0x81;
const BLOCK = 8;

export type PinState =
  | { state: 'verified' }
  | { state: 'ok'; triesLeft: number }
  | { state: 'blocked' };

/** Tries left and the try limit of the PIN and the PUK, as the card keeps them. */
export interface PinCardCounters {
  pin: { left: number; max: number };
  puk: { left: number; max: number };
}

/**
 * GET DATA for the retry-counter object (tag 00C4): PIN left, PIN max, PUK left, PUK max, one byte each. VERIFY
 * without data tells only the PIN's tries left; this is where the card says its own limits (a card with 3 tries is
 * "3 of 3", whatever reference data says of other cards).
 */
const COUNTERS_TAG = 0x00c4;

/** ASCII digits padded with FF to 8 bytes. Validates without echoing the value in the message. */
function pinBlock(value: Uint8Array, what: 'PIN' | 'PUK'): Uint8Array {
  const min = what === 'PIN' ? 4 : 8;
  if (value.length < min || value.length > BLOCK || !value.every((b) => b >= 0x30 && b <= 0x39)) {
    throw new AppError(ErrorCode.InvalidInput, `${what} must be ${min}–${BLOCK} digits`, { fields: { [what.toLowerCase()]: 'PIN_FORMAT' } });
  }
  const out = new Uint8Array(BLOCK).fill(0xff);
  out.set(value);
  return out;
}

async function consuming<T>(secrets: Uint8Array[], fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } finally {
    for (const s of secrets) zeroize(s);
  }
}

export class PinCard {
  constructor(private readonly channel: CardChannel) {}

  async select(): Promise<void> {
    (await this.channel.transmit(new CommandApdu({ cla: 0, ins: 0xa4, p1: 0x04, p2: 0x0c, data: ESIGN_PIN_CARD_AID }))).throwIfError();
  }

  /** VERIFY without data: asks the card for the tries left without spending one. */
  async pinState(): Promise<PinState> {
    const r = await this.channel.transmit(new CommandApdu({ cla: 0, ins: 0x20, p1: 0, p2: PIN_REFERENCE }));
    if (r.isSuccess) return { state: 'verified' };
    const e = r.error!;
    if (e instanceof WrongPin) return e.retriesLeft === 0 ? { state: 'blocked' } : { state: 'ok', triesLeft: e.retriesLeft };
    if (e instanceof AuthenticationBlocked) return { state: 'blocked' };
    throw e;
  }

  /** The PIN and PUK counters, or null when the card does not keep the counter object (then only pinState()). */
  async counters(): Promise<PinCardCounters | null> {
    const r = await this.channel.transmit(new CommandApdu({ cla: 0, ins: 0xca, p1: COUNTERS_TAG >> 8, p2: COUNTERS_TAG & 0xff, le: 4 }));
    if (!r.isSuccess || r.data.length < 4) return null;
    const [pinLeft, pinMax, pukLeft, pukMax] = r.data;
    return { pin: { left: pinLeft, max: pinMax }, puk: { left: pukLeft, max: pukMax } };
  }

  /** Throws WrongPin (with retriesLeft) or AuthenticationBlocked. */
  async verify(pin: Uint8Array): Promise<void> {
    await consuming([pin], () => this.send(0x20, [pinBlock(pin, 'PIN')]));
  }

  async change(oldPin: Uint8Array, newPin: Uint8Array): Promise<void> {
    await consuming([oldPin, newPin], () => this.send(0x24, [pinBlock(oldPin, 'PIN'), pinBlock(newPin, 'PIN')]));
  }

  /** RESET RETRY COUNTER: PUK ‖ new PIN. A wrong PUK spends a PUK try; at zero the card is blocked for good. */
  async unblock(puk: Uint8Array, newPin: Uint8Array): Promise<void> {
    await consuming([puk, newPin], () => this.send(0x2c, [pinBlock(puk, 'PUK'), pinBlock(newPin, 'PIN')]));
  }

  private async send(ins: number, blocks: Uint8Array[]): Promise<void> {
    const data = new Uint8Array(blocks.reduce((n, b) => n + b.length, 0));
    let at = 0;
    for (const b of blocks) {
      data.set(b, at);
      at += b.length;
      zeroize(b);
    }
    const command = new CommandApdu({ cla: 0, ins, p1: 0, p2: PIN_REFERENCE, data });
    zeroize(data);
    try {
      (await this.channel.transmit(command)).throwIfError();
    } finally {
      zeroize(command.data);
    }
  }
}
