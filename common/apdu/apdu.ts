// Command and response APDUs (ISO/IEC 7816-4 §5.1), immutable. Short form is used whenever it fits,
// extended form (3-byte Lc / 2- or 3-byte Le) otherwise; `parse` accepts both.
import { concatBytes, hex } from '../bytes';
import { MalformedApduError, MalformedResponseError } from './errors';
import { statusWordError, type StatusWordError } from './status-words';

export interface CommandApduFields {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  /** Command data (Lc is derived from it). Up to 65535 bytes. */
  data?: Uint8Array;
  /**
   * Expected response length Ne: 1..65536, omitted when no response data is expected.
   * 0 is accepted as "256" (the short-form byte 00 means 256), which is how most card specs write it.
   */
  le?: number;
}

const SHORT_MAX_DATA = 255;
const SHORT_MAX_LE = 256;
const EXTENDED_MAX_DATA = 65535;
const EXTENDED_MAX_LE = 65536;

function checkByte(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > 0xff) throw new MalformedApduError(`APDU ${name} must be a byte, got ${value}`);
  return value;
}

export class CommandApdu {
  readonly cla: number;
  readonly ins: number;
  readonly p1: number;
  readonly p2: number;
  readonly data: Uint8Array;
  /** Ne, normalised: undefined (no Le field) or 1..65536. */
  readonly le: number | undefined;

  constructor(fields: CommandApduFields) {
    this.cla = checkByte('CLA', fields.cla);
    this.ins = checkByte('INS', fields.ins);
    this.p1 = checkByte('P1', fields.p1);
    this.p2 = checkByte('P2', fields.p2);
    const data = fields.data ?? new Uint8Array(0);
    if (data.length > EXTENDED_MAX_DATA) throw new MalformedApduError(`APDU data too long: ${data.length} bytes (max ${EXTENDED_MAX_DATA})`);
    // Copy so later changes to the caller's buffer cannot alter the command.
    this.data = Uint8Array.from(data);
    if (fields.le !== undefined) {
      if (!Number.isInteger(fields.le) || fields.le < 0 || fields.le > EXTENDED_MAX_LE) {
        throw new MalformedApduError(`APDU Le must be 0..${EXTENDED_MAX_LE}, got ${fields.le}`);
      }
      this.le = fields.le === 0 ? SHORT_MAX_LE : fields.le;
    }
    Object.freeze(this);
  }

  /** True when the command needs the extended length encoding. */
  get isExtended(): boolean {
    return this.data.length > SHORT_MAX_DATA || (this.le !== undefined && this.le > SHORT_MAX_LE);
  }

  /** A copy with some fields replaced (e.g. the same command with the Le the card asked for). */
  with(changes: Partial<CommandApduFields>): CommandApdu {
    return new CommandApdu({ cla: this.cla, ins: this.ins, p1: this.p1, p2: this.p2, data: this.data, le: this.le, ...changes });
  }

  toBytes(): Uint8Array {
    const header = [this.cla, this.ins, this.p1, this.p2];
    const nc = this.data.length;
    const ne = this.le;
    if (!this.isExtended) {
      const lc = nc > 0 ? [nc] : [];
      const le = ne !== undefined ? [ne & 0xff] : []; // 256 → 00
      return concatBytes(header, lc, this.data, le);
    }
    const lc = nc > 0 ? [0x00, nc >> 8, nc & 0xff] : [];
    let le: number[] = [];
    if (ne !== undefined) {
      const n = ne & 0xffff; // 65536 → 0000
      // With Lc present the Le field is two bytes; without, it carries the 00 marker itself.
      le = nc > 0 ? [n >> 8, n & 0xff] : [0x00, n >> 8, n & 0xff];
    }
    return concatBytes(header, lc, this.data, le);
  }

  /** Parses any of the seven ISO 7816-4 cases (1, 2S, 3S, 4S, 2E, 3E, 4E). Throws MalformedApduError. */
  static parse(bytes: Uint8Array): CommandApdu {
    const n = bytes.length;
    if (n < 4) throw new MalformedApduError(`Command APDU too short: ${n} bytes`);
    const [cla, ins, p1, p2] = bytes;
    const header = { cla, ins, p1, p2 };
    if (n === 4) return new CommandApdu(header); // case 1
    const b4 = bytes[4];
    if (n === 5) return new CommandApdu({ ...header, le: b4 || 256 }); // case 2S
    if (b4 !== 0) {
      if (n === 5 + b4) return new CommandApdu({ ...header, data: bytes.subarray(5) }); // case 3S
      if (n === 6 + b4) return new CommandApdu({ ...header, data: bytes.subarray(5, 5 + b4), le: bytes[n - 1] || 256 }); // case 4S
      throw new MalformedApduError(`Command APDU length ${n} does not match Lc ${b4}`);
    }
    if (n < 7) throw new MalformedApduError(`Command APDU with extended marker is too short: ${n} bytes`);
    const x = (bytes[5] << 8) | bytes[6];
    if (n === 7) return new CommandApdu({ ...header, le: x || 65536 }); // case 2E
    if (x === 0) throw new MalformedApduError('Extended command APDU with Lc 0');
    if (n === 7 + x) return new CommandApdu({ ...header, data: bytes.subarray(7) }); // case 3E
    if (n === 9 + x) {
      const le = (bytes[n - 2] << 8) | bytes[n - 1];
      return new CommandApdu({ ...header, data: bytes.subarray(7, 7 + x), le: le || 65536 }); // case 4E
    }
    throw new MalformedApduError(`Extended command APDU length ${n} does not match Lc ${x}`);
  }

  toString(): string {
    return hex(this.toBytes());
  }
}

export class ResponseApdu {
  readonly data: Uint8Array;
  readonly sw1: number;
  readonly sw2: number;

  constructor(data: Uint8Array, sw: number) {
    if (!Number.isInteger(sw) || sw < 0 || sw > 0xffff) throw new MalformedResponseError(`Status word must be 0..FFFF, got ${sw}`);
    this.data = Uint8Array.from(data);
    this.sw1 = sw >> 8;
    this.sw2 = sw & 0xff;
    Object.freeze(this);
  }

  /** Splits raw response bytes into data and SW1 SW2. Throws MalformedResponseError when shorter than 2 bytes. */
  static fromBytes(bytes: Uint8Array): ResponseApdu {
    if (bytes.length < 2) throw new MalformedResponseError(`Response APDU too short: ${bytes.length} bytes (need SW1 SW2)`);
    const n = bytes.length;
    return new ResponseApdu(bytes.subarray(0, n - 2), (bytes[n - 2] << 8) | bytes[n - 1]);
  }

  get sw(): number {
    return (this.sw1 << 8) | this.sw2;
  }

  get isSuccess(): boolean {
    return this.sw === 0x9000;
  }

  /** The typed error this status word stands for, or undefined on 9000. */
  get error(): StatusWordError | undefined {
    return this.isSuccess ? undefined : statusWordError(this.sw);
  }

  /** Returns this response on 9000, throws the typed StatusWordError otherwise. */
  throwIfError(): this {
    const err = this.error;
    if (err) throw err;
    return this;
  }

  toBytes(): Uint8Array {
    return concatBytes(this.data, [this.sw1, this.sw2]);
  }

  toString(): string {
    return hex(this.toBytes());
  }
}
