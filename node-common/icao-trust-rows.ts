// The trust list as reference-data rows (table `icao_trust`): the sync server stores them in central_rows and every
// desk pulls them like any reference table. One row per CSCA certificate, per CRL (keyed by its issuer, so a newer
// CRL of a CSCA replaces the older one) and per imported master list (its signer, dates and count: what
// `masa doctor` and `masa-server trust list` show). Certificates and CRLs travel as base64 DER.
import { createHash, X509Certificate } from 'node:crypto';
import { oneLine, readCrl, type Crl, type MasterList } from './icao-trust';

export const TRUST_TABLE = 'icao_trust';

export interface CscaRow {
  kind: 'csca';
  der: string;
  subject: string;
  notAfter: string;
  /** Key of the master-list row that brought it. */
  list: string;
}

export interface CrlRow {
  kind: 'crl';
  der: string;
  issuer: string;
  thisUpdate: string;
  nextUpdate: string | null;
  revoked: number;
  importedAt: string;
}

export interface MasterListRow {
  kind: 'masterlist';
  signer: string;
  anchor: string;
  signedAt: string | null;
  importedAt: string;
  cscas: number;
}

export type TrustRow = CscaRow | CrlRow | MasterListRow;

function sha(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 32);
}

function isoDate(text: string): string {
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? text : d.toISOString();
}

/** The rows a checked master list adds: its own row, then one per CSCA it carries. */
export function masterListRows(list: MasterList, importedAt: Date): Array<{ key: string; row: TrustRow }> {
  const listKey = `masterlist:${sha(new Uint8Array(list.signer.raw))}`;
  const rows: Array<{ key: string; row: TrustRow }> = [
    {
      key: listKey,
      row: { kind: 'masterlist', signer: oneLine(list.signer.subject), anchor: oneLine(list.anchor.subject), signedAt: list.signedAt, importedAt: importedAt.toISOString(), cscas: list.certificates.length },
    },
  ];
  for (const cert of list.certificates) {
    rows.push({
      key: `csca:${sha(new Uint8Array(cert.raw))}`,
      row: { kind: 'csca', der: Buffer.from(cert.raw).toString('base64'), subject: oneLine(cert.subject), notAfter: isoDate(cert.validTo), list: listKey },
    });
  }
  return rows;
}

/** The row of a checked CRL, keyed by its issuer (one current CRL per CSCA). */
export function crlRow(crl: Crl, importedAt: Date): { key: string; row: CrlRow } {
  return {
    key: `crl:${sha(crl.issuerDer)}`,
    row: { kind: 'crl', der: Buffer.from(crl.der).toString('base64'), issuer: crl.issuer, thisUpdate: crl.thisUpdate, nextUpdate: crl.nextUpdate, revoked: crl.revokedSerials.length, importedAt: importedAt.toISOString() },
  };
}

/** What passive authentication uses, decoded from the rows; rows that do not decode are counted, never trusted. */
export interface TrustMaterial {
  cscas: X509Certificate[];
  crls: Crl[];
  lists: MasterListRow[];
  /** Rows that did not decode (a damaged row: reported by `masa doctor`). */
  unreadable: number;
}

export function emptyTrust(): TrustMaterial {
  return { cscas: [], crls: [], lists: [], unreadable: 0 };
}

export function trustFromRows(rows: ReadonlyArray<Record<string, unknown>>): TrustMaterial {
  const out = emptyTrust();
  for (const row of rows) {
    try {
      if (row.kind === 'csca' && typeof row.der === 'string') out.cscas.push(new X509Certificate(Buffer.from(row.der, 'base64')));
      else if (row.kind === 'crl' && typeof row.der === 'string') out.crls.push(readCrl(new Uint8Array(Buffer.from(row.der, 'base64'))));
      else if (row.kind === 'masterlist') out.lists.push(row as unknown as MasterListRow);
      else out.unreadable++;
    } catch {
      out.unreadable++;
    }
  }
  return out;
}

/** CRLs whose next update has passed at `at`. */
export function expiredCrls(crls: ReadonlyArray<Pick<Crl, 'nextUpdate'>>, at: Date): number {
  return crls.filter((c) => c.nextUpdate !== null && new Date(c.nextUpdate) < at).length;
}
