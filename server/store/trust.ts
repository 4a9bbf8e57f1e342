/**
 * The ICAO trust list the server distributes (issue 11, deliver 5): `masa-server trust import-masterlist FILE --anchor
 * CERT` and `trust import-crl FILE`. Each file is checked here (node-common/icao-trust.ts) before anything is
 * stored: a master list whose signer does not chain to the anchor or whose signature fails, or a CRL no trusted
 * CSCA's key verifies, is refused with the reason. What passes becomes rows of the reference table `icao_trust`
 * (node-common/icao-trust-rows.ts), which every desk pulls like any reference data. The table is reserved: `reference
 * set` cannot write it, so nothing reaches desks without these checks.
 */
import { X509Certificate } from 'node:crypto';
import type { Database, Queryable } from '../db/adapter';
import { AppHttpError } from '../http-error';
import { putRow } from './changes';
import { readCertificates, readCrl, readMasterList, TrustListError, verifyCrl } from '../../node-common/icao-trust';
import { crlRow, masterListRows, TRUST_TABLE, type CrlRow, type MasterListRow, type TrustRow } from '../../node-common/icao-trust-rows';

export interface MasterListImport {
  signer: string;
  anchor: string;
  signedAt: string | null;
  cscas: number;
  /** CSCA rows new or changed; the others were already held. */
  added: number;
}

export interface CrlImport {
  issuer: string;
  thisUpdate: string;
  nextUpdate: string | null;
  revoked: number;
}

export interface TrustListing {
  lists: MasterListRow[];
  cscas: Array<{ subject: string; notAfter: string }>;
  crls: Array<Omit<CrlRow, 'der' | 'kind'>>;
}

/** A refused file is the administrator's input: 400 with the checker's sentence. */
function checked<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof TrustListError) throw AppHttpError.badRequest(e.message);
    throw e;
  }
}

async function trustRows(db: Queryable): Promise<Array<{ key: string; row: TrustRow }>> {
  return db.query<{ key: string; row: TrustRow }>(`SELECT key, row FROM central_rows WHERE table_name = $1 AND NOT deleted ORDER BY key`, [TRUST_TABLE]);
}

export async function importMasterList(db: Database, list: Uint8Array, anchor: Uint8Array, now: Date = new Date()): Promise<MasterListImport> {
  const ml = checked(() => readMasterList(list, readCertificates(anchor, 'The trust anchor (--anchor)'), now));
  const rows = masterListRows(ml, now);
  return db.transaction(async (tx) => {
    let added = 0;
    for (const { key, row } of rows) {
      // The list's own row always changes (its import time); a CSCA row only when it is new.
      const version = await putRow(tx, { table: TRUST_TABLE, key, officeId: null, row: row as unknown as Record<string, unknown> }, { skipIfUnchanged: row.kind === 'csca' });
      if (version !== null && row.kind === 'csca') added++;
    }
    const head = rows[0].row as MasterListRow;
    return { signer: head.signer, anchor: head.anchor, signedAt: head.signedAt, cscas: head.cscas, added };
  });
}

export async function importCrl(db: Database, bytes: Uint8Array, now: Date = new Date()): Promise<CrlImport> {
  const crl = checked(() => readCrl(bytes));
  return db.transaction(async (tx) => {
    const held = await trustRows(tx);
    const cscas = held.flatMap(({ row }) => (row.kind === 'csca' ? [new X509Certificate(Buffer.from(row.der, 'base64'))] : []));
    checked(() => verifyCrl(crl, cscas));
    const { key, row } = crlRow(crl, now);
    const current = held.find((h) => h.key === key)?.row as CrlRow | undefined;
    // A replayed older CRL would clear signers revoked since: refused.
    if (current && current.thisUpdate > row.thisUpdate) {
      throw AppHttpError.badRequest(`This CRL of ${crl.issuer} was issued ${row.thisUpdate.slice(0, 10)}, before the one already held (${current.thisUpdate.slice(0, 10)}): it is not imported.`);
    }
    await putRow(tx, { table: TRUST_TABLE, key, officeId: null, row: row as unknown as Record<string, unknown> }, { skipIfUnchanged: true });
    return { issuer: row.issuer, thisUpdate: row.thisUpdate, nextUpdate: row.nextUpdate, revoked: row.revoked };
  });
}

export async function listTrust(db: Database): Promise<TrustListing> {
  const out: TrustListing = { lists: [], cscas: [], crls: [] };
  for (const { row } of await trustRows(db)) {
    if (row.kind === 'masterlist') out.lists.push(row);
    else if (row.kind === 'csca') out.cscas.push({ subject: row.subject, notAfter: row.notAfter });
    else if (row.kind === 'crl') {
      const { der: _der, kind: _kind, ...rest } = row;
      out.crls.push(rest);
    }
  }
  return out;
}
