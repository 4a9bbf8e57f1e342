// Passive authentication (ICAO Doc 9303 part 11 §5.1): proves the data groups were written by the issuing
// state. Three independent verdicts, so the clerk sees exactly what failed:
//   hashes    — each data group read from the chip hashes to the value in the LDSSecurityObject;
//   signature — the SOD's CMS SignedData signature verifies with the embedded document-signer certificate;
//   csca      — that DS certificate is signed by a country signing CA in the configured trust list.
import { createHash, webcrypto, X509Certificate, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { findTag, parseTlv } from '../../../../common/apdu/tlv';
import { bytesEqual } from '../../../../common/bytes';
import { AppError, ErrorCode } from '../../../../common/errors';
import { verifyCmsSignerWithNode } from '../../../../node-common/cms-signer';
import { checkRevocation, type CrlVerdict } from './revocation';
import type { Crl } from '../../../../node-common/icao-trust';

const engine = new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as unknown as ConstructorParameters<typeof pkijs.CryptoEngine>[0]['crypto'] });

const OID_LDS_SECURITY_OBJECT = '2.23.136.1.1.1';
const HASHES: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

/**
 * Verifies the first SignerInfo with Node's crypto (node-common/cms-signer.ts, shared with the master-list import).
 * Returns null for algorithms left to pkijs (RSA-PSS).
 */
export function verifySignerWithNode(so: SecurityObject, signerKey: KeyObject): boolean | null {
  return verifyCmsSignerWithNode(so.signedData, so.eContent, signerKey);
}

export type HashVerdict = 'ok' | 'mismatch';
export type SignatureVerdict = 'ok' | 'invalid';
export type CscaVerdict = 'trusted' | 'untrusted' | 'revoked' | 'not-checked';

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
  /** The CSCA's revocation list: current, expired (nextUpdate past: a warning), none held; absent when no CSCA was found. */
  crl?: CrlVerdict;
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

/**
 * EF.SOD bytes that do not decode as a security object. The chip's data cannot be vouched for, so passive
 * authentication reports it as failed (verifyPassive) rather than letting a parser's own error escape.
 */
export class MalformedSecurityObjectError extends AppError {
  constructor(reason: string, cause?: unknown) {
    super(ErrorCode.CardError, `EF.SOD on the chip is not a valid security object: ${reason}`, { cause, details: { reason } });
    this.name = 'MalformedSecurityObjectError';
  }
}

/** A certificate (the SOD's document signer, or a CSCA file) that OpenSSL cannot decode. */
export class MalformedCertificateError extends AppError {
  constructor(what: string, cause?: unknown) {
    super(ErrorCode.CardError, `${what} is not a readable X.509 certificate: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'MalformedCertificateError';
  }
}

function invalidSod(reason: string, cause?: unknown): MalformedSecurityObjectError {
  return new MalformedSecurityObjectError(reason, cause);
}

/**
 * Parses EF.SOD (tag 77 → ContentInfo → SignedData → LDSSecurityObject) with pkijs/asn1js schemas. Throws only
 * MalformedSecurityObjectError: asn1js and pkijs throw plain Errors and TypeErrors on hostile shapes (and a
 * deeply nested BER object could exhaust the stack), none of which may reach the caller untyped.
 */
export function parseSod(sod: Uint8Array): SecurityObject {
  try {
    return parseSodUnchecked(sod);
  } catch (e) {
    throw e instanceof MalformedSecurityObjectError ? e : invalidSod(e instanceof AppError ? e.message : 'structure not understood', e);
  }
}

function parseSodUnchecked(sod: Uint8Array): SecurityObject {
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
  // eContent may decode as another type than OCTET STRING (no getValue) when its tag byte is damaged.
  if (encap.eContentType !== OID_LDS_SECURITY_OBJECT || !(encap.eContent instanceof asn1js.OctetString)) throw invalidSod('no LDSSecurityObject');
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
    return [...text.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)].map((m) => decodeCertificate(m[0], 'The CSCA file'));
  }
  return [decodeCertificate(content, 'The CSCA file')];
}

/** Node's X509Certificate, with OpenSSL's decode errors typed. */
function decodeCertificate(bytes: Uint8Array | string, what: string): X509Certificate {
  try {
    return new X509Certificate(bytes);
  } catch (e) {
    throw new MalformedCertificateError(what, e);
  }
}

/** A certificate date as ISO 8601; Node gives the text as OpenSSL printed it, which need not be a date Date accepts. */
function certificateDate(text: string): string {
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? text : date.toISOString();
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
  /** CSCAs' revocation lists (each used only if its CSCA's key verifies it). */
  crls?: readonly Crl[];
  /** Date the certificates must be valid at (default now). */
  at?: Date;
}

/**
 * The verdict on a chip, never a parser's crash: a SOD that does not decode, a document signer certificate
 * OpenSSL cannot read or any other failure on the chip's bytes is a failed passive authentication with the
 * reason in `problems`. Only typed errors (AppError) are thrown, and only for faults outside the chip's data.
 */
export async function verifyPassive(input: PassiveAuthInput): Promise<PassiveAuthResult> {
  let so: SecurityObject;
  try {
    so = parseSod(input.sod);
  } catch (e) {
    if (e instanceof MalformedSecurityObjectError) return failedVerdict(input, e.message);
    throw e;
  }
  try {
    return await verifyParsed(so, input);
  } catch (e) {
    if (e instanceof AppError) throw e;
    // A pkijs/OpenSSL path the checks below did not foresee: still the chip's bytes, still a failed check.
    return failedVerdict(input, `Passive authentication could not complete: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Nothing could be checked: every data group read counts as unverified. */
function failedVerdict(input: PassiveAuthInput, problem: string): PassiveAuthResult {
  return {
    hashes: 'mismatch',
    signature: 'invalid',
    csca: input.cscaCertificates === null ? 'not-checked' : 'untrusted',
    mismatchedDataGroups: [...input.dataGroups.keys()],
    hashAlgorithm: 'unknown',
    documentSigner: null,
    cscaSubject: null,
    problems: [problem],
  };
}

/** The embedded DS certificate as OpenSSL reads it; pkijs accepts encodings OpenSSL refuses. */
function documentSignerOf(cert: pkijs.Certificate): X509Certificate {
  let der: Uint8Array;
  try {
    der = new Uint8Array(cert.toSchema().toBER(false));
  } catch (e) {
    throw new MalformedCertificateError('The document signer certificate', e);
  }
  return decodeCertificate(der, 'The document signer certificate');
}

async function verifySignature(so: SecurityObject, ds: X509Certificate, problems: string[]): Promise<SignatureVerdict> {
  let byNode: boolean | null;
  try {
    byNode = verifySignerWithNode(so, ds.publicKey);
  } catch {
    byNode = null; // a key type OpenSSL cannot load: pkijs may still know it
  }
  if (byNode !== null) return byNode ? 'ok' : 'invalid';
  try {
    const ok = await so.signedData.verify({ signer: 0, checkChain: false, extendedMode: true }, engine);
    return ok.signatureVerified ? 'ok' : 'invalid';
  } catch (e) {
    problems.push(`SOD signature does not verify: ${e instanceof Error ? e.message : String(e)}`);
    return 'invalid';
  }
}

async function verifyParsed(so: SecurityObject, input: PassiveAuthInput): Promise<PassiveAuthResult> {
  const problems: string[] = [];
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
    try {
      ds = documentSignerOf(dsPkijs);
    } catch (e) {
      if (!(e instanceof MalformedCertificateError)) throw e;
      problems.push(e.message);
    }
    if (ds) signature = await verifySignature(so, ds, problems);
    if (signature === 'invalid' && !problems.some((p) => p.startsWith('SOD signature'))) problems.push('SOD signature does not verify');
  }

  let csca: CscaVerdict = 'not-checked';
  let cscaSubject: string | null = null;
  let crl: CrlVerdict | undefined;
  if (input.cscaCertificates !== null) {
    csca = 'untrusted';
    if (ds) {
      const at = input.at ?? new Date();
      for (const candidate of input.cscaCertificates) {
        if (isSignedBy(ds, candidate)) {
          cscaSubject = oneLine(candidate.subject);
          const notAfter = new Date(candidate.validTo);
          // An unreadable end date is no validity at all.
          if (!(notAfter >= at)) problems.push(`CSCA ${oneLine(candidate.subject)} expired on ${certificateDate(candidate.validTo).slice(0, 10)}`);
          else csca = 'trusted';
          const revocation = checkRevocation(ds, candidate, input.crls ?? [], at);
          crl = revocation.crl;
          problems.push(...revocation.problems);
          if (revocation.revoked) csca = 'revoked';
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
          notBefore: certificateDate(ds.validFrom),
          notAfter: certificateDate(ds.validTo),
        }
      : null,
    cscaSubject,
    ...(crl ? { crl } : {}),
    problems,
  };
}
