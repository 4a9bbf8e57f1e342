// The cipher suites of eMRTD secure messaging (ICAO Doc 9303 part 11 §9.8; BSI TR-03110 part 3 appendix F)
// and the key derivation function of §9.7.1 they share. Both the reader (`sm.ts`) and the virtual chip use
// these, so a change to one side's framing cannot silently diverge from the other's.
//  - 3DES: two-key 3DES-CBC with a zero IV, retail MAC (ISO 9797-1 algorithm 3), 8-byte SSC, padding to 8.
//  - AES: AES-CBC with IV = E(KSenc, SSC), AES-CMAC truncated to 8 bytes, 16-byte SSC, padding to 16.
import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import { concatBytes } from '../../../../common/bytes';
import { adjustParity, retailMac, tdesDecrypt, tdesEncrypt } from './crypto';

/** The symmetric algorithm of a session: 3DES (BAC, PACE-3DES) or AES with a 128/192/256-bit key. */
export type SmAlgorithm = '3DES' | 'AES-128' | 'AES-192' | 'AES-256';

/** KDF counters of Doc 9303-11 §9.7.1: 1 encryption key, 2 MAC key, 3 PACE password key (Kπ). */
export const KdfCounter = { Enc: 1, Mac: 2, Pace: 3 } as const;
export type KdfCounter = (typeof KdfCounter)[keyof typeof KdfCounter];

/** Key length in bytes of an algorithm. */
export function keyLength(algorithm: SmAlgorithm): number {
  switch (algorithm) {
    case '3DES':
    case 'AES-128':
      return 16;
    case 'AES-192':
      return 24;
    case 'AES-256':
      return 32;
  }
}

/**
 * KDF(K, c) of Doc 9303-11 §9.7.1: SHA-1 for 3DES and AES-128, SHA-256 for AES-192/256, truncated to the
 * key length; 3DES keys get DES parity bits.
 */
export function kdf(secret: Uint8Array, counter: KdfCounter, algorithm: SmAlgorithm): Uint8Array {
  const hash = algorithm === 'AES-192' || algorithm === 'AES-256' ? 'sha256' : 'sha1';
  const digest = createHash(hash).update(secret).update(Uint8Array.of(0, 0, 0, counter)).digest();
  const key = new Uint8Array(digest.subarray(0, keyLength(algorithm)));
  return algorithm === '3DES' ? adjustParity(key) : key;
}

function aesName(key: Uint8Array, mode: 'cbc' | 'ecb'): string {
  if (key.length !== 16 && key.length !== 24 && key.length !== 32) throw new RangeError(`AES key of ${key.length} bytes`);
  return `aes-${key.length * 8}-${mode}`;
}

function aesRun(key: Uint8Array, data: Uint8Array, iv: Uint8Array | null, encrypt: boolean): Uint8Array {
  const name = aesName(key, iv ? 'cbc' : 'ecb');
  const c = encrypt ? createCipheriv(name, key, iv) : createDecipheriv(name, key, iv);
  c.setAutoPadding(false);
  const out = Buffer.concat([c.update(data), c.final()]);
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}

/** AES-CBC encryption of block-aligned data (no padding added). */
export function aesCbcEncrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  return aesRun(key, data, iv, true);
}

export function aesCbcDecrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  return aesRun(key, data, iv, false);
}

/** One-block AES encryption (ECB), used for the SM IV and for CMAC subkeys. */
export function aesEncryptBlock(key: Uint8Array, block: Uint8Array): Uint8Array {
  return aesRun(key, block, null, true);
}

/** Doubling in GF(2^128) (NIST SP 800-38B subkey generation). */
function dbl(block: Uint8Array): Uint8Array {
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = ((block[i] << 1) | (i < 15 ? block[i + 1] >> 7 : 0)) & 0xff;
  if (block[0] & 0x80) out[15] ^= 0x87;
  return out;
}

/** AES-CMAC (NIST SP 800-38B, RFC 4493) over `data` of any length; the full 16-byte tag. */
export function aesCmac(key: Uint8Array, data: Uint8Array): Uint8Array {
  const k1 = dbl(aesEncryptBlock(key, new Uint8Array(16)));
  const k2 = dbl(k1);
  const blocks = Math.max(1, Math.ceil(data.length / 16));
  const complete = data.length > 0 && data.length % 16 === 0;
  const last = new Uint8Array(16);
  last.set(data.subarray((blocks - 1) * 16));
  if (!complete) last[data.length - (blocks - 1) * 16] = 0x80;
  const subkey = complete ? k1 : k2;
  for (let i = 0; i < 16; i++) last[i] ^= subkey[i];
  const message = concatBytes(data.subarray(0, (blocks - 1) * 16), last);
  const chained = aesCbcEncrypt(key, new Uint8Array(16), message);
  return chained.slice(chained.length - 16);
}

/** ISO/IEC 9797-1 padding method 2 to `blockSize`: 0x80 then zeros. */
export function padTo(data: Uint8Array, blockSize: number): Uint8Array {
  const padded = new Uint8Array((Math.floor(data.length / blockSize) + 1) * blockSize);
  padded.set(data);
  padded[data.length] = 0x80;
  return padded;
}

/** Removes padding method 2 of a block size; null when malformed. */
export function unpadFrom(data: Uint8Array, blockSize: number): Uint8Array | null {
  let i = data.length - 1;
  while (i >= 0 && data[i] === 0x00) i--;
  if (i < 0 || data[i] !== 0x80 || data.length - i > blockSize) return null;
  return data.subarray(0, i);
}

/** What secure messaging needs of a cipher suite; keys are held by the caller and passed in each time. */
export interface SmCipher {
  readonly algorithm: SmAlgorithm;
  /** Cipher block size, also the padding block and the SSC length: 8 (3DES) or 16 (AES). */
  readonly blockSize: 8 | 16;
  /** Encrypts already padded data for the current SSC. */
  encrypt(ksEnc: Uint8Array, ssc: Uint8Array, padded: Uint8Array): Uint8Array;
  decrypt(ksEnc: Uint8Array, ssc: Uint8Array, encrypted: Uint8Array): Uint8Array;
  /** The 8-byte MAC over SSC || parts, padded here. */
  mac(ksMac: Uint8Array, ssc: Uint8Array, ...parts: Uint8Array[]): Uint8Array;
}

const TDES: SmCipher = {
  algorithm: '3DES',
  blockSize: 8,
  encrypt: (ksEnc, _ssc, padded) => tdesEncrypt(ksEnc, padded),
  decrypt: (ksEnc, _ssc, encrypted) => tdesDecrypt(ksEnc, encrypted),
  mac: (ksMac, ssc, ...parts) => retailMac(ksMac, padTo(concatBytes(ssc, ...parts), 8)),
};

function aesCipher(algorithm: Exclude<SmAlgorithm, '3DES'>): SmCipher {
  return {
    algorithm,
    blockSize: 16,
    // Doc 9303-11 §9.8.6.1: the IV is the SSC encrypted under KSenc (ECB), so it changes with every APDU.
    encrypt: (ksEnc, ssc, padded) => aesCbcEncrypt(ksEnc, aesEncryptBlock(ksEnc, ssc), padded),
    decrypt: (ksEnc, ssc, encrypted) => aesCbcDecrypt(ksEnc, aesEncryptBlock(ksEnc, ssc), encrypted),
    mac: (ksMac, ssc, ...parts) => aesCmac(ksMac, padTo(concatBytes(ssc, ...parts), 16)).slice(0, 8),
  };
}

const AES = { 'AES-128': aesCipher('AES-128'), 'AES-192': aesCipher('AES-192'), 'AES-256': aesCipher('AES-256') } as const;

export function smCipher(algorithm: SmAlgorithm): SmCipher {
  return algorithm === '3DES' ? TDES : AES[algorithm];
}

/** Session keys derived from a shared secret K (PACE, Chip Authentication): KSenc, KSmac, SSC = 0. */
export function sessionKeysFromSecret(secret: Uint8Array, algorithm: SmAlgorithm): { ksEnc: Uint8Array; ksMac: Uint8Array; ssc: Uint8Array; algorithm: SmAlgorithm } {
  return {
    ksEnc: kdf(secret, KdfCounter.Enc, algorithm),
    ksMac: kdf(secret, KdfCounter.Mac, algorithm),
    ssc: new Uint8Array(smCipher(algorithm).blockSize),
    algorithm,
  };
}
