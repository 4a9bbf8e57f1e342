// Secure messaging after BAC or PACE (ICAO Doc 9303 part 11 §9.8): every command carries its data encrypted
// in DO'87 (DO'85 for odd INS), the expected length in DO'97 and a MAC in DO'8E computed over the
// incremented send sequence counter; every response is checked the same way before it is believed.
// The cipher suite (3DES with retail MAC, or AES with CMAC) comes from the session keys (`sm-cipher.ts`).
import { CommandApdu, ResponseApdu } from '../../../../common/apdu/apdu';
import type { CardChannel } from '../../../../common/apdu/channel';
import { concatBytes, zeroize } from '../../../../common/bytes';
import { AppError, ErrorCode } from '../../../../common/errors';
import type { SessionKeys } from './bac';
import { macEquals } from './crypto';
import { padTo, smCipher, unpadFrom, type SmCipher } from './sm-cipher';

/** The response failed secure-messaging checks: wrong MAC, missing objects or bad padding. The session is over. */
export class SecureMessagingError extends AppError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(ErrorCode.CardSecureMessaging, message, { details });
    this.name = 'SecureMessagingError';
  }
}

function berLength(n: number): number[] {
  if (n < 0x80) return [n];
  if (n < 0x100) return [0x81, n];
  return [0x82, n >> 8, n & 0xff];
}

function dataObject(tag: number, value: Uint8Array | number[]): Uint8Array {
  return concatBytes([tag], berLength(value.length), value);
}

/** The top-level single-byte-tag objects of an SM response (tags 85, 87, 99, 8E). */
function parseSmObjects(data: Uint8Array): Map<number, { value: Uint8Array; encoded: Uint8Array }> {
  const objects = new Map<number, { value: Uint8Array; encoded: Uint8Array }>();
  let i = 0;
  while (i < data.length) {
    const start = i;
    const tag = data[i++];
    if (i >= data.length) throw new SecureMessagingError('Truncated secure messaging response');
    let len = data[i++];
    if (len === 0x81) len = data[i++];
    else if (len === 0x82) {
      len = (data[i] << 8) | data[i + 1];
      i += 2;
    } else if (len > 0x80) throw new SecureMessagingError('Unsupported length in secure messaging response');
    if (i + len > data.length) throw new SecureMessagingError('Truncated secure messaging response');
    objects.set(tag, { value: data.subarray(i, i + len), encoded: data.subarray(start, i + len) });
    i += len;
  }
  return objects;
}

export class SecureMessaging {
  private readonly ksEnc: Uint8Array;
  private readonly ksMac: Uint8Array;
  private readonly ssc: Uint8Array;
  readonly cipher: SmCipher;
  private closed = false;

  constructor(keys: SessionKeys) {
    this.cipher = smCipher(keys.algorithm ?? '3DES');
    if (keys.ssc.length !== this.cipher.blockSize) throw new RangeError(`SSC of ${keys.ssc.length} bytes for ${this.cipher.algorithm}`);
    this.ksEnc = Uint8Array.from(keys.ksEnc);
    this.ksMac = Uint8Array.from(keys.ksMac);
    this.ssc = Uint8Array.from(keys.ssc);
  }

  /** The current send sequence counter (a copy), for tests and diagnostics. */
  get sendSequenceCounter(): Uint8Array {
    return Uint8Array.from(this.ssc);
  }

  private incrementSsc(): void {
    for (let i = this.ssc.length - 1; i >= 0; i--) {
      this.ssc[i] = (this.ssc[i] + 1) & 0xff;
      if (this.ssc[i] !== 0) break;
    }
  }

  private mac(...parts: Uint8Array[]): Uint8Array {
    return this.cipher.mac(this.ksMac, this.ssc, ...parts);
  }

  private ensureOpen(): void {
    if (this.closed) throw new SecureMessagingError('The secure messaging session is closed; authenticate again');
  }

  protect(command: CommandApdu): CommandApdu {
    this.ensureOpen();
    this.incrementSsc();
    const cla = command.cla | 0x0c;
    const block = this.cipher.blockSize;
    const header = padTo(new Uint8Array([cla, command.ins, command.p1, command.p2]), block);
    let dataDo: Uint8Array = new Uint8Array(0);
    if (command.data.length > 0) {
      const encrypted = this.cipher.encrypt(this.ksEnc, this.ssc, padTo(command.data, block));
      // Odd INS (e.g. READ BINARY B1) carries BER-TLV data: DO'85 without the padding-indicator byte.
      dataDo = command.ins % 2 === 1 ? dataObject(0x85, encrypted) : dataObject(0x87, concatBytes([0x01], encrypted));
    }
    let leDo: Uint8Array = new Uint8Array(0);
    if (command.le !== undefined) {
      const le = command.le;
      leDo = dataObject(0x97, le <= 256 ? [le & 0xff] : [(le >> 8) & 0xff, le & 0xff]);
    }
    const cc = this.mac(header, dataDo, leDo);
    const body = concatBytes(dataDo, leDo, dataObject(0x8e, cc));
    const extended = command.le !== undefined && command.le > 256;
    return new CommandApdu({ cla, ins: command.ins, p1: command.p1, p2: command.p2, data: body, le: extended ? 65536 : 256 });
  }

  unprotect(response: ResponseApdu): ResponseApdu {
    this.ensureOpen();
    this.incrementSsc();
    // A chip that aborts SM answers a bare error status word; nothing to verify, the session is dead.
    if (response.data.length === 0) {
      if (response.isSuccess) throw this.fail('The chip answered without secure messaging objects', response.sw);
      if (response.sw === 0x6987 || response.sw === 0x6988) this.close();
      return response;
    }
    const objects = parseSmObjects(response.data);
    const mac = objects.get(0x8e);
    const status = objects.get(0x99);
    if (!mac || mac.value.length !== 8) throw this.fail('The chip answer carries no MAC', response.sw);
    const body = objects.get(0x87) ?? objects.get(0x85);
    const expected = this.mac(body?.encoded ?? new Uint8Array(0), status?.encoded ?? new Uint8Array(0));
    if (!macEquals(expected, mac.value)) throw this.fail('The chip answer has a wrong MAC', response.sw);
    const sw = status && status.value.length === 2 ? (status.value[0] << 8) | status.value[1] : response.sw;
    let data: Uint8Array = new Uint8Array(0);
    if (body) {
      const encrypted = body === objects.get(0x87) ? body.value.subarray(1) : body.value;
      const block = this.cipher.blockSize;
      if (encrypted.length === 0 || encrypted.length % block !== 0) throw this.fail('Encrypted data has a wrong length', response.sw);
      const plain = this.cipher.decrypt(this.ksEnc, this.ssc, encrypted);
      const unpadded = unpadFrom(plain, block);
      if (!unpadded) throw this.fail('Decrypted data has wrong padding', response.sw);
      data = Uint8Array.from(unpadded);
      zeroize(plain);
    }
    return new ResponseApdu(data, sw);
  }

  private fail(message: string, sw: number): SecureMessagingError {
    this.close();
    return new SecureMessagingError(message, { sw: sw.toString(16).toUpperCase() });
  }

  /** Forgets the session keys. */
  close(): void {
    this.closed = true;
    zeroize(this.ksEnc);
    zeroize(this.ksMac);
  }
}

/** A CardChannel that wraps every command in secure messaging; callers send plain APDUs. */
export class SecureChannel implements CardChannel {
  constructor(
    private readonly inner: CardChannel,
    readonly session: SecureMessaging,
  ) {}

  async transmit(command: CommandApdu): Promise<ResponseApdu> {
    const protectedCommand = this.session.protect(command);
    const response = await this.inner.transmit(protectedCommand);
    return this.session.unprotect(response);
  }

  close(): void {
    this.session.close();
  }
}
