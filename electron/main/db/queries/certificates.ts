import type { ReadableDb, WritableDb } from '../database';
import type { Certificate } from '../../../../common/operations';

export interface CertificateRow {
  id: string;
  subject: string;
  holder_name: string;
  type: 'ferdi' | 'biznes' | 'dovlet';
  msisdn: string;
  iccid: string;
  valid_from: string;
  valid_to: string;
  status: 'active' | 'needs-reissue' | 'replaced' | 'renewed' | 'revoked';
  issued_at: string;
  operation_id: string;
  replaces_id: string | null;
}

/** The stored certificate; days left, the renewal window and the type-change date depend on the day and on reference data, so the caller adds them. */
export type CertificateRecord = Omit<Certificate, 'daysLeft' | 'renewal' | 'typeChangeFrom'>;

export function toCertificate(row: CertificateRow): CertificateRecord {
  return {
    id: row.id,
    subject: row.subject,
    holderName: row.holder_name,
    type: row.type,
    msisdn: row.msisdn,
    iccid: row.iccid,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    status: row.status,
    issuedAt: row.issued_at,
  };
}

export function insertCertificate(tx: WritableDb, c: CertificateRow): void {
  tx.prepare(
    `INSERT INTO certificates (id, subject, holder_name, type, msisdn, iccid, valid_from, valid_to, status, issued_at, operation_id, replaces_id)
     VALUES (@id, @subject, @holder_name, @type, @msisdn, @iccid, @valid_from, @valid_to, @status, @issued_at, @operation_id, @replaces_id)`,
  ).run(c);
}

/** A certificate from the central record (issued at another desk, or its status changed elsewhere): the server decides. */
export function upsertCentralCertificate(tx: WritableDb, c: CertificateRow): void {
  tx.prepare(
    `INSERT INTO certificates (id, subject, holder_name, type, msisdn, iccid, valid_from, valid_to, status, issued_at, operation_id, replaces_id)
     VALUES (@id, @subject, @holder_name, @type, @msisdn, @iccid, @valid_from, @valid_to, @status, @issued_at, @operation_id, @replaces_id)
     ON CONFLICT (id) DO UPDATE SET status = excluded.status, valid_from = excluded.valid_from, valid_to = excluded.valid_to`,
  ).run(c);
}

export function findCertificate(db: ReadableDb, id: string): CertificateRow | null {
  return (db.prepare('SELECT * FROM certificates WHERE id = ?').get(id) as CertificateRow | undefined) ?? null;
}

export function listCertificatesOfSubject(db: ReadableDb, subject: string): CertificateRow[] {
  return db.prepare('SELECT * FROM certificates WHERE subject = ? ORDER BY issued_at DESC').all(subject) as CertificateRow[];
}

export function listCertificatesOfMsisdn(db: ReadableDb, msisdn: string): CertificateRow[] {
  return db.prepare('SELECT * FROM certificates WHERE msisdn = ? ORDER BY issued_at DESC').all(msisdn) as CertificateRow[];
}

export function setCertificateStatus(tx: WritableDb, id: string, status: CertificateRow['status']): void {
  tx.prepare('UPDATE certificates SET status = ? WHERE id = ?').run(status, id);
}

/** The operation that made the certificate (its id is known only once the operation is recorded). */
export function setCertificateOperation(tx: WritableDb, id: string, operationId: string): void {
  tx.prepare('UPDATE certificates SET operation_id = ? WHERE id = ?').run(operationId, id);
}

export function setCertificateValidity(tx: WritableDb, id: string, validFrom: string, validTo: string): void {
  tx.prepare('UPDATE certificates SET valid_from = ?, valid_to = ? WHERE id = ?').run(validFrom, validTo, id);
}

/** After a SIM duplicate the certificates on the number's old SIM are dead: flag the active ones for re-issue. Returns how many. */
export function flagCertificatesForReissue(tx: WritableDb, msisdn: string, newIccid: string): number {
  return tx.prepare("UPDATE certificates SET status = 'needs-reissue' WHERE msisdn = ? AND iccid <> ? AND status = 'active'").run(msisdn, newIccid).changes;
}

/** A voided SIM duplicate: the certificates it flagged (on the old SIM, not re-issued since) stand again. Returns how many. */
export function unflagCertificatesOfSim(tx: WritableDb, msisdn: string, oldIccid: string): number {
  return tx.prepare("UPDATE certificates SET status = 'active' WHERE msisdn = ? AND iccid = ? AND status = 'needs-reissue'").run(msisdn, oldIccid).changes;
}
