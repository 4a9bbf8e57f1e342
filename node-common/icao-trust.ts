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
  /** pkijs view, for the issuer name and the signature. */
  parsed: pkijs.CertificateRevocationList;
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

function parseSignedData(bytes: Uint8Array): { signedData: pkijs.SignedData; eContent: Uint8Array } {
  const der = pemBlocks(bytes, 'CMS')?.[0] ?? pemBlocks(bytes, 'PKCS7')?.[0] ?? bytes;
  const asn = asn1js.fromBER(toArrayBuffer(der));
  if (asn.offset === -1) throw new Error('not DER/BER');
  const contentInfo = new pkijs.ContentInfo({ schema: asn.result });
  if (contentInfo.contentType !== pkijs.ContentInfo.SIGNED_DATA) throw new Error('not CMS SignedData');
  const signedData = new pkijs.SignedData({ schema: contentInfo.content });
  const encap = signedData.encapContentInfo;
  if (encap.eContentType !== OID_CSCA_MASTER_LIST) throw new Error(`its content type is ${encap.eContentType}, not id-icao-cscaMasterList (${OID_CSCA_MASTER_LIST})`);
  if (!(encap.eContent instanceof asn1js.OctetString)) throw new Error('it carries no master list content');
  return { signedData, eContent: bytesOf(encap.eContent.getValue()) };
}

/** CscaMasterList ::= SEQUENCE { version INTEGER, certList SET OF Certificate } → the certificates. */
function masterListCertificates(eContent: Uint8Array): X509Certificate[] {
  const asn = asn1js.fromBER(toArrayBuffer(eContent));
  if (asn.offset === -1 || !(asn.result instanceof asn1js.Sequence)) throw new Error('CscaMasterList is not a SEQUENCE');
  const [version, certList] = asn.result.valueBlock.value;
  if (!(version instanceof asn1js.Integer) || !(certList instanceof asn1js.Set)) throw new Error('CscaMasterList is not { version, certList }');
  const seen = new Set<string>();
  const certs: X509Certificate[] = [];
  for (const item of certList.valueBlock.value) {
    const cert = new X509Certificate(new Uint8Array(item.toBER(false)));
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
  const signer = carried.find((c) => verifyCmsSignerWithNode(signedData, eContent, c.publicKey) === true);
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
  if (!validAt(signer, at)) throw new TrustListError(`The master list signer (${oneLine(signer.subject)}) is valid from ${day(signer.validFrom)} to ${day(signer.validTo)}, not now: the list is refused.`);
  if (!validAt(anchor, at)) throw new TrustListError(`The trust anchor (${oneLine(anchor.subject)}) is valid from ${day(anchor.validFrom)} to ${day(anchor.validTo)}, not now: the list is refused.`);
  return { signer, anchor, certificates, signedAt: cmsSigningTime(signedData) };
}

function timeOf(t: pkijs.Time | undefined): string | null {
  return t ? t.value.toISOString() : null;
}

/** Reads an X.509 CRL (DER or PEM); its signature is checked by verifyCrl. */
export function readCrl(bytes: Uint8Array): Crl {
  const der = pemBlocks(bytes, 'X509 CRL')?.[0] ?? bytes;
  try {
    const parsed = pkijs.CertificateRevocationList.fromBER(toArrayBuffer(der));
    const issuerName = issuerText(parsed);
    return {
      der: new Uint8Array(der),
      issuer: issuerName,
      thisUpdate: timeOf(parsed.thisUpdate)!,
      nextUpdate: timeOf(parsed.nextUpdate),
      revokedSerials: (parsed.revokedCertificates ?? []).map((r) => normalSerial(hex(bytesOf(r.userCertificate.valueBlock.valueHexView)))),
      parsed,
    };
  } catch (e) {
    throw new TrustListError(`The file is not a readable X.509 CRL (PEM or DER): ${(e as Error).message}`, { cause: e, code: ErrorCode.InvalidInput });
  }
}

const NAME_LABELS: Record<string, string> = { '2.5.4.6': 'C', '2.5.4.10': 'O', '2.5.4.11': 'OU', '2.5.4.3': 'CN', '2.5.4.5': 'serialNumber', '2.5.4.7': 'L' };

function issuerText(crl: pkijs.CertificateRevocationList): string {
  return crl.issuer.typesAndValues.map((tv) => `${NAME_LABELS[tv.type] ?? tv.type}=${String(tv.value.valueBlock.value)}`).join(', ');
}

/** The CRL's issuer is this certificate's subject (compared as DER) and its key verifies the CRL. */
export function crlSignedBy(crl: Crl, csca: X509Certificate): boolean {
  let subject: pkijs.RelativeDistinguishedNames;
  try {
    subject = pkijs.Certificate.fromBER(toArrayBuffer(new Uint8Array(csca.raw))).subject;
  } catch {
    return false;
  }
  if (!crl.parsed.issuer.isEqual(subject)) return false;
  return verifyX509Signature(crl.parsed.tbsView, crl.parsed.signatureAlgorithm.algorithmId, bytesOf(crl.parsed.signatureValue.valueBlock.valueHexView), csca.publicKey) === true;
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
  try {
    return crl.parsed.issuer.isEqual(pkijs.Certificate.fromBER(toArrayBuffer(new Uint8Array(cert.raw))).subject);
  } catch {
    return false;
  }
}
