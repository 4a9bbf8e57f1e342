// The terminal's half of Chip Authentication's key agreement (BSI TR-03110 part 3 §A.1, Doc 9303-11 §6.2): an
// ephemeral key on the domain parameters of the chip's static DG14 key, the public value to send, and the shared
// secret K the session keys come from.
//  - ECDH: the chip's curve (named, or explicit parameters of a standardized curve); K = x-coordinate of the point.
//  - DH: p and g of the key's domain parameters (X9.42 DomainParameters or PKCS #3 DHParameter); public values and K
//    as unsigned big-endian integers of the length of p.
import { createDiffieHellman, createECDH, createPublicKey } from 'node:crypto';
import * as asn1js from 'asn1js';
import type { CloneCheck } from '../../../../common/ipc/channels/idcard-clone';
import { curveDisplayName, withNamedCurve } from './named-curve';
import { MalformedKeyFileError, subjectPublicKeyBytes } from './security-infos';

export type Agreement = { ok: true; algorithm: string; ephemeralPublic: Uint8Array; secret: Uint8Array } | { ok: false; verdict: CloneCheck };

function unsupported(algorithm: string, reason: string): Agreement {
  return { ok: false, verdict: { status: 'not-supported', failure: null, algorithm, reason } };
}

function malformed(algorithm: string, reason: string): Agreement {
  return { ok: false, verdict: { status: 'failed', failure: 'malformed', algorithm, reason } };
}

function message(e: unknown): string {
  return e instanceof MalformedKeyFileError ? e.message : e instanceof Error ? e.message : String(e);
}

export function agreeEcdh(spki: Uint8Array, cipher: string): Agreement {
  const named = withNamedCurve(spki);
  if (!named.ok) return unsupported(`ECDH ${cipher}`, `DG14: ${named.reason}`);
  let curve: string | undefined;
  let chipPoint: Uint8Array;
  try {
    curve = createPublicKey({ key: Buffer.from(named.spki), format: 'der', type: 'spki' }).asymmetricKeyDetails?.namedCurve;
    chipPoint = subjectPublicKeyBytes(spki);
  } catch (e) {
    return malformed(`ECDH ${cipher}`, `DG14’s chip authentication key cannot be decoded: ${message(e)}`);
  }
  if (!curve) return unsupported(`ECDH ${cipher}`, 'DG14’s key names a curve this desk does not know');
  const algorithm = `ECDH ${curveDisplayName(curve)} ${cipher}`;
  const ephemeral = createECDH(curve);
  const ephemeralPublic = new Uint8Array(ephemeral.generateKeys());
  try {
    return { ok: true, algorithm, ephemeralPublic, secret: new Uint8Array(ephemeral.computeSecret(chipPoint)) };
  } catch (e) {
    return malformed(algorithm, `DG14’s public key is not a point of ${curve}: ${message(e)}`);
  }
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** An unsigned INTEGER's magnitude, without a leading sign byte. */
function magnitude(block: asn1js.BaseBlock | undefined): Uint8Array | null {
  if (!(block instanceof asn1js.Integer)) return null;
  const bytes = new Uint8Array(block.valueBlock.valueHexView);
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  return bytes.subarray(i);
}

function leftPad(bytes: Uint8Array, length: number): Uint8Array {
  if (bytes.length >= length) return bytes;
  const out = new Uint8Array(length);
  out.set(bytes, length - bytes.length);
  return out;
}

/** p, g and the chip's public value y of a DH SubjectPublicKeyInfo. */
export function dhKey(spki: Uint8Array): { p: Uint8Array; g: Uint8Array; y: Uint8Array } | null {
  try {
    return dhKeyUnchecked(spki);
  } catch {
    return null; // asn1js's own errors on hostile bytes: an unreadable key
  }
}

function dhKeyUnchecked(spki: Uint8Array): { p: Uint8Array; g: Uint8Array; y: Uint8Array } | null {
  const asn = asn1js.fromBER(toArrayBuffer(spki));
  if (asn.offset === -1 || !(asn.result instanceof asn1js.Sequence)) return null;
  const [algorithm] = asn.result.valueBlock.value;
  const params = algorithm instanceof asn1js.Sequence ? algorithm.valueBlock.value[1] : undefined;
  if (!(params instanceof asn1js.Sequence)) return null;
  const [pBlock, gBlock] = params.valueBlock.value;
  const p = magnitude(pBlock);
  const g = magnitude(gBlock);
  let y: Uint8Array | null = null;
  try {
    const inner = asn1js.fromBER(toArrayBuffer(subjectPublicKeyBytes(spki)));
    y = inner.offset === -1 ? null : magnitude(inner.result);
  } catch {
    y = null;
  }
  return p && g && y ? { p, g, y } : null;
}

export function agreeDh(spki: Uint8Array, cipher: string): Agreement {
  const key = dhKey(spki);
  if (!key) return malformed(`DH ${cipher}`, 'DG14’s DH key has no readable p, g and public value');
  const algorithm = `DH-${key.p.length * 8} ${cipher}`;
  // A prime beyond 4096 bits is no issuing state's and would only cost us time.
  if (key.p.length > 512 || key.p.length < 128) return unsupported(algorithm, `DG14’s DH prime has ${key.p.length * 8} bits`);
  try {
    const dh = createDiffieHellman(Buffer.from(key.p), Buffer.from(key.g));
    const ephemeralPublic = leftPad(new Uint8Array(dh.generateKeys()), key.p.length);
    const secret = leftPad(new Uint8Array(dh.computeSecret(Buffer.from(key.y))), key.p.length);
    return { ok: true, algorithm, ephemeralPublic, secret };
  } catch (e) {
    return malformed(algorithm, `DG14’s DH key cannot be used: ${message(e)}`);
  }
}
