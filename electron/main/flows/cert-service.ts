// Asan İmza certificates at ASXM (issue, re-issue after a duplicate, renewal, status) and the operator's service
// (activation, extension, wrong-type correction). Documents, windows, validity and tariffs come from reference data.
import { AppError, ErrorCode } from '../../../common/errors';
import { uuidv7 } from '../../../common/ids';
import { daysBetween } from '../../../common/domain/dates';
import { validateVoen } from '../../../common/domain/identifiers';
import { Parameter, type CertHolder, type CertType, type DocumentCode } from '../../../common/domain/reference';
import {
  certificateValidTo,
  checkDocuments,
  checkHolderForType,
  checkRenewal,
  checkTypeChange,
  renewalState,
  typeChangeFrom,
  addDays,
} from '../../../common/domain/rules/certificates';
import { serviceFee } from '../../../common/domain/rules/fees';
import { FlowApproval, type Certificate, type Operation } from '../../../common/ipc/channels/flows';
import {
  findCertificate, insertCertificate, listCertificatesOfMsisdn, listCertificatesOfSubject, setCertificateOperation, setCertificateStatus, setCertificateValidity, toCertificate,
  type CertificateRow,
} from '../db/queries/certificates';
import { withTx, type ReadableDb, type WritableDb } from '../db/database';
import { bindSim, findActiveSimOfMsisdn, findSim } from '../db/queries/sim';
import { findService, upsertService, type ServiceRow } from '../db/queries/service';
import { findVisit, toVisit } from '../db/queries/visits';
import type { FlowContext, OperationFrame } from './context';
import { throwIf } from './context';
import type { ReferenceService } from './reference-service';
import type { ResolvedSim, SimService, SimSource } from './sim-service';
import { decodeScan } from './scan';
import { activationFeeInVisit, certificateFeeInVisit } from './one-off-fees';
import { localIsoDate } from '../../../common/domain/dates';
import { personKey } from '../../../common/domain/rules/identity';

export interface CertDocumentsInput {
  voen?: string;
  companyLetter?: { confirmedSignedSealed: boolean; scan?: { mime: string; base64: string } };
  employerForm?: { organisation: string; confirmedSignedStamped: boolean };
}

export class CertificateService {
  constructor(
    private readonly ctx: FlowContext,
    private readonly reference: ReferenceService,
    private readonly sims: SimService,
  ) {}

  toView(row: CertificateRow, today: string): Certificate {
    const windowDays = this.reference.parameter(Parameter.RenewalOnlineDaysBefore, today);
    const period = this.reference.parameter(Parameter.TypeChangeAfterYears, today);
    return {
      ...toCertificate(row),
      daysLeft: daysBetween(today, row.valid_to),
      renewal: row.status === 'active' ? renewalState(row.valid_to, today, windowDays) : 'not-applicable',
      typeChangeFrom: typeChangeFrom(row.valid_from, period),
    };
  }

  /** The SIM must be the one bound to the number (if the desk knows a binding) and never a retired one. */
  private checkSimForNumber(db: ReadableDb, sim: ResolvedSim, msisdn: string, subject: string): void {
    const known = findSim(db, sim.iccid);
    if (known?.status === 'retired') throw new AppError(ErrorCode.IccidRetired, 'This SIM was retired by a duplicate; use the new SIM.', { fields: { sim: 'ICCID_RETIRED' } });
    if (known && known.msisdn !== msisdn) throw new AppError(ErrorCode.IccidInUse, 'This SIM is bound to another number.', { fields: { sim: 'ICCID_IN_USE' } });
    const current = findActiveSimOfMsisdn(db, msisdn);
    if (current && current.iccid !== sim.iccid) throw new AppError(ErrorCode.SimNotCurrent, 'The number is bound to another SIM: put the current SIM in the reader.', { fields: { sim: 'SIM_NOT_CURRENT' } });
    if (current && current.subject !== subject) throw new AppError(ErrorCode.SubscriberMismatch, 'The number belongs to another subscriber.');
  }

  private presentedDocuments(f: OperationFrame, docs: CertDocumentsInput): { presented: Set<DocumentCode>; record: Record<string, unknown> } {
    const presented = new Set<DocumentCode>();
    const record: Record<string, unknown> = {};
    if (f.poa) {
      presented.add('power-of-attorney');
      if (f.identity.kind === 'citizen') presented.add('trustee-id-card');
      if (f.poa.letter?.confirmedSignedSealed && f.poa.letter.sha256) {
        presented.add('company-letter');
        record.companyLetterSha256 = f.poa.letter.sha256;
      }
      const principal = f.poa.principal;
      if (principal.kind === 'legal-entity' && principal.voen) docs = { ...docs, voen: docs.voen ?? principal.voen };
    } else if (f.identity.kind === 'citizen') presented.add('id-card');
    else {
      presented.add('residence-permit');
      presented.add('foreign-passport');
    }
    if (docs.voen) {
      const c = validateVoen(docs.voen);
      if (c) throw new AppError(ErrorCode.InvalidInput, 'The VÖEN is not valid.', { fields: { 'documents.voen': c } });
      presented.add('voen');
      record.voen = docs.voen;
    }
    if (docs.companyLetter) {
      const scan = docs.companyLetter.scan ? decodeScan(docs.companyLetter.scan, 'documents.companyLetter.scan') : null;
      if (!docs.companyLetter.confirmedSignedSealed) {
        throw new AppError(ErrorCode.DocumentsMissing, 'Confirm that the company letter is signed and sealed.', { fields: { 'documents.companyLetter': 'LETTER_NOT_CONFIRMED' } });
      }
      presented.add('company-letter');
      record.companyLetter = { confirmedSignedSealed: true, scanBytes: scan?.bytes.length ?? 0 };
    }
    if (docs.employerForm) {
      if (!docs.employerForm.confirmedSignedStamped) {
        throw new AppError(ErrorCode.DocumentsMissing, 'Confirm that the employer’s form is signed and stamped by the director.', { fields: { 'documents.employerForm': 'FORM_NOT_CONFIRMED' } });
      }
      presented.add('employer-form');
      record.employerForm = { organisation: docs.employerForm.organisation };
    }
    return { presented, record };
  }

  issue(input: { visitId: string; actingFor?: { poaId: string }; offlineApprovalId?: string; certType: CertType; holder: CertHolder; msisdn: string; sim: SimSource; documents: CertDocumentsInput; approvalId?: string }): {
    operation: Operation;
    certificate: Certificate;
  } {
    const f = this.ctx.frame(input, 'cert.issue');
    const msisdn = this.sims.msisdn(input.msisdn);
    let holder = input.holder;
    if (holder === 'self' && f.identity.kind === 'foreigner' && !f.poa) holder = 'foreigner';
    throwIf(checkHolderForType(input.certType, holder, f.poa !== null));
    const required = this.reference.requiredDocuments(input.certType, holder, f.today);
    if (!required) throw new AppError(ErrorCode.RuleViolation, `A ${input.certType} certificate cannot be issued to this applicant (${holder}).`, { fields: { holder: 'HOLDER_TYPE_MISMATCH' } });
    const { presented, record } = this.presentedDocuments(f, input.documents);
    throwIf(checkDocuments(required, presented));
    const sim = this.sims.resolve(input.sim, 'sim', f);
    const years = this.reference.parameter(Parameter.CertificateValidityYears, f.today);
    const period = this.reference.parameter(Parameter.TypeChangeAfterYears, f.today);
    const ownFee = this.reference.fee(`cert.issue.${input.certType}`, f.today);
    let cert!: CertificateRow;
    const operation = withTx(this.ctx.db, (tx) => {
      this.checkSimForNumber(tx, sim, msisdn, f.subject);
      const fee = certificateFeeInVisit(tx, f.visitId, msisdn, input.certType, ownFee, (d) => this.reference.asanTariff(input.certType, d));
      const existing = listCertificatesOfMsisdn(tx, msisdn).filter((c) => c.subject === f.subject);
      const early = existing.some((c) => (c.status === 'active' || c.status === 'needs-reissue') && c.type !== input.certType && f.today < typeChangeFrom(c.valid_from, period));
      throwIf(checkTypeChange(existing.map((c) => ({ type: c.type, validFrom: c.valid_from, status: c.status })), input.certType, f.today, period, early && !!input.approvalId));
      const typedApproval = this.sims.consumeTyped(tx, sim);
      const earlyApproval = early && input.approvalId ? this.ctx.approval(tx, input.approvalId, FlowApproval.EarlyTypeChange) : null;
      for (const c of existing) if (c.status === 'active' || c.status === 'needs-reissue') setCertificateStatus(tx, c.id, 'replaced');
      const bindsSim = !findSim(tx, sim.iccid);
      const opId = uuidv7(f.now.getTime());
      cert = this.newCertificate(tx, f, { type: input.certType, msisdn, iccid: sim.iccid, years, operationId: opId, replacesId: null });
      const op = this.ctx.record(tx, f, {
        kind: 'cert.issue',
        payload: { certificateId: cert.id, holderName: cert.holder_name, certType: input.certType, holder, msisdn, iccid: sim.iccid, iccidSource: sim.source, validFrom: cert.valid_from, validTo: cert.valid_to, documents: [...presented], ...record },
        feeMinor: fee,
        approval: earlyApproval ?? typedApproval,
      });
      setCertificateOperation(tx, cert.id, op.id);
      // A SIM the desk did not know is bound here, by this issue: voiding the issue unbinds it (payment-service.ts).
      if (bindsSim) bindSim(tx, { iccid: sim.iccid, msisdn, subject: f.subject, operator: sim.operator, boundAt: f.now.toISOString(), boundBy: op.id });
      return op;
    });
    this.sims.forget(sim, input.sim);
    this.ctx.emitted(operation);
    return { operation, certificate: this.toView({ ...cert, operation_id: operation.id }, f.today) };
  }

  private newCertificate(tx: WritableDb, f: OperationFrame, c: { type: CertType; msisdn: string; iccid: string; years: number; operationId: string; replacesId: string | null }): CertificateRow {
    const row: CertificateRow = {
      id: uuidv7(f.now.getTime()),
      subject: f.subject,
      holder_name: f.subjectName,
      type: c.type,
      msisdn: c.msisdn,
      iccid: c.iccid,
      valid_from: f.today,
      valid_to: certificateValidTo(f.today, c.years),
      status: 'active',
      issued_at: f.now.toISOString(),
      operation_id: c.operationId,
      replaces_id: c.replacesId,
    };
    insertCertificate(tx, row);
    return row;
  }

  private ownedCertificate(f: OperationFrame, id: string): CertificateRow {
    const c = findCertificate(this.ctx.db, id);
    if (!c) throw new AppError(ErrorCode.NotFound, 'No such certificate.', { fields: { certificateId: 'NOT_FOUND' } });
    if (c.subject !== f.subject) throw new AppError(ErrorCode.SubscriberMismatch, 'This certificate belongs to another subscriber.');
    return c;
  }

  /** After a SIM duplicate: new certificates of the same type onto the new SIM. */
  reissue(input: { visitId: string; actingFor?: { poaId: string }; offlineApprovalId?: string; certificateId: string; sim: SimSource }): { operation: Operation; certificate: Certificate } {
    const f = this.ctx.frame(input, 'cert.reissue');
    const old = this.ownedCertificate(f, input.certificateId);
    if (old.status !== 'needs-reissue') throw new AppError(ErrorCode.RuleViolation, 'Only certificates flagged after a SIM duplicate are re-issued.', { details: { status: old.status } });
    const sim = this.sims.resolve(input.sim, 'sim', f);
    const years = this.reference.parameter(Parameter.CertificateValidityYears, f.today);
    const fee = this.reference.fee('cert.reissue', f.today);
    let cert!: CertificateRow;
    const operation = withTx(this.ctx.db, (tx) => {
      if (sim.iccid === old.iccid) throw new AppError(ErrorCode.IccidRetired, 'This is the old SIM: put the new SIM in the reader.', { fields: { sim: 'ICCID_RETIRED' } });
      this.checkSimForNumber(tx, sim, old.msisdn, f.subject);
      const approval = this.sims.consumeTyped(tx, sim);
      setCertificateStatus(tx, old.id, 'replaced');
      cert = this.newCertificate(tx, f, { type: old.type, msisdn: old.msisdn, iccid: sim.iccid, years, operationId: '', replacesId: old.id });
      const op = this.ctx.record(tx, f, {
        kind: 'cert.reissue',
        payload: { certificateId: cert.id, holderName: cert.holder_name, replaces: old.id, certType: old.type, msisdn: old.msisdn, iccid: sim.iccid, iccidSource: sim.source, validFrom: cert.valid_from, validTo: cert.valid_to },
        feeMinor: fee,
        approval,
      });
      setCertificateOperation(tx, cert.id, op.id);
      return op;
    });
    this.sims.forget(sim, input.sim);
    this.ctx.emitted(operation);
    return { operation, certificate: this.toView(cert, f.today) };
  }

  renew(input: { visitId: string; actingFor?: { poaId: string }; offlineApprovalId?: string; certificateId: string; approvalId?: string }): { operation: Operation; certificate: Certificate } {
    const f = this.ctx.frame(input, 'cert.renew');
    const old = this.ownedCertificate(f, input.certificateId);
    const windowDays = this.reference.parameter(Parameter.RenewalOnlineDaysBefore, f.today);
    const years = this.reference.parameter(Parameter.CertificateValidityYears, f.today);
    const state = renewalState(old.valid_to, f.today, windowDays);
    throwIf(checkRenewal({ status: old.status, validTo: old.valid_to }, f.today, windowDays, !!input.approvalId));
    const fee = this.reference.fee('cert.renew', f.today);
    let cert!: CertificateRow;
    const operation = withTx(this.ctx.db, (tx) => {
      const approval = state === 'not-yet' && input.approvalId ? this.ctx.approval(tx, input.approvalId, FlowApproval.EarlyRenewal) : null;
      setCertificateStatus(tx, old.id, 'renewed');
      cert = this.newCertificate(tx, f, { type: old.type, msisdn: old.msisdn, iccid: old.iccid, years, operationId: '', replacesId: old.id });
      // Renewing before expiry continues from the old end date, so the customer loses no days.
      if (state !== 'in-person') {
        const from = addDays(old.valid_to, 1);
        cert = { ...cert, valid_from: from, valid_to: certificateValidTo(from, years) };
        setCertificateValidity(tx, cert.id, cert.valid_from, cert.valid_to);
      }
      const op = this.ctx.record(tx, f, {
        kind: 'cert.renew',
        payload: { certificateId: cert.id, holderName: cert.holder_name, replaces: old.id, certType: old.type, msisdn: old.msisdn, iccid: old.iccid, path: state, validFrom: cert.valid_from, validTo: cert.valid_to },
        feeMinor: fee,
        approval,
      });
      setCertificateOperation(tx, cert.id, op.id);
      return op;
    });
    this.ctx.emitted(operation);
    return { operation, certificate: this.toView(cert, f.today) };
  }

  status(query: { fin?: string; msisdn?: string; visitId?: string }): Certificate[] {
    this.ctx.auth.requireClerk();
    const today = localIsoDate(this.ctx.clock.now());
    let rows: CertificateRow[] = [];
    if (query.msisdn) {
      const n = this.sims.msisdn(query.msisdn);
      rows = listCertificatesOfMsisdn(this.ctx.db, n);
    } else if (query.fin) rows = listCertificatesOfSubject(this.ctx.db, `fin:${query.fin.trim().toUpperCase()}`);
    else if (query.visitId) {
      const v = findVisit(this.ctx.db, query.visitId);
      if (!v) throw new AppError(ErrorCode.NotFound, 'No such visit.');
      rows = listCertificatesOfSubject(this.ctx.db, personKey(toVisit(v).identity));
    } else throw new AppError(ErrorCode.InvalidInput, 'Give a FIN, a phone number or a visit.', { fields: { fin: 'REQUIRED' } });
    return rows.map((r) => this.toView(r, today));
  }

  // ---- operator service (Asan İmza SIM service by type)

  private serviceView(r: ServiceRow) {
    return { msisdn: r.msisdn, certType: r.cert_type, subject: r.subject, activatedAt: r.activated_at, paidUntil: r.paid_until };
  }

  activate(input: { visitId: string; actingFor?: { poaId: string }; offlineApprovalId?: string; msisdn: string; certType: CertType; months: number }) {
    const f = this.ctx.frame(input, 'service.activate');
    const msisdn = this.sims.msisdn(input.msisdn);
    const tariff = this.reference.asanTariff(input.certType, f.today);
    const row: ServiceRow = { msisdn, cert_type: input.certType, subject: f.subject, activated_at: f.today, paid_until: addMonths(f.today, input.months) };
    const operation = withTx(this.ctx.db, (tx) => {
      const existing = findService(tx, msisdn);
      if (existing && existing.paid_until >= f.today) throw new AppError(ErrorCode.Conflict, 'The service is already active on this number: extend it instead.', { details: { paidUntil: existing.paid_until } });
      const oneOff = activationFeeInVisit(tx, f.visitId, msisdn, input.certType, tariff.activationMinor);
      const fee = serviceFee({ ...tariff, activationMinor: oneOff }, input.months, true);
      upsertService(tx, row);
      return this.ctx.record(tx, f, { kind: 'service.activate', payload: { msisdn, certType: input.certType, months: input.months, paidUntil: row.paid_until, tariff: tariff.code }, feeMinor: fee });
    });
    this.ctx.emitted(operation);
    return { operation, subscription: this.serviceView(row) };
  }

  extend(input: { visitId: string; actingFor?: { poaId: string }; offlineApprovalId?: string; msisdn: string; months: number }) {
    const f = this.ctx.frame(input, 'service.extend');
    const msisdn = this.sims.msisdn(input.msisdn);
    const existing = findService(this.ctx.db, msisdn);
    if (!existing) throw new AppError(ErrorCode.ServiceNotActive, 'The service was never activated on this number.', { fields: { msisdn: 'SERVICE_NOT_ACTIVE' } });
    if (existing.subject !== f.subject) throw new AppError(ErrorCode.SubscriberMismatch, 'The number belongs to another subscriber.');
    const tariff = this.reference.asanTariff(existing.cert_type, f.today);
    const fee = serviceFee(tariff, input.months, false);
    const base = existing.paid_until >= f.today ? existing.paid_until : f.today;
    const row: ServiceRow = { ...existing, paid_until: addMonths(base, input.months) };
    const operation = withTx(this.ctx.db, (tx) => {
      upsertService(tx, row);
      return this.ctx.record(tx, f, { kind: 'service.extend', payload: { msisdn, certType: existing.cert_type, months: input.months, paidUntil: row.paid_until }, feeMinor: fee });
    });
    this.ctx.emitted(operation);
    return { operation, subscription: this.serviceView(row) };
  }

  /** A wrongly activated type is fixed at an operator office (DOMAIN.md §3); not a type change, so no fee. */
  correctType(input: { visitId: string; actingFor?: { poaId: string }; offlineApprovalId?: string; msisdn: string; certType: CertType; reason: string }) {
    const f = this.ctx.frame(input, 'service.correctType');
    const msisdn = this.sims.msisdn(input.msisdn);
    const existing = findService(this.ctx.db, msisdn);
    if (!existing) throw new AppError(ErrorCode.ServiceNotActive, 'The service was never activated on this number.', { fields: { msisdn: 'SERVICE_NOT_ACTIVE' } });
    if (existing.subject !== f.subject) throw new AppError(ErrorCode.SubscriberMismatch, 'The number belongs to another subscriber.');
    if (existing.cert_type === input.certType) throw new AppError(ErrorCode.InvalidInput, 'The service already has this type.', { fields: { certType: 'SAME_TYPE' } });
    const row: ServiceRow = { ...existing, cert_type: input.certType };
    const operation = withTx(this.ctx.db, (tx) => {
      upsertService(tx, row);
      return this.ctx.record(tx, f, { kind: 'service.correctType', payload: { msisdn, from: existing.cert_type, to: input.certType, reason: input.reason }, feeMinor: 0 });
    });
    this.ctx.emitted(operation);
    return { operation, subscription: this.serviceView(row) };
  }

  getService(msisdn: string) {
    this.ctx.auth.requireClerk();
    const r = findService(this.ctx.db, this.sims.msisdn(msisdn));
    return r ? this.serviceView(r) : null;
  }
}

function addMonths(iso: string, months: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d.toISOString().slice(0, 10);
}
