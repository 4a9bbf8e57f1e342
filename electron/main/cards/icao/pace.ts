// PACE with ECDH generic mapping (ICAO Doc 9303 part 11 §4.4, BSI TR-03110 part 2 §3.2): the terminal side.
//  MSE:Set AT (protocol, password) → GENERAL AUTHENTICATE ×4: the chip's nonce encrypted under Kπ; mapping
//  keys, giving G~ = s·G + H; ephemeral keys on G~, giving the shared secret K; authentication tokens,
//  CMAC (or retail MAC) over the other side's ephemeral key. The session keys come from K, the SSC starts at 0.
// The pure steps are exported so the ICAO worked example (appendix G) and the virtual chip use the same code.
import { CommandApdu, type ResponseApdu } from '../../../../common/apdu/apdu';
import type { CardChannel } from '../../../../common/apdu/channel';
import { findTag, parseTlv } from '../../../../common/apdu/tlv';
import { concatBytes, zeroize } from '../../../../common/bytes';
import { AppError, ErrorCode } from '../../../../common/errors';
import type { MrzInformation } from '../../../../common/mrz/mrz-information';
import type { RandomSource, SessionKeys } from './bac';
import { macEquals, padIso9797, retailMac, sha1, tdesDecrypt, tdesEncrypt } from './crypto';
import { bigintFromBytes, decodePoint, encodePoint, pointAdd, privateKeyFrom, scalarMultiply, bigintToBytes, type AffinePoint, type Curve } from './ec';
import type { PaceChoice } from './pace-info';
import { aesCbcDecrypt, aesCbcEncrypt, aesCmac, kdf, KdfCounter, sessionKeysFromSecret, type SmAlgorithm } from './sm-cipher';

/** The PACE password: the MRZ information (document number, birth date, expiry date) or the card's CAN. */
export type PacePassword = { kind: 'MRZ'; info: MrzInformation } | { kind: 'CAN'; can: string };

/** Password reference of MSE:Set AT tag 83 (TR-03110 part 3 D.1.2): 1 MRZ, 2 CAN. */
export function passwordReference(password: PacePassword): number {
  return password.kind === 'MRZ' ? 1 : 2;
}

/** K = SHA-1(MRZ information) for the MRZ (9303-11 §4.4.4.1), the CAN's digits as ASCII for the CAN. */
export function passwordBytes(password: PacePassword): Uint8Array {
  const encoder = new TextEncoder();
  return password.kind === 'MRZ' ? sha1(encoder.encode(password.info.toKeyString())) : encoder.encode(password.can);
}

/** Kπ = KDF(K, 3): the key the chip's nonce is encrypted with. */
export function passwordKey(password: PacePassword, cipher: SmAlgorithm): Uint8Array {
  const k = passwordBytes(password);
  const key = kdf(k, KdfCounter.Pace, cipher);
  zeroize(k);
  return key;
}

/** E/D with a zero IV under Kπ (CBC with one block is ECB; the nonce is one or two blocks). */
export function nonceCipher(cipher: SmAlgorithm, key: Uint8Array, data: Uint8Array, encrypt: boolean): Uint8Array {
  if (cipher === '3DES') return encrypt ? tdesEncrypt(key, data) : tdesDecrypt(key, data);
  const iv = new Uint8Array(16);
  return encrypt ? aesCbcEncrypt(key, iv, data) : aesCbcDecrypt(key, iv, data);
}

/** Generic mapping: G~ = s·G + H, H = SK_map · PK_map(other side). Null when H or G~ is infinity (abort). */
export function mapGenerator(curve: Curve, nonce: Uint8Array, privateKey: bigint, otherMappingKey: AffinePoint): AffinePoint | null {
  const h = scalarMultiply(curve, privateKey, otherMappingKey);
  if (!h) return null;
  return pointAdd(curve, scalarMultiply(curve, bigintFromBytes(nonce), curve.g), h);
}

/** The shared secret K: the x-coordinate of SK · PK, padded to the field size. */
export function sharedSecret(curve: Curve, privateKey: bigint, otherPublicKey: AffinePoint): Uint8Array | null {
  const pt = scalarMultiply(curve, privateKey, otherPublicKey);
  return pt ? bigintToBytes(pt.x, curve.size) : null;
}

function derLength(n: number): number[] {
  return n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
}

/** The authentication token: MAC over the public key data object 7F49 { 06 OID, 86 point } (TR-03110 part 3 D.3.5). */
export function authenticationToken(cipher: SmAlgorithm, ksMac: Uint8Array, oid: Uint8Array, publicKey: Uint8Array): Uint8Array {
  const inner = concatBytes([0x06], derLength(oid.length), oid, [0x86], derLength(publicKey.length), publicKey);
  const data = concatBytes([0x7f, 0x49], derLength(inner.length), inner);
  return cipher === '3DES' ? retailMac(ksMac, padIso9797(data)) : aesCmac(ksMac, data).slice(0, 8);
}

/** The terminal's PACE answer: session keys (AES or 3DES), the SSC at zero. */
export interface PaceResult {
  keys: SessionKeys;
  /** The chip's ephemeral public key, encoded (Chip Authentication mapping and CA compare against it). */
  chipEphemeralKey: Uint8Array;
}

function swText(r: ResponseApdu): string {
  return r.sw.toString(16).toUpperCase().padStart(4, '0');
}

function dynamicData(r: ResponseApdu, tag: number, step: string): Uint8Array {
  let value: Uint8Array | undefined;
  try {
    value = r.isSuccess ? findTag(parseTlv(r.data), 0x7c)?.children?.find((t) => t.tag === tag)?.value : undefined;
  } catch {
    value = undefined; // malformed TLV from the chip: reported below like a missing object
  }
  if (!value) throw new AppError(ErrorCode.CardError, `PACE failed at ${step} (SW ${swText(r)})`, { details: { sw: swText(r), step } });
  return value;
}

function generalAuthenticate(last: boolean, tag: number | null, value: Uint8Array = new Uint8Array(0)): CommandApdu {
  const inner = tag === null ? new Uint8Array(0) : concatBytes([tag], derLength(value.length), value);
  // Command chaining (CLA 10) on all but the last step, as TR-03110 part 3 B.1 requires.
  return new CommandApdu({ cla: last ? 0x00 : 0x10, ins: 0x86, p1: 0x00, p2: 0x00, data: concatBytes([0x7c], derLength(inner.length), inner), le: 256 });
}

/** Raised when the chip refuses the password: wrong MRZ or CAN. */
function accessDenied(password: PacePassword, sw: string): AppError {
  const what = password.kind === 'CAN' ? 'check the CAN (the 6 digits printed on the card)' : 'check the MRZ (document number, birth date, expiry date)';
  return new AppError(ErrorCode.CardAccessDenied, `The chip refused access: ${what}`, { details: { sw, protocol: 'PACE', password: password.kind } });
}

export interface PaceOptions {
  random: RandomSource;
  /** Send the domain parameter id (tag 84) in MSE:Set AT; required when EF.CardAccess lists several. */
  sendParameterId?: boolean;
  /** Test hook: the terminal's private keys (mapping, then agreement) instead of random ones. */
  privateKeys?: () => bigint;
}

/** Runs PACE on a plain channel (MF or eMRTD application selected); throws AppError on refusal. */
export async function performPace(channel: CardChannel, choice: PaceChoice, password: PacePassword, options: PaceOptions): Promise<PaceResult> {
  const { curve, cipher } = choice;
  const oid = choice.info.oid;
  const nextKey = options.privateKeys ?? (() => privateKeyFrom(curve, options.random));
  const setAt = concatBytes([0x80, oid.length], oid, [0x83, 0x01, passwordReference(password)], options.sendParameterId ? [0x84, 0x01, curve.id] : []);
  const mse = await channel.transmit(new CommandApdu({ cla: 0x00, ins: 0x22, p1: 0xc1, p2: 0xa4, data: setAt }));
  if (!mse.isSuccess) throw new AppError(ErrorCode.CardError, `The chip refused PACE set-up (SW ${swText(mse)})`, { details: { sw: swText(mse), step: 'MSE:Set AT' } });

  const kPi = passwordKey(password, cipher);
  let nonce: Uint8Array | null = null;
  try {
    const z = dynamicData(await channel.transmit(generalAuthenticate(false, null)), 0x80, 'the encrypted nonce');
    nonce = nonceCipher(cipher, kPi, z, false);
  } finally {
    zeroize(kPi);
  }

  const mapKey = nextKey();
  const mapPublic = encodePoint(curve, scalarMultiply(curve, mapKey, curve.g)!);
  const chipMapBytes = dynamicData(await channel.transmit(generalAuthenticate(false, 0x81, mapPublic)), 0x82, 'the mapping');
  const chipMap = decodePoint(curve, chipMapBytes);
  const generator = chipMap ? mapGenerator(curve, nonce, mapKey, chipMap) : null;
  zeroize(nonce);
  if (!generator) throw new AppError(ErrorCode.CardError, 'PACE failed at the mapping: the chip sent an invalid point', { details: { step: 'mapping' } });

  const dhKey = nextKey();
  const terminalEphemeral = encodePoint(curve, scalarMultiply(curve, dhKey, generator)!);
  const chipEphemeralBytes = dynamicData(await channel.transmit(generalAuthenticate(false, 0x83, terminalEphemeral)), 0x84, 'the key agreement');
  const chipEphemeral = decodePoint(curve, chipEphemeralBytes);
  // 9303-11 §4.4.3.4: the chip's ephemeral key must be a valid point and differ from ours.
  const secret = chipEphemeral && !macEquals(chipEphemeralBytes, terminalEphemeral) ? sharedSecret(curve, dhKey, chipEphemeral) : null;
  if (!secret) throw new AppError(ErrorCode.CardError, 'PACE failed at the key agreement: the chip sent an invalid point', { details: { step: 'key agreement' } });
  const keys = sessionKeysFromSecret(secret, cipher);
  zeroize(secret);

  const tokenIfd = authenticationToken(cipher, keys.ksMac, oid, chipEphemeralBytes);
  const answer = await channel.transmit(generalAuthenticate(true, 0x85, tokenIfd));
  if (answer.sw === 0x6300 || (answer.sw & 0xfff0) === 0x63c0 || answer.sw === 0x6982) {
    zeroize(keys.ksEnc);
    zeroize(keys.ksMac);
    throw accessDenied(password, swText(answer));
  }
  const tokenIc = dynamicData(answer, 0x86, 'mutual authentication');
  if (!macEquals(tokenIc, authenticationToken(cipher, keys.ksMac, oid, terminalEphemeral))) {
    zeroize(keys.ksEnc);
    zeroize(keys.ksMac);
    throw accessDenied(password, swText(answer));
  }
  return { keys, chipEphemeralKey: Uint8Array.from(chipEphemeralBytes) };
}
