/**
 * Central records projected from applied ops (issue 9): powers of attorney and Asan İmza certificates. Each write also
 * goes to the pull log for the office that holds the record, so its desks keep a replica: a POA registered at one
 * desk is usable at the office's other desks (also offline, from the replica), and a certificate flagged by a SIM
 * duplicate at another office reaches the office that issued it, where it is re-issued.
 * They work on a pushed batch's central state (central-state.ts), written in bulk when the batch ends.
 */
import type { SyncOp } from '../../common/sync/protocol';
import type { PayloadOf } from '../../common/operations';
import { principalKey } from '../../common/domain/rules/poa';
import type { CentralState } from './central-state';
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
  /** The company (VÖEN) a Biznes certificate is for; a re-issue or renewal keeps the one it replaces. */
  voen?: string | null;
}

export function projectPoa(s: CentralState, desk: Desk, op: SyncOp, p: PayloadOf<'poa.create'>): void {
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
  s.insertPoa({ poaId: p.poaId, officeId: desk.officeId, principalKey: row.principalKey, trusteeKey: p.trusteeKey, opId: op.id, row });
  s.putRow({ table: 'poas', key: p.poaId, officeId: desk.officeId, row });
}

type CertificateOp = PayloadOf<'cert.issue'> | PayloadOf<'cert.reissue'> | PayloadOf<'cert.renew'>;

/** The certificates a certificate op writes: its own and the one it replaces. */
export function certificateIds(p: CertificateOp): string[] {
  return 'replaces' in p ? [p.certificateId, p.replaces] : [p.certificateId];
}

/** A new certificate (issue, re-issue, renewal); the one it replaces is marked so, wherever it was issued. */
export function projectCertificate(s: CentralState, desk: Desk, op: SyncOp, p: CertificateOp, replacedAs?: 'replaced' | 'renewed'): void {
  const voen = 'replaces' in p ? (s.certificate(p.replaces)?.voen ?? null) : companyOf(p);
  s.putCertificate(
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
      ...(voen ? { voen } : {}),
    },
    op.id,
  );
  if ('replaces' in p && replacedAs) {
    const old = s.certificate(p.replaces);
    if (old) setStatus(s, old, replacedAs);
  }
}

/** The company a certificate is issued for: only a Biznes certificate is a company's. */
export function companyOf(p: PayloadOf<'cert.issue'>): string | null {
  return p.certType === 'biznes' && p.voen ? p.voen.trim() : null;
}

/** After a SIM duplicate: the number's certificates on other SIMs must be re-issued (DOMAIN.md §6), centrally. */
export function flagCertificatesForReissue(s: CentralState, msisdn: string, newIccid: string): void {
  for (const c of s.certificatesOnNumber(msisdn)) if (c.iccid !== newIccid && c.status === 'active') setStatus(s, c, 'needs-reissue');
}

/** A voided SIM duplicate: the certificates it flagged (on the old SIM, still waiting for re-issue) stand again. */
export function unflagCertificatesOf(s: CentralState, msisdn: string, oldIccid: string): void {
  for (const c of s.certificatesOnNumber(msisdn)) if (c.iccid === oldIccid && c.status === 'needs-reissue') setStatus(s, c, 'active');
}

function setStatus(s: CentralState, c: { officeId: string | null; opId: string; row: CentralCertificate }, status: CertificateStatus): void {
  s.putCertificate(c.officeId, { ...c.row, status }, c.opId);
}
