// Wraps a raw "bytes in, bytes out" transmit (PC/SC SCardTransmit, a virtual applet) into a CardChannel that
// hides the T=0 transport quirks card logic should never see:
//  - 61xx: more response bytes are waiting; fetch them with GET RESPONSE (repeatedly) and concatenate.
//  - 6Cxx: wrong Le; re-send the same command once with Le = xx.
import { concatBytes, zeroize } from '../bytes';
import { CommandApdu, ResponseApdu } from './apdu';
import type { CardChannel } from './channel';
import { ResponseChainingError } from './errors';

export type RawTransmit = (command: Uint8Array) => Promise<Uint8Array>;

export interface TransmitOptions {
  /** Upper bound on GET RESPONSE rounds for one command (a broken card must not loop forever). */
  maxGetResponse?: number;
}

const INS_GET_RESPONSE = 0xc0;
const CLA_GSM = 0xa0;

/** GET RESPONSE uses the command's class: A0 for GSM SIM commands, else the inter-industry class on the same logical channel. */
function getResponseCla(command: CommandApdu): number {
  return command.cla === CLA_GSM ? CLA_GSM : command.cla & 0x03;
}

/** Sends one encoded command and wipes the encoding afterwards: it may carry a PIN (VERIFY, CHANGE REFERENCE DATA). */
async function send(raw: RawTransmit, command: CommandApdu): Promise<ResponseApdu> {
  const bytes = command.toBytes();
  try {
    return ResponseApdu.fromBytes(await raw(bytes));
  } finally {
    zeroize(bytes);
  }
}

export async function transmitApdu(raw: RawTransmit, command: CommandApdu, options: TransmitOptions = {}): Promise<ResponseApdu> {
  const maxGetResponse = options.maxGetResponse ?? 256;
  let response = await send(raw, command);
  if (response.sw1 === 0x6c) {
    response = await send(raw, command.with({ le: response.sw2 || 256 }));
    if (response.sw1 === 0x6c) throw new ResponseChainingError('The card asked for a different Le twice in a row');
  }
  if (response.sw1 !== 0x61) return response;
  const parts: Uint8Array[] = [response.data];
  const cla = getResponseCla(command);
  for (let round = 0; response.sw1 === 0x61; round++) {
    if (round >= maxGetResponse) throw new ResponseChainingError(`The card still had data after ${maxGetResponse} GET RESPONSE commands`);
    const getResponse = new CommandApdu({ cla, ins: INS_GET_RESPONSE, p1: 0, p2: 0, le: response.sw2 || 256 });
    response = await send(raw, getResponse);
    parts.push(response.data);
  }
  return new ResponseApdu(concatBytes(...parts), response.sw);
}

/** A CardChannel over a raw transmit function, with 61xx/6Cxx handled. */
export function createCardChannel(raw: RawTransmit, options: TransmitOptions = {}): CardChannel {
  return { transmit: (command) => transmitApdu(raw, command, options) };
}
