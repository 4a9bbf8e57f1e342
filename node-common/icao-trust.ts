// ICAO trust lists (Doc 9303 part 12): the CSCA master list and the CSCAs' certificate revocation lists, read and
// checked the same way by the sync server (`masa-server trust …`, which distributes them) and by a desk (`masa trust
// …`, a local addition). Nothing is taken on its word:
//   master list — CMS SignedData whose content type is id-icao-cscaMasterList, signed by a master-list signer whose
//                 certificate chains to a trust anchor the administrator names (the issuing state's CSCA); its
//                 signature is checked with that signer's key.
//   CRL         — an X.509 CRL whose issuer is a CSCA already trusted, and whose signature that CSCA's key verifies.
import { X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { AppError, ErrorCode } from '../common/errors';
import { bytesOf, cmsSigningTime, toArrayBuffer, verifyCmsSignerWithNode, verifyX509Signature } from './cms-signer';
import { children, expectTag, nameText, oid, readTlv, time, value, whole } from './der';

export const OID_CSCA_MASTER_LIST = '2.23.136.1.1.2';

/** A trust list (or its anchor) refused: the sentence says what failed and what to do. */
export class TrustListError extends AppError {
  constructor(message: string, opts: { cause?: unknown; code?: string } = {}) {
    super(opts.code ?? ErrorCode.VerificationFailed, message, { cause: opts.cause });
    this.name = 'TrustListError';
  }
}

export interface MasterList {
  /** The master-list signer's certificate (checked: it chains to the anchor and signed the list). */
  signer: X509Certificate;
  /** The anchor the signer chains to. */
  anchor: X509Certificate;
  /** The CSCA certificates the list carries (duplicates removed). */
  certificates: X509Certificate[];
  /** The CMS signing-time attribute, when the signer put one. */
  signedAt: string | null;
}

export interface Crl {
  der: Uint8Array;
  /** Issuer name as Node prints names, one line. */
  issuer: string;
  thisUpdate: string;
  /** null when the CRL names no next update (then it never expires by date). */
  nextUpdate: string | null;
  /** Serial numbers revoked, upper-case hex without leading zeros (as compared with certificates). */
  revokedSerials: string[];
  /** DER of the issuer Name (compared byte for byte with a CSCA's subject), the signed part, and its signature. */
  issuerDer: Uint8Array;
  tbs: Uint8Array;
  signatureOid: string;
  signature: Uint8Array;
}

/** Node prints names one attribute per line; keep them on one line for display. */
export function oneLine(name: string): string {
  return name.split('\n').join(', ');
}

/** Upper-case hex without leading zeros: Node's serialNumber and a CRL's INTEGER compare equal this way. */
export function normalSerial(hex: string): string {
  return hex.toUpperCase().replace(/^0+(?=.)/, '');
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** PEM blocks of `label` in `bytes`, decoded; null when the bytes are not PEM (DER then). */
function pemBlocks(bytes: Uint8Array, label: string): Uint8Array[] | null {
  const text = Buffer.from(bytes).toString('latin1');
  if (!text.includes(`-----BEGIN ${label}-----`)) return null;
  const re = new RegExp(`-----BEGIN ${label}-----([\\s\\S]+?)-----END ${label}-----`, 'g');
  return [...text.matchAll(re)].map((m) => new Uint8Array(Buffer.from(m[1].replace(/\s+/g, ''), 'base64')));
}

/** Certificates from a PEM (one or more) or DER file: the administrator's trust anchor. */
export function readCertificates(bytes: Uint8Array, what: string): X509Certificate[] {
  const blocks = pemBlocks(bytes, 'CERTIFICATE') ?? [bytes];
  try {
    const certs = blocks.map((b) => new X509Certificate(b));
    if (certs.length === 0) throw new Error('no certificate in the file');
    return certs;
  } catch (e) {
    throw new TrustListError(`${what} is not a readable X.509 certificate (PEM or DER): ${(e as Error).message}`, { cause: e, code: ErrorCode.InvalidInput });
  }
}

/** Issuer name (and key identifiers, when present) match, and the issuer's key verifies the signature. */
export function isSignedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

function validAt(cert: X509Certificate, at: Date): boolean {
  return new Date(cert.validFrom) <= at && at <= new Date(cert.validTo);
}

function day(text: string): string {
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? text : d.toISOString().slice(0, 10);
}

// A master list carries hundreds of certificates (ICAO's ~520 in 770 KB): above asn1js's default limits for
// untrusted input (10 000 nodes), so the limits are raised (the file comes from the administrator, its size bounded
// by the admin API) — and the content is not parsed as embedded BER: asn1js then takes 4.5 s on ICAO's list instead
// of 13 ms; the certificates are sliced from the content with der.ts once the signature is known good.
const LIST_LIMITS = { maxNodes: 2_000_000, maxContentLength: 64 * 1024 * 1024, parseEmbedded: false };

function parseSignedData(bytes: Uint8Array): { signedData: pkijs.SignedData; eContent: Uint8Array } {
  const der = pemBlocks(bytes, 'CMS')?.[0] ?? pemBlocks(bytes, 'PKCS7')?.[0] ?? bytes;
  const asn = asn1js.fromBER(toArrayBuffer(der), LIST_LIMITS);
  if (asn.offset === -1) throw new Error('not DER/BER');
  const contentInfo = new pkijs.ContentInfo({ schema: asn.result });
  if (contentInfo.contentType !== pkijs.ContentInfo.SIGNED_DATA) throw new Error('not CMS SignedData');
  const signedData = new pkijs.SignedData({ schema: contentInfo.content });
  const encap = signedData.encapContentInfo;
  if (encap.eContentType !== OID_CSCA_MASTER_LIST) throw new Error(`its content type is ${encap.eContentType}, not id-icao-cscaMasterList (${OID_CSCA_MASTER_LIST})`);
  if (!(encap.eContent instanceof asn1js.OctetString)) throw new Error('it carries no master list content');
  return { signedData, eContent: octets(encap.eContent) };
}

/**
 * The bytes of an OCTET STRING, primitive or constructed: a master list is hundreds of kilobytes, and BER lets the
 * signer (pkijs among them, above 64 KiB) cut it into a constructed string of chunks, each an OCTET STRING.
 */
function octets(value: asn1js.OctetString, depth = 0): Uint8Array {
  if (!value.idBlock.isConstructed) return bytesOf(value.valueBlock.valueHexView);
  if (depth > 4) throw new Error('OCTET STRING nested too deep');
  const parts = value.valueBlock.value.map((child) => {
    if (!(child instanceof asn1js.OctetString)) throw new Error('a constructed OCTET STRING holds something else');
    return octets(child, depth + 1);
  });
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** CscaMasterList ::= SEQUENCE { version INTEGER, certList SET OF Certificate } → the certificates. */
function masterListCertificates(eContent: Uint8Array): X509Certificate[] {
  // Sliced with the DER reader (der.ts): asn1js re-encoding hundreds of certificates takes seconds.
  const top = expectTag(readTlv(eContent, 0), 0x30, 'CscaMasterList');
  const [version, certList] = children(eContent, top);
  expectTag(version, 0x02, 'CscaMasterList version');
  expectTag(certList, 0x31, 'CscaMasterList certList');
  const seen = new Set<string>();
  const certs: X509Certificate[] = [];
  for (const item of children(eContent, certList)) {
    const cert = new X509Certificate(whole(eContent, item));
    if (seen.has(cert.fingerprint256)) continue;
    seen.add(cert.fingerprint256);
    certs.push(cert);
  }
  return certs;
}

/** The chain from the signer up to one of the anchors, through certificates the list carries (at most 3 links). */
function chainsTo(signer: X509Certificate, anchors: X509Certificate[], carried: X509Certificate[]): X509Certificate | null {
  let current = signer;
  for (let depth = 0; depth < 3; depth++) {
    const anchor = anchors.find((a) => a.fingerprint256 === current.fingerprint256 || isSignedBy(current, a));
    if (anchor) return anchor;
    const next = carried.find((c) => c.fingerprint256 !== current.fingerprint256 && isSignedBy(current, c));
    if (!next) return null;
    current = next;
  }
  return null;
}

/**
 * Reads a CSCA master list and checks it: the signature verifies with a certificate the list carries, and that
 * certificate chains to one of `anchors` and is valid at `at`. Throws TrustListError with the reason otherwise.
 */
export function readMasterList(bytes: Uint8Array, anchors: X509Certificate[], at: Date = new Date()): MasterList {
  let signedData: pkijs.SignedData;
  let eContent: Uint8Array;
  let certificates: X509Certificate[];
  try {
    ({ signedData, eContent } = parseSignedData(bytes));
    certificates = masterListCertificates(eContent);
  } catch (e) {
    throw new TrustListError(`The file is not an ICAO CSCA master list: ${(e as Error).message}`, { cause: e, code: ErrorCode.InvalidInput });
  }
  if (signedData.signerInfos.length === 0) throw new TrustListError('The master list is not signed (no SignerInfo): it is refused.');
  const carried = (signedData.certificates ?? [])
    .filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate)
    .flatMap((c) => {
      try {
        return [new X509Certificate(new Uint8Array(c.toSchema().toBER(false)))];
      } catch {
        return [];
      }
    });
  // The signer is the carried certificate whose key verifies the signature (whatever form its SignerIdentifier takes).
  const signer = carried.find((c) => {
    try {
      return verifyCmsSignerWithNode(signedData, eContent, c.publicKey) === true;
    } catch {
      return false; // a key OpenSSL cannot load signed nothing
    }
  });
  if (!signer) {
    throw new TrustListError(
      carried.length === 0
        ? 'The master list carries no signer certificate: it is refused.'
        : 'The master list signature does not verify (the list was altered, or signed with another key): it is refused.',
    );
  }
  const anchor = chainsTo(signer, anchors, carried);
  if (!anchor) {
    throw new TrustListError(
      `The master list signer (${oneLine(signer.subject)}, issued by ${oneLine(signer.issuer)}) does not chain to the trust anchor (${anchors.map((a) => oneLine(a.subject)).join('; ')}): it is refused. Check that --anchor names the CSCA of the state that signed the list.`,
    );
  }
  if (!validAt(signer, at)) {
    throw new TrustListError(`The master list signer (${oneLine(signer.subject)}) is valid from ${day(signer.validFrom)} to ${day(signer.validTo)}, not now: the list is refused. Download the current list from its publisher.`);
  }
  if (!validAt(anchor, at)) throw new TrustListError(`The trust anchor (${oneLine(anchor.subject)}) is valid from ${day(anchor.validFrom)} to ${day(anchor.validTo)}, not now: the list is refused.`);
  return { signer, anchor, certificates, signedAt: cmsSigningTime(signedData) };
}

const isTime = (t: { tag: number } | undefined) => t !== undefined && (t.tag === 0x17 || t.tag === 0x18);

/**
 * Reads an X.509 CRL (DER or PEM; RFC 5280 §5.1) with the DER reader: CertificateList { tbsCertList { version?,
 * signature, issuer, thisUpdate, nextUpdate?, revokedCertificates?, [0] extensions? }, signatureAlgorithm,
 * signatureValue }. Its signature is checked by verifyCrl / crlsSignedBy.
 */
export function readCrl(bytes: Uint8Array): Crl {
  const der = new Uint8Array(pemBlocks(bytes, 'X509 CRL')?.[0] ?? bytes);
  try {
    const top = expectTag(readTlv(der, 0), 0x30, 'CertificateList');
    if (top.end !== der.length) throw new Error('bytes after the CRL');
    const [tbs, sigAlg, sigValue] = children(der, top);
    const fields = children(der, expectTag(tbs, 0x30, 'tbsCertList'));
    let i = fields[0]?.tag === 0x02 ? 1 : 0; // version
    i++; // signature algorithm (repeated outside the signed part)
    const issuer = expectTag(fields[i++], 0x30, 'issuer');
    const thisUpdate = fields[i++];
    if (!isTime(thisUpdate)) throw new Error('thisUpdate is missing');
    const nextUpdate = isTime(fields[i]) ? fields[i++] : null;
    const revoked = fields[i]?.tag === 0x30 ? children(der, fields[i++]) : [];
    const bits = value(der, expectTag(sigValue, 0x03, 'signatureValue'));
    return {
      der,
      issuer: nameText(der, issuer),
      thisUpdate: time(der, thisUpdate).toISOString(),
      nextUpdate: nextUpdate ? time(der, nextUpdate).toISOString() : null,
      revokedSerials: revoked.map((entry) => normalSerial(hex(value(der, expectTag(children(der, entry)[0], 0x02, 'userCertificate'))))),
      issuerDer: whole(der, issuer),
      tbs: whole(der, tbs),
      signatureOid: oid(der, children(der, expectTag(sigAlg, 0x30, 'signatureAlgorithm'))[0]),
      signature: bits.subarray(1),
    };
  } catch (e) {
    throw new TrustListError(`The file is not a readable X.509 CRL (PEM or DER): ${(e as Error).message}`, { cause: e, code: ErrorCode.InvalidInput });
  }
}

/** A certificate's subject Name, DER (Certificate → tbsCertificate → [0] version?, serial, signature, issuer, validity, subject). */
function subjectDer(cert: X509Certificate): Uint8Array | null {
  try {
    const raw = new Uint8Array(cert.raw);
    const tbs = children(raw, readTlv(raw, 0))[0];
    const fields = children(raw, tbs);
    const offset = fields[0]?.tag === 0xa0 ? 1 : 0;
    return whole(raw, expectTag(fields[offset + 4], 0x30, 'subject'));
  } catch {
    return null;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function verifiesCrl(crl: Crl, csca: X509Certificate): boolean {
  return verifyX509Signature(crl.tbs, crl.signatureOid, crl.signature, csca.publicKey) === true;
}

/** The CRL's issuer is this certificate's subject (compared as DER) and its key verifies the CRL. */
export function crlSignedBy(crl: Crl, csca: X509Certificate): boolean {
  return crlsSignedBy([crl], csca).length === 1;
}

/** The CRLs among `crls` that `csca` issued and signed (its name read once: a trust list holds many CRLs). */
export function crlsSignedBy(crls: readonly Crl[], csca: X509Certificate): Crl[] {
  const subject = subjectDer(csca);
  if (!subject) return [];
  return crls.filter((crl) => sameBytes(crl.issuerDer, subject) && verifiesCrl(crl, csca));
}

/** The CSCA among `cscas` that issued and signed the CRL; TrustListError when none does. */
export function verifyCrl(crl: Crl, cscas: X509Certificate[]): X509Certificate {
  const issuer = cscas.find((c) => crlSignedBy(crl, c));
  if (issuer) return issuer;
  const named = cscas.some((c) => oneLine(c.subject) === crl.issuer || crlNamesSubject(crl, c));
  throw new TrustListError(
    named
      ? `The CRL of ${crl.issuer} does not verify with that CSCA's key (altered, or signed by another key): it is refused.`
      : `The CRL's issuer (${crl.issuer}) is not a CSCA in the trust list: import the master list that holds it first.`,
  );
}

function crlNamesSubject(crl: Crl, cert: X509Certificate): boolean {
  const subject = subjectDer(cert);
  return subject !== null && sameBytes(crl.issuerDer, subject);
}
