// Passive authentication (ICAO Doc 9303 part 11 §5.1): proves the data groups were written by the issuing
// state. Three independent verdicts, so the clerk sees exactly what failed:
//   hashes    — each data group read from the chip hashes to the value in the LDSSecurityObject;
//   signature — the SOD's CMS SignedData signature verifies with the embedded document-signer certificate;
//   csca      — that DS certificate is signed by a country signing CA in the configured trust list.
import { createHash, verify as cryptoVerify, webcrypto, X509Certificate, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { findTag, parseTlv } from '../../../../common/apdu/tlv';
import { bytesEqual } from '../../../../common/bytes';
import { AppError, ErrorCode } from '../../../../common/errors';

const engine = new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as unknown as ConstructorParameters<typeof pkijs.CryptoEngine>[0]['crypto'] });

const OID_LDS_SECURITY_OBJECT = '2.23.136.1.1.1';
const HASHES: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

// Signature algorithm → hash, for the algorithms Node's OpenSSL verifies directly (any named curve, brainpool
// included, which WebCrypto and so pkijs cannot do; many issuing states sign with brainpool curves).
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

/**
 * Verifies the first SignerInfo with Node's crypto: messageDigest attribute = hash of the LDSSecurityObject, then
 * the signature over the DER of the signed attributes. Returns null for algorithms left to pkijs (RSA-PSS).
 */
export function verifySignerWithNode(so: SecurityObject, signerKey: KeyObject): boolean | null {
  const signer = so.signedData.signerInfos[0];
  if (!signer) return false;
  const digestName = HASHES[signer.digestAlgorithm.algorithmId];
  const sigOid = signer.signatureAlgorithm.algorithmId;
  const hash = sigOid === OID_RSA_ENCRYPTION || sigOid === OID_ECDSA_PUBLIC_KEY ? digestName : SIGNATURE_HASHES[sigOid];
  if (!hash || !digestName) return null;
  let signedBytes: Uint8Array = so.eContent;
  if (signer.signedAttrs) {
    const digestAttr = signer.signedAttrs.attributes.find((a) => a.type === OID_MESSAGE_DIGEST);
    const claimed = digestAttr?.values[0] instanceof asn1js.OctetString ? bytesOf(digestAttr.values[0].valueBlock.valueHexView) : null;
    const actual = new Uint8Array(createHash(digestName).update(so.eContent).digest());
    if (!claimed || !bytesEqual(claimed, actual)) return false;
    // pkijs keeps the attributes' original encoding with the [0] tag already turned into SET (0x31), as signed.
    signedBytes = bytesOf(signer.signedAttrs.encodedValue);
  }
  try {
    return cryptoVerify(hash, signedBytes, signerKey, bytesOf(signer.signature.valueBlock.valueHexView));
  } catch {
    return false;
  }
}

export type HashVerdict = 'ok' | 'mismatch';
export type SignatureVerdict = 'ok' | 'invalid';
export type CscaVerdict = 'trusted' | 'untrusted' | 'not-checked';

export interface PassiveAuthResult {
  hashes: HashVerdict;
  signature: SignatureVerdict;
  csca: CscaVerdict;
  /** Data groups whose hash differs from the SOD, or that the SOD does not list. */
  mismatchedDataGroups: number[];
  hashAlgorithm: string;
  documentSigner: { subject: string; issuer: string; serialNumber: string; notBefore: string; notAfter: string } | null;
  /** Subject of the CSCA that certifies the DS, when one does. */
  cscaSubject: string | null;
  /** Human-readable notes on anything that failed (English, for logs and the CLI). */
  problems: string[];
}

export interface SecurityObject {
  signedData: pkijs.SignedData;
  /** DER of the LDSSecurityObject (the signed content). */
  eContent: Uint8Array;
  hashAlgorithm: string;
  dataGroupHashes: Map<number, Uint8Array>;
}

function bytesOf(buffer: ArrayBuffer | ArrayBufferView): Uint8Array {
  return buffer instanceof ArrayBuffer ? new Uint8Array(buffer) : new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** Node prints names one attribute per line; keep them on one line for display. */
function oneLine(name: string): string {
  return name.split('\n').join(', ');
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

function invalidSod(reason: string, cause?: unknown): AppError {
  return new AppError(ErrorCode.CardError, `EF.SOD on the chip is not a valid security object: ${reason}`, { cause });
}

/** Parses EF.SOD (tag 77 → ContentInfo → SignedData → LDSSecurityObject) with pkijs/asn1js schemas. */
export function parseSod(sod: Uint8Array): SecurityObject {
  const wrapper = findTag(parseTlv(sod), 0x77);
  const der = wrapper ? wrapper.value : sod;
  const asn = asn1js.fromBER(toArrayBuffer(der));
  if (asn.offset === -1) throw invalidSod('not DER');
  let signedData: pkijs.SignedData;
  try {
    const contentInfo = new pkijs.ContentInfo({ schema: asn.result });
    if (contentInfo.contentType !== pkijs.ContentInfo.SIGNED_DATA) throw invalidSod('not CMS SignedData');
    signedData = new pkijs.SignedData({ schema: contentInfo.content });
  } catch (e) {
    throw e instanceof AppError ? e : invalidSod('CMS structure', e);
  }
  const encap = signedData.encapContentInfo;
  if (encap.eContentType !== OID_LDS_SECURITY_OBJECT || !encap.eContent) throw invalidSod('no LDSSecurityObject');
  const content = bytesOf(encap.eContent.getValue());
  const soAsn = asn1js.fromBER(toArrayBuffer(content));
  const schema = new asn1js.Sequence({
    value: [
      new asn1js.Integer({ name: 'version' }),
      pkijs.AlgorithmIdentifier.schema({ names: { blockName: 'hashAlgorithm' } }),
      new asn1js.Sequence({
        name: 'hashes',
        value: [
          new asn1js.Repeated({
            name: 'dataGroupHash',
            value: new asn1js.Sequence({ value: [new asn1js.Integer(), new asn1js.OctetString()] }),
          }),
        ],
      }),
    ],
  });
  const verified = asn1js.compareSchema(soAsn.result, soAsn.result, schema);
  if (soAsn.offset === -1 || !verified.verified) throw invalidSod('LDSSecurityObject does not match its schema');
  const algorithm = new pkijs.AlgorithmIdentifier({ schema: verified.result.hashAlgorithm });
  const hashAlgorithm = HASHES[algorithm.algorithmId];
  if (!hashAlgorithm) throw invalidSod(`unknown hash algorithm ${algorithm.algorithmId}`);
  const dataGroupHashes = new Map<number, Uint8Array>();
  for (const entry of verified.result.dataGroupHash as asn1js.Sequence[]) {
    const [number, value] = entry.valueBlock.value as [asn1js.Integer, asn1js.OctetString];
    dataGroupHashes.set(number.valueBlock.valueDec, bytesOf(value.valueBlock.valueHexView));
  }
  return { signedData, eContent: content, hashAlgorithm, dataGroupHashes };
}

/** Certificates from a CSCA trust list directory entry (PEM with one or more certificates, or DER). */
export function parseCertificates(content: Uint8Array): X509Certificate[] {
  const text = new TextDecoder().decode(content);
  if (text.includes('-----BEGIN CERTIFICATE-----')) {
    return [...text.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)].map((m) => new X509Certificate(m[0]));
  }
  return [new X509Certificate(content)];
}

/** Issuer name (and key identifiers, when present) match, and the issuer's key verifies the signature. */
function isSignedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

export interface PassiveAuthInput {
  sod: Uint8Array;
  /** Full file contents (tag included) of the data groups read, by number. */
  dataGroups: ReadonlyMap<number, Uint8Array>;
  /** Trusted CSCA certificates; null when no trust list is configured. */
  cscaCertificates: X509Certificate[] | null;
  /** Date the certificates must be valid at (default now). */
  at?: Date;
}

export async function verifyPassive(input: PassiveAuthInput): Promise<PassiveAuthResult> {
  const problems: string[] = [];
  const so = parseSod(input.sod);

  const mismatchedDataGroups: number[] = [];
  for (const [n, content] of input.dataGroups) {
    const expected = so.dataGroupHashes.get(n);
    const actual = new Uint8Array(createHash(so.hashAlgorithm).update(content).digest());
    if (!expected || !bytesEqual(expected, actual)) mismatchedDataGroups.push(n);
  }
  if (mismatchedDataGroups.length > 0) problems.push(`Data group hash mismatch: DG${mismatchedDataGroups.join(', DG')}`);

  let signature: SignatureVerdict = 'invalid';
  const dsPkijs = (so.signedData.certificates ?? []).find((c): c is pkijs.Certificate => c instanceof pkijs.Certificate) ?? null;
  let ds: X509Certificate | null = null;
  if (!dsPkijs) {
    problems.push('EF.SOD carries no document signer certificate');
  } else {
    ds = new X509Certificate(new Uint8Array(dsPkijs.toSchema().toBER(false)));
    const byNode = verifySignerWithNode(so, ds.publicKey);
    if (byNode !== null) signature = byNode ? 'ok' : 'invalid';
    else {
      try {
        const ok = await so.signedData.verify({ signer: 0, checkChain: false, extendedMode: true }, engine);
        signature = ok.signatureVerified ? 'ok' : 'invalid';
      } catch (e) {
        signature = 'invalid';
        problems.push(`SOD signature does not verify: ${(e as Error).message}`);
      }
    }
    if (signature === 'invalid' && !problems.some((p) => p.startsWith('SOD signature'))) problems.push('SOD signature does not verify');
  }

  let csca: CscaVerdict = 'not-checked';
  let cscaSubject: string | null = null;
  if (input.cscaCertificates !== null) {
    csca = 'untrusted';
    if (ds) {
      const at = input.at ?? new Date();
      for (const candidate of input.cscaCertificates) {
        if (isSignedBy(ds, candidate)) {
          cscaSubject = oneLine(candidate.subject);
          if (new Date(candidate.validTo) < at) problems.push(`CSCA ${oneLine(candidate.subject)} expired on ${new Date(candidate.validTo).toISOString().slice(0, 10)}`);
          else csca = 'trusted';
          break;
        }
      }
      if (!cscaSubject) problems.push(`No trusted CSCA signed the document signer (issuer ${oneLine(ds.issuer)})`);
    }
  }

  return {
    hashes: mismatchedDataGroups.length === 0 ? 'ok' : 'mismatch',
    signature,
    csca,
    mismatchedDataGroups,
    hashAlgorithm: so.hashAlgorithm,
    documentSigner: ds
      ? {
          subject: oneLine(ds.subject),
          issuer: oneLine(ds.issuer),
          serialNumber: ds.serialNumber,
          notBefore: new Date(ds.validFrom).toISOString(),
          notAfter: new Date(ds.validTo).toISOString(),
        }
      : null,
    cscaSubject,
    problems,
  };
}
