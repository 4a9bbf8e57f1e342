// Status words (ISO/IEC 7816-4 §5.6 and 3GPP TS 51.011 for the GSM ones) mapped to typed errors.
// `statusWordError(sw)` is the single place that decides which class a status word becomes.
import { ErrorCode } from '../errors';
import { ApduError } from './errors';

function sw4(sw: number): string {
  return sw.toString(16).toUpperCase().padStart(4, '0');
}

/** The card answered, but not with 9000. `sw` is the full status word, e.g. 0x6982. */
export class StatusWordError extends ApduError {
  readonly sw: number;
  constructor(sw: number, description: string, code: string = ErrorCode.CardError) {
    super(`${description} (SW ${sw4(sw)})`, { code, details: { sw: sw4(sw) } });
    this.sw = sw;
  }
  get sw1(): number {
    return this.sw >> 8;
  }
  get sw2(): number {
    return this.sw & 0xff;
  }
}

// 62xx / 63xx: warnings; 64xx–6Fxx: errors.
export class EndOfFileReached extends StatusWordError {
  constructor(sw = 0x6282) { super(sw, 'End of file reached before reading the expected number of bytes'); }
}
export class WrongPin extends StatusWordError {
  /** Tries left before the reference data (PIN/PUK) is blocked; 0 means blocked now. */
  readonly retriesLeft: number;
  constructor(sw: number) {
    const retriesLeft = sw & 0x0f;
    super(sw, retriesLeft === 0 ? 'Wrong PIN; no tries left, it is now blocked' : `Wrong PIN; ${retriesLeft} ${retriesLeft === 1 ? 'try' : 'tries'} left`,
      retriesLeft === 0 ? ErrorCode.PinBlocked : ErrorCode.PinWrong);
    this.retriesLeft = retriesLeft;
  }
}
export class VerificationFailed extends StatusWordError {
  constructor(sw = 0x6300) { super(sw, 'Verification failed', ErrorCode.VerificationFailed); }
}
export class ExecutionError extends StatusWordError {
  constructor(sw = 0x6400) { super(sw, 'Execution error; the card state is unchanged'); }
}
export class MemoryFailure extends StatusWordError {
  constructor(sw = 0x6581) { super(sw, 'Card memory failure'); }
}
export class WrongLength extends StatusWordError {
  constructor(sw = 0x6700) { super(sw, 'Wrong length (Lc or Le)'); }
}
export class LogicalChannelNotSupported extends StatusWordError {
  constructor(sw = 0x6881) { super(sw, 'Logical channel not supported'); }
}
export class SecureMessagingNotSupported extends StatusWordError {
  constructor(sw = 0x6882) { super(sw, 'Secure messaging not supported'); }
}
export class CommandIncompatibleWithFile extends StatusWordError {
  constructor(sw = 0x6981) { super(sw, 'Command incompatible with the file structure'); }
}
export class SecurityStatusNotSatisfied extends StatusWordError {
  constructor(sw = 0x6982) { super(sw, 'Security status not satisfied (PIN or authentication required first)', ErrorCode.CardAccessDenied); }
}
export class AuthenticationBlocked extends StatusWordError {
  constructor(sw = 0x6983) { super(sw, 'Authentication method blocked (PIN or PUK blocked)', ErrorCode.PinBlocked); }
}
export class ReferenceDataNotUsable extends StatusWordError {
  constructor(sw = 0x6984) { super(sw, 'Reference data not usable'); }
}
export class ConditionsNotSatisfied extends StatusWordError {
  constructor(sw = 0x6985) { super(sw, 'Conditions of use not satisfied'); }
}
export class CommandNotAllowed extends StatusWordError {
  constructor(sw = 0x6986) { super(sw, 'Command not allowed (no current file)'); }
}
export class SecureMessagingObjectsMissing extends StatusWordError {
  constructor(sw = 0x6987) { super(sw, 'Expected secure messaging data objects missing'); }
}
export class SecureMessagingObjectsIncorrect extends StatusWordError {
  constructor(sw = 0x6988) { super(sw, 'Secure messaging data objects incorrect'); }
}
export class IncorrectData extends StatusWordError {
  constructor(sw = 0x6a80) { super(sw, 'Incorrect parameters in the command data field'); }
}
export class FunctionNotSupported extends StatusWordError {
  constructor(sw = 0x6a81) { super(sw, 'Function not supported'); }
}
export class FileNotFound extends StatusWordError {
  constructor(sw = 0x6a82) { super(sw, 'File or application not found'); }
}
export class RecordNotFound extends StatusWordError {
  constructor(sw = 0x6a83) { super(sw, 'Record not found'); }
}
export class NotEnoughMemory extends StatusWordError {
  constructor(sw = 0x6a84) { super(sw, 'Not enough memory space in the file'); }
}
export class IncorrectP1P2 extends StatusWordError {
  constructor(sw = 0x6a86) { super(sw, 'Incorrect parameters P1-P2'); }
}
export class ReferencedDataNotFound extends StatusWordError {
  constructor(sw = 0x6a88) { super(sw, 'Referenced data (key or PIN reference) not found'); }
}
export class WrongParameters extends StatusWordError {
  constructor(sw = 0x6b00) { super(sw, 'Wrong parameters P1-P2 (offset outside the file)'); }
}
/** 6Cxx that escaped the transport's automatic re-send. */
export class WrongLe extends StatusWordError {
  readonly exactLength: number;
  constructor(sw: number) {
    const exact = (sw & 0xff) || 256;
    super(sw, `Wrong Le; the card has exactly ${exact} bytes`);
    this.exactLength = exact;
  }
}
/** 61xx that escaped the transport's GET RESPONSE loop. */
export class ResponseBytesAvailable extends StatusWordError {
  readonly available: number;
  constructor(sw: number) {
    const available = (sw & 0xff) || 256;
    super(sw, `${available} response bytes still available (GET RESPONSE needed)`);
    this.available = available;
  }
}
export class InsNotSupported extends StatusWordError {
  constructor(sw = 0x6d00) { super(sw, 'Instruction not supported'); }
}
export class ClaNotSupported extends StatusWordError {
  constructor(sw = 0x6e00) { super(sw, 'Class not supported'); }
}
export class NoPreciseDiagnosis extends StatusWordError {
  constructor(sw = 0x6f00) { super(sw, 'Card error, no precise diagnosis'); }
}
/** GSM 9404: file id not found (3GPP TS 51.011). */
export class GsmFileNotFound extends FileNotFound {
  constructor(sw = 0x9404) { super(sw); }
}
/** GSM 9840: CHV blocked / unsuccessful unblock attempt. */
export class GsmChvBlocked extends AuthenticationBlocked {
  constructor(sw = 0x9840) { super(sw); }
}

const exact: Record<number, new (sw: number) => StatusWordError> = {
  0x6282: EndOfFileReached,
  0x6300: VerificationFailed,
  0x6400: ExecutionError,
  0x6581: MemoryFailure,
  0x6700: WrongLength,
  0x6881: LogicalChannelNotSupported,
  0x6882: SecureMessagingNotSupported,
  0x6981: CommandIncompatibleWithFile,
  0x6982: SecurityStatusNotSatisfied,
  0x6983: AuthenticationBlocked,
  0x6984: ReferenceDataNotUsable,
  0x6985: ConditionsNotSatisfied,
  0x6986: CommandNotAllowed,
  0x6987: SecureMessagingObjectsMissing,
  0x6988: SecureMessagingObjectsIncorrect,
  0x6a80: IncorrectData,
  0x6a81: FunctionNotSupported,
  0x6a82: FileNotFound,
  0x6a83: RecordNotFound,
  0x6a84: NotEnoughMemory,
  0x6a86: IncorrectP1P2,
  0x6a88: ReferencedDataNotFound,
  0x6b00: WrongParameters,
  0x6d00: InsNotSupported,
  0x6e00: ClaNotSupported,
  0x6f00: NoPreciseDiagnosis,
  0x9404: GsmFileNotFound,
  0x9840: GsmChvBlocked,
};

/** The typed error for a non-9000 status word. Unknown words get the generic StatusWordError. */
export function statusWordError(sw: number): StatusWordError {
  const Known = exact[sw];
  if (Known) return new Known(sw);
  const sw1 = sw >> 8;
  if ((sw & 0xfff0) === 0x63c0) return new WrongPin(sw);
  if (sw1 === 0x61) return new ResponseBytesAvailable(sw);
  if (sw1 === 0x6c) return new WrongLe(sw);
  if (sw1 === 0x67) return new WrongLength(sw);
  if (sw1 === 0x6d) return new InsNotSupported(sw);
  if (sw1 === 0x6e) return new ClaNotSupported(sw);
  if (sw1 === 0x6f) return new NoPreciseDiagnosis(sw);
  if (sw1 === 0x62 || sw1 === 0x63) return new StatusWordError(sw, 'Card returned a warning');
  return new StatusWordError(sw, 'Card returned an error');
}
