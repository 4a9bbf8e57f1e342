// Reads a SIM's ICCID (EF_ICCID, file 2FE2 under the MF) through any CardChannel, checks its Luhn digit and names
// the operator from the issuer prefix. The prefix table is reference data handed in by the caller (synced from the
// server later); DEFAULT_ICCID_ISSUERS holds the prefixes we know today (DOMAIN.md §2), in this one place.
import { AppError, ErrorCode } from '../../../common/errors';
import { ClaNotSupported, CommandApdu, InsNotSupported, type CardChannel, type ResponseApdu } from '../../../common/apdu';
import { luhnValid } from '../../../common/domain/checksums';

export interface IccidIssuer {
  /** Leading ICCID digits: 89 (telecom) + 994 (Azerbaijan) + issuer. */
  prefix: string;
  operator: string;
}

/** Bakcell's issuer prefix is not published: its SIMs read as "unknown operator" until reference data says otherwise. */
export const DEFAULT_ICCID_ISSUERS: readonly IccidIssuer[] = Object.freeze([
  { prefix: '8999401', operator: 'Azercell' },
  { prefix: '8999404', operator: 'Nar' },
  { prefix: '8999406', operator: 'Naxtel' },
]);

export interface SimIdentity {
  iccid: string;
  luhnValid: boolean;
  /** null when no issuer prefix matches ("unknown operator"). */
  operator: string | null;
}

const MF = Uint8Array.of(0x3f, 0x00);
const EF_ICCID = Uint8Array.of(0x2f, 0xe2);
const ICCID_FILE_LENGTH = 10;

/** Swapped-nibble BCD (each byte holds digit 2k in its low nibble, 2k+1 in its high one); F pads the end. */
export function decodeIccid(bytes: Uint8Array): string {
  let digits = '';
  for (const b of bytes) {
    for (const nibble of [b & 0x0f, b >> 4]) {
      if (nibble === 0x0f) return finish(digits);
      if (nibble > 9) throw new AppError(ErrorCode.CardError, `EF_ICCID holds a non-digit nibble ${nibble.toString(16).toUpperCase()}`);
      digits += String(nibble);
    }
  }
  return finish(digits);
}

function finish(digits: string): string {
  if (digits.length < 18) throw new AppError(ErrorCode.CardError, `EF_ICCID holds ${digits.length} digits, an ICCID has 19 or 20`);
  return digits;
}

/** Luhn (ISO/IEC 7812); re-exported so callers of the SIM reader find it beside it. */
export { luhnValid };

export function operatorForIccid(iccid: string, issuers: readonly IccidIssuer[] = DEFAULT_ICCID_ISSUERS): string | null {
  // Longest prefix wins so a later, more specific reference entry can override a broad one.
  let best: IccidIssuer | null = null;
  for (const issuer of issuers) {
    if (iccid.startsWith(issuer.prefix) && (!best || issuer.prefix.length > best.prefix.length)) best = issuer;
  }
  return best?.operator ?? null;
}

/** Reads EF_ICCID: ISO class 00 first; an old GSM-only SIM refusing it (6E00/6D00) is read with class A0. */
export async function readIccidBytes(channel: CardChannel): Promise<Uint8Array> {
  try {
    await ok(channel.transmit(new CommandApdu({ cla: 0x00, ins: 0xa4, p1: 0x00, p2: 0x0c, data: MF })));
    await ok(channel.transmit(new CommandApdu({ cla: 0x00, ins: 0xa4, p1: 0x00, p2: 0x0c, data: EF_ICCID })));
    return (await ok(channel.transmit(new CommandApdu({ cla: 0x00, ins: 0xb0, p1: 0, p2: 0, le: 256 })))).data;
  } catch (e) {
    if (!(e instanceof ClaNotSupported || e instanceof InsNotSupported)) throw e;
  }
  await gsmOk(channel.transmit(new CommandApdu({ cla: 0xa0, ins: 0xa4, p1: 0, p2: 0, data: MF })));
  await gsmOk(channel.transmit(new CommandApdu({ cla: 0xa0, ins: 0xa4, p1: 0, p2: 0, data: EF_ICCID })));
  return (await ok(channel.transmit(new CommandApdu({ cla: 0xa0, ins: 0xb0, p1: 0, p2: 0, le: ICCID_FILE_LENGTH })))).data;
}

async function ok(response: Promise<ResponseApdu>): Promise<ResponseApdu> {
  return (await response).throwIfError();
}

/** GSM SELECT answers 9Fxx ("xx bytes of file info available"): success, we do not need the info. */
async function gsmOk(response: Promise<ResponseApdu>): Promise<void> {
  const r = await response;
  if (r.sw1 !== 0x9f) r.throwIfError();
}

export class SimReader {
  constructor(private readonly issuers: () => readonly IccidIssuer[] = () => DEFAULT_ICCID_ISSUERS) {}

  async read(channel: CardChannel): Promise<SimIdentity> {
    const iccid = decodeIccid(await readIccidBytes(channel));
    return { iccid, luhnValid: luhnValid(iccid), operator: operatorForIccid(iccid, this.issuers()) };
  }
}
