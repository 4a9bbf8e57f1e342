// The chip's key files for clone detection (ICAO Doc 9303 part 11 §9.2, BSI TR-03110 part 3 §A.1):
//  DG14 (tag 6E) — SecurityInfos, a SET of { protocol OID, required data, optional data }: ChipAuthenticationInfo,
//                   ChipAuthenticationPublicKeyInfo (the key CA agrees on) and ActiveAuthenticationInfo (AA's hash);
//  DG15 (tag 6F) — the Active Authentication public key as a SubjectPublicKeyInfo (RSA or EC).
// Both arrive from the chip, so anything that does not decode is a typed MalformedKeyFileError, never a crash.
import { createPublicKey, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import { findTag, parseTlv } from '../../../../common/apdu/tlv';
import { AppError, ErrorCode } from '../../../../common/errors';
import { withNamedCurve } from './named-curve';

export const OID = {
  PK_DH: '0.4.0.127.0.7.2.2.1.1',
  PK_ECDH: '0.4.0.127.0.7.2.2.1.2',
  CA_DH_3DES: '0.4.0.127.0.7.2.2.3.1.1',
  CA_ECDH_3DES: '0.4.0.127.0.7.2.2.3.2.1',
  ACTIVE_AUTHENTICATION: '2.23.136.1.1.5',
} as const;

/** CA protocols by OID: key agreement and the secure-messaging cipher that follows (TR-03110 part 3 §A.1.1.2). */
export const CA_PROTOCOLS: Record<string, { agreement: 'DH' | 'ECDH'; cipher: '3DES' | 'AES-128' | 'AES-192' | 'AES-256' }> = {
  [OID.CA_DH_3DES]: { agreement: 'DH', cipher: '3DES' },
  '0.4.0.127.0.7.2.2.3.1.2': { agreement: 'DH', cipher: 'AES-128' },
  '0.4.0.127.0.7.2.2.3.1.3': { agreement: 'DH', cipher: 'AES-192' },
  '0.4.0.127.0.7.2.2.3.1.4': { agreement: 'DH', cipher: 'AES-256' },
  [OID.CA_ECDH_3DES]: { agreement: 'ECDH', cipher: '3DES' },
  '0.4.0.127.0.7.2.2.3.2.2': { agreement: 'ECDH', cipher: 'AES-128' },
  '0.4.0.127.0.7.2.2.3.2.3': { agreement: 'ECDH', cipher: 'AES-192' },
  '0.4.0.127.0.7.2.2.3.2.4': { agreement: 'ECDH', cipher: 'AES-256' },
};

export interface ChipAuthenticationInfo {
  protocol: string;
  version: number;
  keyId: number | null;
}

export interface ChipAuthenticationPublicKey {
  protocol: string;
  /** DER of the SubjectPublicKeyInfo (algorithm with domain parameters, and the chip's public value). */
  spki: Uint8Array;
  keyId: number | null;
}

export interface SecurityInfos {
  chipAuthentication: ChipAuthenticationInfo[];
  chipAuthenticationKeys: ChipAuthenticationPublicKey[];
  /** The signature algorithm OID of ActiveAuthenticationInfo (ECDSA AA's hash), when DG14 has one. */
  activeAuthenticationAlgorithm: string | null;
}

export class MalformedKeyFileError extends AppError {
  constructor(file: 'DG14' | 'DG15', reason: string, cause?: unknown) {
    super(ErrorCode.CardError, `${file} on the chip cannot be decoded: ${reason}`, { cause, details: { file, reason } });
    this.name = 'MalformedKeyFileError';
  }
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

function intOf(block: asn1js.AsnType | undefined): number | null {
  return block instanceof asn1js.Integer ? block.valueBlock.valueDec : null;
}

/** The value of the file's outer tag (6E / 6F); the file must be exactly that one object. */
function unwrap(file: 'DG14' | 'DG15', tag: number, content: Uint8Array): Uint8Array {
  let outer;
  try {
    outer = findTag(parseTlv(content), tag);
  } catch (e) {
    throw new MalformedKeyFileError(file, 'not BER-TLV', e);
  }
  if (!outer) throw new MalformedKeyFileError(file, `no tag ${tag.toString(16).toUpperCase()}`);
  return outer.value;
}

/**
 * DG14's SecurityInfos. asn1js throws plain Errors on some hostile shapes (an OID it cannot print, …): those are
 * the chip's bytes too, so they become MalformedKeyFileError like every other undecodable DG14.
 */
export function parseDg14(content: Uint8Array): SecurityInfos {
  try {
    return parseDg14Unchecked(content);
  } catch (e) {
    throw e instanceof MalformedKeyFileError ? e : new MalformedKeyFileError('DG14', e instanceof Error ? e.message : 'structure not understood', e);
  }
}

function parseDg14Unchecked(content: Uint8Array): SecurityInfos {
  const der = unwrap('DG14', 0x6e, content);
  const asn = asn1js.fromBER(toArrayBuffer(der));
  if (asn.offset === -1 || !(asn.result instanceof asn1js.Set)) throw new MalformedKeyFileError('DG14', 'SecurityInfos is not a SET');
  const out: SecurityInfos = { chipAuthentication: [], chipAuthenticationKeys: [], activeAuthenticationAlgorithm: null };
  for (const info of asn.result.valueBlock.value) {
    if (!(info instanceof asn1js.Sequence)) throw new MalformedKeyFileError('DG14', 'a SecurityInfo is not a SEQUENCE');
    const [protocolBlock, required, optional] = info.valueBlock.value;
    if (!(protocolBlock instanceof asn1js.ObjectIdentifier)) throw new MalformedKeyFileError('DG14', 'a SecurityInfo has no protocol OID');
    const protocol = protocolBlock.valueBlock.toString();
    if (CA_PROTOCOLS[protocol]) {
      const version = intOf(required);
      if (version === null) throw new MalformedKeyFileError('DG14', 'ChipAuthenticationInfo has no version');
      out.chipAuthentication.push({ protocol, version, keyId: intOf(optional) });
    } else if (protocol === OID.PK_DH || protocol === OID.PK_ECDH) {
      if (!(required instanceof asn1js.Sequence)) throw new MalformedKeyFileError('DG14', 'ChipAuthenticationPublicKeyInfo has no key');
      out.chipAuthenticationKeys.push({ protocol, spki: new Uint8Array(required.toBER(false)), keyId: intOf(optional) });
    } else if (protocol === OID.ACTIVE_AUTHENTICATION) {
      // ActiveAuthenticationInfo ::= SEQUENCE { protocol, version INTEGER, signatureAlgorithm OBJECT IDENTIFIER }
      if (!(optional instanceof asn1js.ObjectIdentifier)) throw new MalformedKeyFileError('DG14', 'ActiveAuthenticationInfo has no signature algorithm');
      out.activeAuthenticationAlgorithm = optional.valueBlock.toString();
    }
    // Other SecurityInfos (PACE, terminal authentication…) are someone else's business.
  }
  return out;
}

/** The AA public key of DG15. */
export function parseDg15(content: Uint8Array): KeyObject {
  const spki = unwrap('DG15', 0x6f, content);
  // Explicit EC parameters of a standardized curve are rewritten with its OID; others are left to OpenSSL.
  const named = withNamedCurve(spki);
  try {
    return createPublicKey({ key: Buffer.from(named.ok ? named.spki : spki), format: 'der', type: 'spki' });
  } catch (e) {
    throw new MalformedKeyFileError('DG15', e instanceof Error ? e.message : 'not a public key', e);
  }
}

/** The raw public value of a SubjectPublicKeyInfo (the EC point 04‖x‖y, or the DH integer's DER). */
export function subjectPublicKeyBytes(spki: Uint8Array): Uint8Array {
  let asn;
  try {
    asn = asn1js.fromBER(toArrayBuffer(spki));
  } catch (e) {
    throw new MalformedKeyFileError('DG14', 'the chip’s public key is not DER', e);
  }
  const bits = asn.offset === -1 || !(asn.result instanceof asn1js.Sequence) ? undefined : asn.result.valueBlock.value[1];
  if (!(bits instanceof asn1js.BitString)) throw new MalformedKeyFileError('DG14', 'the chip’s public key has no subjectPublicKey');
  return new Uint8Array(bits.valueBlock.valueHexView);
}
