// Reading the eMRTD logical data structure (ICAO Doc 9303 part 10): SELECT the application, then each
// elementary file by FID and READ BINARY in chunks sized so the secure-messaging answer still fits one short
// response. Offsets above 32767 use READ BINARY with odd INS (B1) and an offset object, so DG2 of any size reads.
import { CommandApdu, type ResponseApdu } from '../../../../common/apdu/apdu';
import type { CardChannel } from '../../../../common/apdu/channel';
import { findTag, parseTlv } from '../../../../common/apdu/tlv';
import { concatBytes } from '../../../../common/bytes';
import { AppError, ErrorCode } from '../../../../common/errors';

export const EMRTD_AID = Uint8Array.from([0xa0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01]);

export const LDS_FILES = {
  COM: { fid: 0x011e, tag: 0x60 },
  DG1: { fid: 0x0101, tag: 0x61 },
  DG2: { fid: 0x0102, tag: 0x75 },
  SOD: { fid: 0x011d, tag: 0x77 },
  DG14: { fid: 0x010e, tag: 0x6e },
  DG15: { fid: 0x010f, tag: 0x6f },
} as const;
export type LdsFileName = keyof typeof LDS_FILES;

export interface ReadProgress {
  file: LdsFileName;
  read: number;
  total: number;
}

export interface LdsReaderOptions {
  /**
   * Bytes asked per READ BINARY. 223 (0xDF) keeps the protected answer — padded data in DO'87 plus DO'99 and
   * DO'8E — inside 256 bytes, so it works on every reader without extended length.
   */
  chunkSize?: number;
  onProgress?: (progress: ReadProgress) => void;
}

const MAX_SHORT_OFFSET = 0x7fff;

function swText(r: ResponseApdu): string {
  return r.sw.toString(16).toUpperCase().padStart(4, '0');
}

/** Selects the eMRTD application (plain, before BAC). */
export async function selectEmrtdApplication(channel: CardChannel): Promise<void> {
  const r = await channel.transmit(new CommandApdu({ cla: 0x00, ins: 0xa4, p1: 0x04, p2: 0x0c, data: EMRTD_AID }));
  if (!r.isSuccess) {
    throw new AppError(ErrorCode.CardError, `This card has no ICAO eMRTD application (SW ${swText(r)}): it is not an electronic ID card or passport`, {
      details: { sw: swText(r) },
    });
  }
}

/** Total length of a BER-TLV object from its first bytes (tag + length), or null when more bytes are needed. */
export function berObjectLength(head: Uint8Array): number | null {
  let i = 1;
  if ((head[0] & 0x1f) === 0x1f) {
    while (i < head.length && head[i] & 0x80) i++;
    i++;
  }
  if (i >= head.length) return null;
  const first = head[i++];
  if (first < 0x80) return i + first;
  const n = first & 0x7f;
  if (n === 0 || n > 3) throw new AppError(ErrorCode.CardError, 'The chip file has an invalid length field');
  if (i + n > head.length) return null;
  let len = 0;
  for (let k = 0; k < n; k++) len = len * 256 + head[i + k];
  return i + n + len;
}

export class LdsReader {
  private readonly chunkSize: number;
  /** READ BINARY commands sent, for diagnostics. */
  commandCount = 0;

  constructor(
    private readonly channel: CardChannel,
    private readonly options: LdsReaderOptions = {},
  ) {
    this.chunkSize = Math.max(8, Math.min(options.chunkSize ?? 0xdf, 65536));
  }

  private async send(command: CommandApdu): Promise<ResponseApdu> {
    this.commandCount++;
    return this.channel.transmit(command);
  }

  /** Reads a whole file; returns null when the chip does not have it (6A82). */
  async readFile(name: LdsFileName): Promise<Uint8Array | null> {
    const { fid } = LDS_FILES[name];
    const selected = await this.send(new CommandApdu({ cla: 0x00, ins: 0xa4, p1: 0x02, p2: 0x0c, data: Uint8Array.of(fid >> 8, fid & 0xff) }));
    if (selected.sw === 0x6a82) return null;
    this.check(selected, name);
    const head = await this.readAt(0, 8, name);
    const total = berObjectLength(head);
    if (total === null) throw new AppError(ErrorCode.CardError, `${name} on the chip is too short to be valid`);
    const parts: Uint8Array[] = [head.subarray(0, Math.min(head.length, total))];
    let read = parts[0].length;
    this.options.onProgress?.({ file: name, read, total });
    while (read < total) {
      const chunk = await this.readAt(read, Math.min(this.chunkSize, total - read), name);
      if (chunk.length === 0) throw new AppError(ErrorCode.CardError, `The chip stopped returning ${name} data at byte ${read} of ${total}`);
      parts.push(chunk);
      read += chunk.length;
      this.options.onProgress?.({ file: name, read, total });
    }
    return concatBytes(...parts);
  }

  private async readAt(offset: number, length: number, name: LdsFileName): Promise<Uint8Array> {
    if (offset <= MAX_SHORT_OFFSET) {
      const r = await this.send(new CommandApdu({ cla: 0x00, ins: 0xb0, p1: offset >> 8, p2: offset & 0xff, le: length }));
      this.check(r, name);
      return r.data;
    }
    // Odd INS: the offset travels in DO'54, the data comes back inside DO'53 (whose header counts against Le).
    const offsetBytes = offset > 0xffff ? [0x03, offset >> 16, (offset >> 8) & 0xff, offset & 0xff] : [0x02, offset >> 8, offset & 0xff];
    const r = await this.send(new CommandApdu({ cla: 0x00, ins: 0xb1, p1: 0x00, p2: 0x00, data: Uint8Array.of(0x54, ...offsetBytes), le: length + 4 }));
    this.check(r, name);
    const wrapped = findTag(parseTlv(r.data), 0x53);
    if (!wrapped) throw new AppError(ErrorCode.CardError, `The chip answered READ BINARY for ${name} without a data object`);
    return wrapped.value;
  }

  private check(r: ResponseApdu, name: LdsFileName): void {
    if (r.isSuccess || r.sw === 0x6282) return;
    if (r.sw === 0x6982) {
      throw new AppError(ErrorCode.CardAccessDenied, `The chip refused to give ${name}: access control was not completed`, { details: { sw: swText(r) } });
    }
    throw new AppError(ErrorCode.CardError, `Reading ${name} failed (SW ${swText(r)})`, { details: { sw: swText(r), file: name } });
  }
}
