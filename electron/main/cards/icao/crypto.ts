// The symmetric primitives of ICAO Doc 9303 part 11 (BAC and 3DES secure messaging):
// two-key 3DES-CBC with a zero IV, the ISO 9797-1 MAC algorithm 3 ("retail MAC") with padding
// method 2, and the SHA-1 key derivation function with DES parity adjustment.
// OpenSSL 3 ships single DES only in its legacy provider, so single DES is run as 3DES with K1 = K2.
import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';

const ZERO_IV = new Uint8Array(8);

/** The counter appended to the key seed: 1 derives the encryption key, 2 the MAC key. */
export const KeyPurpose = { Enc: 1, Mac: 2 } as const;
export type KeyPurpose = (typeof KeyPurpose)[keyof typeof KeyPurpose];

function run(cipherName: string, key: Uint8Array, data: Uint8Array, encrypt: boolean, iv: Uint8Array | null = ZERO_IV): Uint8Array {
  const c = encrypt ? createCipheriv(cipherName, key, iv) : createDecipheriv(cipherName, key, iv);
  c.setAutoPadding(false);
  const out = Buffer.concat([c.update(data), c.final()]);
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}

/** Two-key 3DES in CBC mode with a zero IV (key = K1 || K2, 16 bytes); `data` must be a multiple of 8 bytes. */
export function tdesEncrypt(key: Uint8Array, data: Uint8Array): Uint8Array {
  return run('des-ede-cbc', key, data, true);
}

export function tdesDecrypt(key: Uint8Array, data: Uint8Array): Uint8Array {
  return run('des-ede-cbc', key, data, false);
}

/** ISO/IEC 9797-1 padding method 2: 0x80 then zeros up to a multiple of 8. */
export function padIso9797(data: Uint8Array): Uint8Array {
  const padded = new Uint8Array((Math.floor(data.length / 8) + 1) * 8);
  padded.set(data);
  padded[data.length] = 0x80;
  return padded;
}

/** Removes padding method 2; returns null when the padding is malformed. */
export function unpadIso9797(data: Uint8Array): Uint8Array | null {
  let i = data.length - 1;
  while (i >= 0 && data[i] === 0x00) i--;
  if (i < 0 || data[i] !== 0x80 || data.length - i > 8) return null;
  return data.subarray(0, i);
}

/**
 * ISO 9797-1 MAC algorithm 3 over already padded data: single-DES CBC-MAC with K1 over all blocks,
 * then the final block is decrypted with K2 and encrypted with K1. Equivalently, CBC with K1 up to the
 * last block and 3DES (K1, K2) on the last one.
 */
export function retailMac(key: Uint8Array, paddedData: Uint8Array): Uint8Array {
  if (paddedData.length === 0 || paddedData.length % 8 !== 0) throw new RangeError('retail MAC input must be padded to 8 bytes');
  const k1 = key.subarray(0, 8);
  const singleDes = new Uint8Array(16);
  singleDes.set(k1, 0);
  singleDes.set(k1, 8);
  const head = paddedData.subarray(0, paddedData.length - 8);
  const chain = head.length > 0 ? run('des-ede-cbc', singleDes, head, true).subarray(head.length - 8) : ZERO_IV;
  const last = new Uint8Array(8);
  for (let i = 0; i < 8; i++) last[i] = chain[i] ^ paddedData[head.length + i];
  return run('des-ede-ecb', key, last, true, null);
}

/** Sets the low bit of every byte so each byte has odd parity (DES key convention). */
export function adjustParity(key: Uint8Array): Uint8Array {
  const out = new Uint8Array(key.length);
  for (let i = 0; i < key.length; i++) {
    const b = key[i] & 0xfe;
    let ones = 0;
    for (let bit = 1; bit < 0x100; bit <<= 1) if (b & bit) ones++;
    out[i] = b | (ones % 2 === 0 ? 1 : 0);
  }
  return out;
}

/** Doc 9303-11 §9.7.1: SHA-1(K_seed || counter) → two 8-byte DES keys with parity adjusted. */
export function deriveKey(seed: Uint8Array, purpose: KeyPurpose): Uint8Array {
  const counter = new Uint8Array([0, 0, 0, purpose]);
  const digest = createHash('sha1').update(seed).update(counter).digest();
  return adjustParity(new Uint8Array(digest.subarray(0, 16)));
}

export function sha1(data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha1').update(data).digest());
}

/** Constant-time comparison of two MACs. */
export function macEquals(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}
