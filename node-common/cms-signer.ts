// CMS SignedData signatures checked with Node's OpenSSL, for the two ICAO structures signed that way: the chip's
// EF.SOD (passive authentication, on the desk) and the CSCA master list (imported on the server or the desk).
// OpenSSL verifies any named curve, brainpool included, which WebCrypto and so pkijs cannot do; many issuing states
// sign with brainpool curves. Also X.509 CRL signatures, for the same reason.
import { createHash, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import type * as pkijs from 'pkijs';

export const DIGEST_NAMES: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

// Signature algorithm → hash (ECDSA and RSA PKCS#1 v1.5). RSA-PSS carries its hash in parameters: left to pkijs.
const SIGNATURE_HASHES: Record<string, string> = {
  '1.2.840.10045.4.1': 'sha1',
  '1.2.840.10045.4.3.1': 'sha224',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.14': 'sha224',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
};
const OID_RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
const OID_ECDSA_PUBLIC_KEY = '1.2.840.10045.2.1';
const OID_MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
const OID_SIGNING_TIME = '1.2.840.113549.1.9.5';

export function bytesOf(buffer: ArrayBuffer | ArrayBufferView): Uint8Array {
  return buffer instanceof ArrayBuffer ? new Uint8Array(buffer) : new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The hash a signature algorithm OID signs with, or null when OpenSSL cannot be told it simply (RSA-PSS). */
export function signatureHash(signatureOid: string): string | null {
  return SIGNATURE_HASHES[signatureOid] ?? null;
}

/**
 * Verifies SignerInfo `index` with Node's crypto: messageDigest attribute = hash of the content, then the signature
 * over the DER of the signed attributes (or over the content when there are none). null: an algorithm left to pkijs.
 */
export function verifyCmsSignerWithNode(signedData: pkijs.SignedData, eContent: Uint8Array, signerKey: KeyObject, index = 0): boolean | null {
  const signer = signedData.signerInfos[index];
  if (!signer) return false;
  const digestName = DIGEST_NAMES[signer.digestAlgorithm.algorithmId];
  const sigOid = signer.signatureAlgorithm.algorithmId;
  const hash = sigOid === OID_RSA_ENCRYPTION || sigOid === OID_ECDSA_PUBLIC_KEY ? digestName : SIGNATURE_HASHES[sigOid];
  if (!hash || !digestName) return null;
  let signedBytes: Uint8Array = eContent;
  if (signer.signedAttrs) {
    const digestAttr = signer.signedAttrs.attributes.find((a) => a.type === OID_MESSAGE_DIGEST);
    const claimed = digestAttr?.values[0] instanceof asn1js.OctetString ? bytesOf(digestAttr.values[0].valueBlock.valueHexView) : null;
    const actual = new Uint8Array(createHash(digestName).update(eContent).digest());
    if (!claimed || !sameBytes(claimed, actual)) return false;
    // pkijs keeps the attributes' original encoding with the [0] tag already turned into SET (0x31), as signed.
    signedBytes = bytesOf(signer.signedAttrs.encodedValue);
  }
  try {
    return cryptoVerify(hash, signedBytes, signerKey, bytesOf(signer.signature.valueBlock.valueHexView));
  } catch {
    return false;
  }
}

/** The signing-time attribute of SignerInfo `index`, as ISO 8601, or null. */
export function cmsSigningTime(signedData: pkijs.SignedData, index = 0): string | null {
  const attr = signedData.signerInfos[index]?.signedAttrs?.attributes.find((a) => a.type === OID_SIGNING_TIME);
  const v = attr?.values[0];
  if (v instanceof asn1js.UTCTime || v instanceof asn1js.GeneralizedTime) return v.toDate().toISOString();
  return null;
}

/** An X.509 signature (certificate or CRL): `tbs` signed with `algorithmOid`, checked with the issuer's key. */
export function verifyX509Signature(tbs: Uint8Array, algorithmOid: string, signature: Uint8Array, issuerKey: KeyObject): boolean | null {
  const hash = SIGNATURE_HASHES[algorithmOid];
  if (!hash) return null;
  try {
    return cryptoVerify(hash, tbs, issuerKey, signature);
  } catch {
    return false;
  }
}
