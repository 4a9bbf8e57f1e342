// ISO/IEC 9796-2 digital signature scheme 1 with partial message recovery, as RSA Active Authentication uses it
// (ICAO Doc 9303 part 11 §6.1): the chip signs M = M1 ‖ M2 where M1 is its own nonce (recovered from the
// signature) and M2 our challenge. The message representative is
//   J = 6A ‖ M1 ‖ H(M1 ‖ M2) ‖ trailer,   trailer BC (SHA-1 implied) or <hash id> CC (ISO/IEC 10118-3 ids).
import { constants, createHash, publicDecrypt, type KeyObject } from 'node:crypto';

/** ISO/IEC 10118-3 hash-function identifiers used in the two-byte trailer. */
const TRAILER_HASHES: Record<number, string> = { 0x33: 'sha1', 0x34: 'sha256', 0x35: 'sha512', 0x36: 'sha384', 0x38: 'sha224' };
const HASH_LENGTH: Record<string, number> = { sha1: 20, sha224: 28, sha256: 32, sha384: 48, sha512: 64 };

export type Iso9796Result = { ok: true; hash: string; m1: Uint8Array } | { ok: false; reason: string };

function toBigInt(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt('0x' + Buffer.from(bytes).toString('hex'));
}

function toBytes(n: bigint, length: number): Uint8Array {
  const hex = n.toString(16).padStart(length * 2, '0');
  return new Uint8Array(Buffer.from(hex.slice(-length * 2), 'hex'));
}

/**
 * Opens the signature with the RSA public key and checks it covers `m2`. The signer may send min(σ, n − σ)
 * (ISO/IEC 9796-2 §B.6), so a representative not ending in nibble C is taken as n − J.
 */
export function recoverIso9796(publicKey: KeyObject, signature: Uint8Array, m2: Uint8Array): Iso9796Result {
  const jwk = publicKey.export({ format: 'jwk' });
  if (publicKey.asymmetricKeyType !== 'rsa' || !jwk.n) return { ok: false, reason: 'the key is not an RSA key' };
  const n = toBigInt(new Uint8Array(Buffer.from(jwk.n, 'base64url')));
  const k = Math.ceil(n.toString(16).length / 2);
  if (signature.length !== k) return { ok: false, reason: `the signature has ${signature.length} bytes, the key ${k}` };
  if (toBigInt(signature) >= n) return { ok: false, reason: 'the signature is not smaller than the modulus' };
  let j: bigint;
  try {
    j = toBigInt(new Uint8Array(publicDecrypt({ key: publicKey, padding: constants.RSA_NO_PADDING }, signature)));
  } catch (e) {
    return { ok: false, reason: `RSA: ${e instanceof Error ? e.message : String(e)}` };
  }
  if ((j & 0xfn) !== 0xcn) j = n - j;
  const rep = toBytes(j, k);
  if (rep[0] !== 0x6a) return { ok: false, reason: `the recovered message does not start with 6A (partial recovery) but ${rep[0].toString(16).toUpperCase()}` };
  let hash: string | undefined;
  let trailer: number;
  if (rep[k - 1] === 0xbc) {
    hash = 'sha1';
    trailer = 1;
  } else if (rep[k - 1] === 0xcc) {
    hash = TRAILER_HASHES[rep[k - 2]];
    trailer = 2;
    if (!hash) return { ok: false, reason: `unknown hash identifier ${rep[k - 2].toString(16).toUpperCase()} in the trailer` };
  } else {
    return { ok: false, reason: 'the recovered message has no ISO/IEC 9796-2 trailer' };
  }
  const hLen = HASH_LENGTH[hash];
  const m1 = rep.subarray(1, k - trailer - hLen);
  const claimed = rep.subarray(k - trailer - hLen, k - trailer);
  const actual = createHash(hash).update(m1).update(m2).digest();
  if (!actual.equals(claimed)) return { ok: false, reason: 'the signed hash does not cover our challenge' };
  return { ok: true, hash, m1: Uint8Array.from(m1) };
}

/** The message representative for M1 ‖ M2 with an RSA key of `k` bytes (the signing side: virtual chip, tests). */
export function iso9796Representative(k: number, m1Source: (n: number) => Uint8Array, m2: Uint8Array, hash = 'sha1'): Uint8Array {
  const hLen = HASH_LENGTH[hash];
  const id = Object.entries(TRAILER_HASHES).find(([, h]) => h === hash)?.[0];
  const trailer = hash === 'sha1' ? [0xbc] : [Number(id), 0xcc];
  const m1 = m1Source(k - 1 - hLen - trailer.length);
  const h = createHash(hash).update(m1).update(m2).digest();
  return Uint8Array.from([0x6a, ...m1, ...h, ...trailer]);
}
