// Many issuing states write DG14's and DG15's EC keys with explicit domain parameters (prime, a, b, generator,
// order — ECParameters of RFC 3279) instead of a curve OID. Node's key API and createECDH want a named curve, so an
// explicit key is rewritten with the OID of the standardized curve (Doc 9303-11 table 12: NIST and brainpool) whose
// parameters it matches exactly. Parameters matching no known curve stay unsupported rather than guessed.
import * as asn1js from 'asn1js';
import { bigintFromBytes, curveById, EC_PARAMETER_IDS, type Curve } from './ec';

const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';
const OID_PRIME_FIELD = '1.2.840.10045.1.1';

/** OIDs of the standardized curves by their OpenSSL names. */
export const CURVE_OIDS: Record<string, string> = {
  prime192v1: '1.2.840.10045.3.1.1',
  secp224r1: '1.3.132.0.33',
  prime256v1: '1.2.840.10045.3.1.7',
  secp384r1: '1.3.132.0.34',
  secp521r1: '1.3.132.0.35',
  brainpoolP192r1: '1.3.36.3.3.2.8.1.1.3',
  brainpoolP224r1: '1.3.36.3.3.2.8.1.1.5',
  brainpoolP256r1: '1.3.36.3.3.2.8.1.1.7',
  brainpoolP320r1: '1.3.36.3.3.2.8.1.1.9',
  brainpoolP384r1: '1.3.36.3.3.2.8.1.1.11',
  brainpoolP512r1: '1.3.36.3.3.2.8.1.1.13',
};

const SHORT_NAMES: Record<string, string> = { prime192v1: 'P-192', secp224r1: 'P-224', prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' };

/** How verdicts name a curve: P-256 for NIST curves, brainpoolP256r1 as it is. */
export function curveDisplayName(nodeName: string): string {
  return SHORT_NAMES[nodeName] ?? nodeName;
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

function bytesOf(block: asn1js.BaseBlock | undefined): Uint8Array | null {
  if (block instanceof asn1js.Integer) return new Uint8Array(block.valueBlock.valueHexView);
  if (block instanceof asn1js.OctetString) return new Uint8Array(block.valueBlock.valueHexView);
  return null;
}

/** The standardized curve with exactly these explicit parameters, or null. */
function matchCurve(params: asn1js.Sequence): Curve | null {
  const [, fieldId, curveSeq, base, order] = params.valueBlock.value;
  if (!(fieldId instanceof asn1js.Sequence) || !(curveSeq instanceof asn1js.Sequence)) return null;
  const [fieldType, prime] = fieldId.valueBlock.value;
  if (!(fieldType instanceof asn1js.ObjectIdentifier) || fieldType.valueBlock.toString() !== OID_PRIME_FIELD) return null;
  const [aBlock, bBlock] = curveSeq.valueBlock.value;
  const values = [bytesOf(prime), bytesOf(aBlock), bytesOf(bBlock), bytesOf(base), bytesOf(order)];
  if (values.some((v) => v === null)) return null;
  const [p, a, b, g, n] = values as Uint8Array[];
  // The generator: uncompressed 04‖x‖y (compressed generators are not used by issuing states we know of).
  if (g[0] !== 0x04 || g.length % 2 !== 1) return null;
  const half = (g.length - 1) / 2;
  const gx = bigintFromBytes(g.subarray(1, 1 + half));
  const gy = bigintFromBytes(g.subarray(1 + half));
  for (const id of EC_PARAMETER_IDS) {
    const c = curveById(id)!;
    if (c.p === bigintFromBytes(p) && c.a === bigintFromBytes(a) && c.b === bigintFromBytes(b) && c.n === bigintFromBytes(n) && c.g.x === gx && c.g.y === gy) return c;
  }
  return null;
}

export type NamedSpki = { ok: true; spki: Uint8Array; curve: string | null } | { ok: false; reason: string };

/**
 * The SubjectPublicKeyInfo with a named curve: as it is when it names one (or is not an EC key), rewritten when its
 * explicit parameters match a standardized curve; `ok: false` when they match none or cannot be read.
 */
export function withNamedCurve(spki: Uint8Array): NamedSpki {
  try {
    return withNamedCurveUnchecked(spki);
  } catch (e) {
    // asn1js's own errors on hostile bytes (the key comes from the chip).
    return { ok: false, reason: `the public key cannot be decoded: ${e instanceof Error ? e.message : String(e)}` };
  }
}

function withNamedCurveUnchecked(spki: Uint8Array): NamedSpki {
  const asn = asn1js.fromBER(toArrayBuffer(spki));
  if (asn.offset === -1 || !(asn.result instanceof asn1js.Sequence)) return { ok: false, reason: 'the public key is not DER' };
  const [algorithm, publicKey] = asn.result.valueBlock.value;
  if (!(algorithm instanceof asn1js.Sequence) || !(publicKey instanceof asn1js.BitString)) return { ok: false, reason: 'the public key is not a SubjectPublicKeyInfo' };
  const [oid, params] = algorithm.valueBlock.value;
  if (!(oid instanceof asn1js.ObjectIdentifier) || oid.valueBlock.toString() !== OID_EC_PUBLIC_KEY) return { ok: true, spki, curve: null };
  if (params instanceof asn1js.ObjectIdentifier) return { ok: true, spki, curve: Object.entries(CURVE_OIDS).find(([, o]) => o === params.valueBlock.toString())?.[0] ?? null };
  if (!(params instanceof asn1js.Sequence)) return { ok: false, reason: 'the EC key has neither a curve OID nor explicit parameters' };
  const curve = matchCurve(params);
  const curveOid = curve ? CURVE_OIDS[curve.nodeName] : undefined;
  if (!curve || !curveOid) return { ok: false, reason: 'the EC key’s explicit domain parameters match no standardized curve' };
  const named = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: OID_EC_PUBLIC_KEY }), new asn1js.ObjectIdentifier({ value: curveOid })] }),
      new asn1js.BitString({ valueHex: toArrayBuffer(new Uint8Array(publicKey.valueBlock.valueHexView)) }),
    ],
  });
  return { ok: true, spki: new Uint8Array(named.toBER(false)), curve: curve.nodeName };
}
