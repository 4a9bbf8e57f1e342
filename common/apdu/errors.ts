// The typed errors of the APDU layer. Everything that can go wrong while building, parsing or exchanging
// APDUs surfaces as an ApduError subclass, so callers (card readers, the card service, the CLI) can decide
// by type and the clerk gets a readable sentence rather than a bare "6982".
import { AppError, ErrorCode } from '../errors';

/** Base of every error raised by common/apdu. Extends AppError so it crosses IPC with a stable code. */
export class ApduError extends AppError {
  constructor(message: string, opts: { code?: string; details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(opts.code ?? ErrorCode.CardError, message, { details: opts.details, cause: opts.cause });
    this.name = new.target.name;
  }
}

/** A command APDU could not be built (out-of-range field) or parsed (inconsistent length bytes). */
export class MalformedApduError extends ApduError {}

/** A response shorter than the two status bytes. */
export class MalformedResponseError extends ApduError {}

/** BER-TLV bytes that do not parse: truncated, over-long tag or length, bad nesting. */
export class MalformedTlvError extends ApduError {}

/** BER indefinite length (0x80) is legal BER but never valid on smart cards (ISO 7816-4 uses DER-like lengths). */
export class IndefiniteLengthError extends MalformedTlvError {}

/** A data object the caller requires is absent. */
export class TlvTagMissingError extends ApduError {
  readonly tag: number;
  constructor(tag: number) {
    super(`Data object with tag ${tag.toString(16).toUpperCase()} is missing`, { details: { tag } });
    this.tag = tag;
  }
}

/** The card kept asking for GET RESPONSE or a new Le beyond any sane limit. */
export class ResponseChainingError extends ApduError {}
