// Asks a card what it is when its ATR does not say: real SIMs, ID cards and passports come with ATRs no table can
// list, and a reader chosen on a guess reads the wrong card (a SIM answering 6A82 to the chip read). Each kind is
// proved by the application it must have:
//  - ID card / passport: SELECT of the eMRTD application (ICAO 9303-10 makes it mandatory for every LDS chip);
//  - e-İmza PIN card: SELECT of its application (pin-card.ts);
//  - SIM: SELECT MF, then EF_ICCID 2FE2 (ISO class 00; an old GSM-only SIM refusing it answers to class A0).
// Only SELECTs: nothing here spends a PIN try or reads personal data, and every flow selects its own application
// again before it starts. Card-level failures (the card pulled mid-probe) throw; "not this kind" never does.
import { CommandApdu, type CardChannel, type ResponseApdu } from '../../../common/apdu';
import type { CardKind } from './atr';
import { EMRTD_AID } from './icao/lds';
import { ESIGN_PIN_CARD_AID } from './pin-card';

const MF = Uint8Array.of(0x3f, 0x00);
const EF_ICCID = Uint8Array.of(0x2f, 0xe2);

/** Success; for a GSM SELECT also 9Fxx ("file info available": the file is there). */
function found(r: ResponseApdu, gsm = false): boolean {
  return r.isSuccess || (gsm && r.sw1 === 0x9f);
}

/** 6E00 / 6D00: the card refuses the class or instruction (a GSM-only SIM refuses class 00). */
function refusesClass(r: ResponseApdu): boolean {
  return r.sw1 === 0x6e || r.sw1 === 0x6d;
}

async function isSim(channel: CardChannel): Promise<boolean> {
  const iso = (fid: Uint8Array) => new CommandApdu({ cla: 0x00, ins: 0xa4, p1: 0x00, p2: 0x0c, data: fid });
  const mf = await channel.transmit(iso(MF));
  if (found(mf)) return found(await channel.transmit(iso(EF_ICCID)));
  if (!refusesClass(mf)) return false;
  const gsm = (fid: Uint8Array) => new CommandApdu({ cla: 0xa0, ins: 0xa4, p1: 0x00, p2: 0x00, data: fid });
  return found(await channel.transmit(gsm(MF)), true) && found(await channel.transmit(gsm(EF_ICCID)), true);
}

async function answersSelect(channel: CardChannel, aid: Uint8Array): Promise<boolean> {
  return found(await channel.transmit(new CommandApdu({ cla: 0x00, ins: 0xa4, p1: 0x04, p2: 0x0c, data: aid })));
}

/**
 * The kind the card proves by its answers, 'unknown' when it has none of the applications we know. The eMRTD
 * application is asked first: it is what the desk reads most, and a SIM or token never has it.
 */
export async function probeCardKind(channel: CardChannel): Promise<CardKind> {
  if (await answersSelect(channel, EMRTD_AID)) return 'id-card';
  if (await answersSelect(channel, ESIGN_PIN_CARD_AID)) return 'esign-card';
  if (await isSim(channel)) return 'sim';
  return 'unknown';
}
