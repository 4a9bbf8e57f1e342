/**
 * Central records projected from applied ops (issue 9): powers of attorney and Asan İmza certificates. Each write also
 * goes to the pull log for the office that holds the record, so its desks keep a replica: a POA registered at one
 * desk is usable at the office's other desks (also offline, from the replica), and a certificate flagged by a SIM
 * duplicate at another office reaches the office that issued it, where it is re-issued.
 */
import type { Queryable } from '../db/adapter';
import type { SyncOp } from '../../common/sync/protocol';
import type { PayloadOf } from '../../common/operations';
import { principalKey } from '../../common/domain/rules/poa';
import { putRow } from './changes';
import type { Desk } from './offices';

type CertificateStatus = 'active' | 'needs-reissue' | 'replaced' | 'renewed' | 'revoked';

/** A certificate as desks store it (electron/main/db/queries/certificates.ts CertificateRow, camel-cased). */
export interface CentralCertificate {
  id: string;
  subject: string;
  holderName: string;
  type: string;
  msisdn: string;
  iccid: string;
  validFrom: string;
  validTo: string;
  status: CertificateStatus;
  issuedAt: string;
  operationId: string;
  replacesId: string | null;
}

export async function projectPoa(tx: Queryable, desk: Desk, op: SyncOp, p: PayloadOf<'poa.create'>): Promise<void> {
  const row = {
    id: p.poaId,
    principal: p.principal,
    principalKey: principalKey(p.principal),
    trusteeKey: p.trusteeKey,
    trusteeName: p.trusteeName,
    notaryRegistryNumber: p.notaryRegistryNumber,
    notaryDate: p.notaryDate,
    validFrom: p.validFrom,
    validTo: p.validTo,
    scope: p.scope,
    letterSha256: p.letterSha256,
    createdAt: op.createdAt,
  };
  await tx.query(
    `INSERT INTO poas (poa_id, office_id, principal_key, trustee_key, op_id, row) VALUES ($1, $2, $3, $4, $5, $6::jsonb)
     ON CONFLICT (poa_id) DO NOTHING`,
    [p.poaId, desk.officeId, row.principalKey, p.trusteeKey, op.id, JSON.stringify(row)],
  );
  await putRow(tx, { table: 'poas', key: p.poaId, officeId: desk.officeId, row });
}

async function putCertificate(tx: Queryable, officeId: string | null, c: CentralCertificate, opId: string): Promise<void> {
  await tx.query(
    `INSERT INTO certificates (certificate_id, office_id, subject, msisdn, iccid, status, op_id, row) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)
     ON CONFLICT (certificate_id) DO UPDATE SET status = EXCLUDED.status, row = EXCLUDED.row`,
    [c.id, officeId, c.subject, c.msisdn, c.iccid, c.status, opId, JSON.stringify(c)],
  );
  await putRow(tx, { table: 'certificates', key: c.id, officeId, row: { ...c } });
}

type CertificateOp = PayloadOf<'cert.issue'> | PayloadOf<'cert.reissue'> | PayloadOf<'cert.renew'>;

/** A new certificate (issue, re-issue, renewal); the one it replaces is marked so, wherever it was issued. */
export async function projectCertificate(tx: Queryable, desk: Desk, op: SyncOp, p: CertificateOp, replacedAs?: 'replaced' | 'renewed'): Promise<void> {
  await putCertificate(
    tx,
    desk.officeId,
    {
      id: p.certificateId,
      subject: op.subject,
      holderName: p.holderName,
      type: p.certType,
      msisdn: p.msisdn,
      iccid: p.iccid,
      validFrom: p.validFrom,
      validTo: p.validTo,
      status: 'active',
      issuedAt: op.createdAt,
      operationId: op.id,
      replacesId: 'replaces' in p ? p.replaces : null,
    },
    op.id,
  );
  if ('replaces' in p && replacedAs) await setStatus(tx, `certificate_id = $1`, [p.replaces], replacedAs);
}

/** After a SIM duplicate: the number's certificates on other SIMs must be re-issued (DOMAIN.md §6), centrally. */
export async function flagCertificatesForReissue(tx: Queryable, msisdn: string, newIccid: string): Promise<void> {
  await setStatus(tx, `msisdn = $1 AND iccid <> $2 AND status = 'active'`, [msisdn, newIccid], 'needs-reissue');
}

async function setStatus(tx: Queryable, where: string, params: unknown[], status: CertificateStatus): Promise<void> {
  const rows = await tx.query<{ certificate_id: string; office_id: string | null; op_id: string; row: CentralCertificate }>(
    `SELECT certificate_id, office_id, op_id, row FROM certificates WHERE ${where} FOR UPDATE`,
    params,
  );
  for (const r of rows) await putCertificate(tx, r.office_id, { ...r.row, status }, r.op_id);
}

/** An IMEI (and a dual-SIM phone's second one) registered at most once across the organisation. */
export async function imeiConflict(tx: Queryable, p: PayloadOf<'imei.register'>): Promise<{ imei: string; noticeCode: string } | null> {
  const imeis = [p.imei, ...(p.imei2 ? [p.imei2] : [])];
  for (const imei of imeis) await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`imei:${imei}`]);
  const [taken] = await tx.query<{ imei: string; notice_code: string }>('SELECT imei, notice_code FROM imei_registrations WHERE imei = ANY($1::text[]) LIMIT 1', [imeis]);
  return taken ? { imei: taken.imei, noticeCode: taken.notice_code } : null;
}

export async function registerImei(tx: Queryable, desk: Desk, op: SyncOp, p: PayloadOf<'imei.register'>): Promise<void> {
  for (const imei of [p.imei, ...(p.imei2 ? [p.imei2] : [])]) {
    await tx.query('INSERT INTO imei_registrations (imei, op_id, subject, office_id, notice_code) VALUES ($1, $2, $3, $4, $5)', [imei, op.id, op.subject, desk.officeId, p.noticeCode]);
  }
}

export async function komisCodeTaken(tx: Queryable, code: string): Promise<boolean> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`komis:${code}`]);
  return (await tx.query('SELECT 1 FROM komis_registrations WHERE subscriber_code = $1', [code])).length > 0;
}

export async function registerKomis(tx: Queryable, desk: Desk, op: SyncOp, code: string): Promise<void> {
  await tx.query('INSERT INTO komis_registrations (subscriber_code, op_id, subject, office_id) VALUES ($1, $2, $3, $4)', [code, op.id, op.subject, desk.officeId]);
}
