// One connected card as a CardChannel, and PC/SC failures in the clerk's terms: the binding throws plain Errors
// with pcsc-lite's text (no code), which we map to typed AppErrors once, where the card service meets them.
import { AppError, ErrorCode } from '../../../common/errors';
import { createCardChannel, type CardChannel } from '../../../common/apdu';
import type { PcscCard } from './pcsc-port';

const SHORT_RESPONSE_MAX = 258;

const SERVICE_DOWN = /service not running|service stopped|no service|context is not valid|invalid handle/i;
const CARD_GONE = /card was removed|no smart card|reader unavailable|communication error|not transacted|transaction failed|unpowered|unresponsive|unknown reader/i;
const SHARING = /sharing violation/i;

/** Another application (or another card service, e.g. the desk's while `masa` runs) holds the card exclusively. */
export function isSharingViolation(e: unknown): boolean {
  return SHARING.test(e instanceof Error ? e.message : String(e));
}

export function serviceDown(cause?: unknown): AppError {
  return new AppError(ErrorCode.CardServiceDown, 'The card service (pcscd) is not running', { cause });
}

/** `onServiceDown` runs when the text says pcscd itself is gone (the service then starts its reconnect). */
export function translatePcscError(e: unknown, reader: string, onServiceDown: () => void): AppError {
  if (e instanceof AppError) return e;
  const message = e instanceof Error ? e.message : String(e);
  if (SERVICE_DOWN.test(message)) {
    onServiceDown();
    return serviceDown(e);
  }
  if (SHARING.test(message)) {
    return new AppError(ErrorCode.CardAccessDenied, `The card in "${reader}" is in use by another application`, { details: { reader }, cause: e });
  }
  if (CARD_GONE.test(message)) {
    return new AppError(ErrorCode.CardRemoved, `The card was removed from "${reader}" during the operation; insert it and try again`, {
      details: { reader },
      cause: e,
    });
  }
  return new AppError(ErrorCode.CardError, `Card reader error on "${reader}": ${message}`, { details: { reader }, cause: e });
}

/** `translate` maps binding errors (it is the service's, which also notices pcscd going away). */
export function pcscChannel(card: PcscCard, reader: string, maxResponseLength: number, translate: (e: unknown, reader: string) => AppError): CardChannel {
  return createCardChannel(async (bytes) => {
    let response: Buffer;
    try {
      // A Buffer view, not a copy: the transport zeroes `bytes` after the call (it may hold a PIN).
      // Short APDUs get at most 256 bytes + SW: asking for a 64 KiB buffer on every call costs ~0.1 ms each.
      const extended = bytes.length >= 7 && bytes[4] === 0;
      response = await card.transmit(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
        maxRecvLength: extended ? maxResponseLength : SHORT_RESPONSE_MAX,
      });
    } catch (e) {
      throw translate(e, reader);
    }
    // No status word at all: the card went mute or away mid-command (vpcd reports a pulled card this way).
    if (response.length < 2) throw translate(new Error('Card was removed (empty response)'), reader);
    return new Uint8Array(response);
  });
}
