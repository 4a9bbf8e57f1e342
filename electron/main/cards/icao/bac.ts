// Basic Access Control (ICAO Doc 9303 part 11 §4.3): mutual authentication keyed by the MRZ information,
// ending in 3DES session keys and a send sequence counter for secure messaging.
import { randomBytes as nodeRandomBytes } from 'node:crypto';
import { CommandApdu } from '../../../../common/apdu/apdu';
import type { CardChannel } from '../../../../common/apdu/channel';
import { concatBytes, bytesEqual, zeroize } from '../../../../common/bytes';
import { AppError, ErrorCode } from '../../../../common/errors';
import type { MrzInformation } from '../../../../common/mrz/mrz-information';
import type { SmAlgorithm } from './sm-cipher';
import { deriveKey, KeyPurpose, macEquals, padIso9797, retailMac, sha1, tdesDecrypt, tdesEncrypt } from './crypto';

export type RandomSource = (length: number) => Uint8Array;
export const secureRandom: RandomSource = (n) => new Uint8Array(nodeRandomBytes(n));

export interface BacKeys {
  readonly kEnc: Uint8Array;
  readonly kMac: Uint8Array;
}

export interface SessionKeys {
  readonly ksEnc: Uint8Array;
  readonly ksMac: Uint8Array;
  /** Send sequence counter, big-endian: 8 bytes for 3DES, 16 for AES. */
  readonly ssc: Uint8Array;
  /** Cipher suite of the session; BAC's is 3DES (the default when absent). */
  readonly algorithm?: SmAlgorithm;
}

/** K_seed: the first 16 bytes of SHA-1 over the MRZ information string. */
export function keySeed(mrzInformation: string): Uint8Array {
  return sha1(new TextEncoder().encode(mrzInformation)).subarray(0, 16);
}

export function bacKeysFromSeed(seed: Uint8Array): BacKeys {
  return { kEnc: deriveKey(seed, KeyPurpose.Enc), kMac: deriveKey(seed, KeyPurpose.Mac) };
}

export function bacKeys(info: MrzInformation): BacKeys {
  const seed = keySeed(info.toKeyString());
  const keys = bacKeysFromSeed(seed);
  zeroize(seed);
  return keys;
}

/** The EXTERNAL AUTHENTICATE payload E_IFD || M_IFD for S = RND.IFD || RND.IC || K.IFD. */
export function terminalCryptogram(keys: BacKeys, rndIc: Uint8Array, rndIfd: Uint8Array, kIfd: Uint8Array): Uint8Array {
  const s = concatBytes(rndIfd, rndIc, kIfd);
  const eIfd = tdesEncrypt(keys.kEnc, s);
  zeroize(s);
  return concatBytes(eIfd, retailMac(keys.kMac, padIso9797(eIfd)));
}

/**
 * Checks the chip's answer E_IC || M_IC and derives the session keys from K.IFD ⊕ K.IC.
 * Returns null when the MAC or the echoed RND.IFD is wrong (the chip does not know our key).
 */
export function sessionFromChipCryptogram(
  keys: BacKeys,
  rndIc: Uint8Array,
  rndIfd: Uint8Array,
  kIfd: Uint8Array,
  response: Uint8Array,
): SessionKeys | null {
  if (response.length !== 40) return null;
  const eIc = response.subarray(0, 32);
  if (!macEquals(retailMac(keys.kMac, padIso9797(eIc)), response.subarray(32))) return null;
  const r = tdesDecrypt(keys.kEnc, eIc);
  try {
    if (!bytesEqual(r.subarray(0, 8), rndIc) || !bytesEqual(r.subarray(8, 16), rndIfd)) return null;
    return sessionKeysFrom(kIfd, r.subarray(16, 32), rndIc, rndIfd);
  } finally {
    zeroize(r);
  }
}

/** Session keys from both key halves; SSC = last 4 bytes of RND.IC || last 4 bytes of RND.IFD. */
export function sessionKeysFrom(kIfd: Uint8Array, kIc: Uint8Array, rndIc: Uint8Array, rndIfd: Uint8Array): SessionKeys {
  const seed = new Uint8Array(16);
  for (let i = 0; i < 16; i++) seed[i] = kIfd[i] ^ kIc[i];
  const { kEnc, kMac } = bacKeysFromSeed(seed);
  zeroize(seed);
  return { ksEnc: kEnc, ksMac: kMac, ssc: concatBytes(rndIc.subarray(4, 8), rndIfd.subarray(4, 8)) };
}

/** Runs GET CHALLENGE + EXTERNAL AUTHENTICATE on a plain channel (the eMRTD application already selected). */
export async function performBac(channel: CardChannel, info: MrzInformation, random: RandomSource = secureRandom): Promise<SessionKeys> {
  const challenge = await channel.transmit(new CommandApdu({ cla: 0x00, ins: 0x84, p1: 0x00, p2: 0x00, le: 8 }));
  if (!challenge.isSuccess || challenge.data.length !== 8) {
    throw new AppError(ErrorCode.CardError, `The chip refused GET CHALLENGE (SW ${challenge.sw.toString(16).toUpperCase()}): not an ICAO eMRTD with BAC`, {
      details: { sw: challenge.sw },
    });
  }
  const rndIc = challenge.data;
  const rndIfd = random(8);
  const kIfd = random(16);
  const keys = bacKeys(info);
  try {
    const payload = terminalCryptogram(keys, rndIc, rndIfd, kIfd);
    const answer = await channel.transmit(new CommandApdu({ cla: 0x00, ins: 0x82, p1: 0x00, p2: 0x00, data: payload, le: 40 }));
    if (answer.sw === 0x6d00 || answer.sw === 0x6e00) {
      throw new AppError(ErrorCode.CardError, 'This chip does not offer Basic Access Control, and it offers no PACE this application can run', {
        details: { sw: answer.sw },
      });
    }
    const session = answer.isSuccess ? sessionFromChipCryptogram(keys, rndIc, rndIfd, kIfd, answer.data) : null;
    if (!session) {
      throw new AppError(ErrorCode.CardAccessDenied, 'The chip refused access: check the MRZ (document number, birth date, expiry date)', {
        details: { sw: answer.sw },
      });
    }
    return session;
  } finally {
    zeroize(keys.kEnc);
    zeroize(keys.kMac);
    zeroize(kIfd);
  }
}
