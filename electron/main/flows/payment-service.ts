// Payments, voids and refunds at the desk (issue 12; design in docs/flows.md "Payments, voids and refunds").
// A visit is paid once: `pay` records one payment for every unpaid chargeable line (cash, card, or free with a
// reason from the free_reasons reference table). `voidOperation` reverses one of today's operations with a
// supervisor's approval: the desk undoes what it holds (SIM binding, POA, certificate, IMEI), a paid line is
// refunded by the method it was paid by, and an `op.void` record goes to the server, which undoes the central
// effect (server/store/voids.ts) — all in one transaction with the outbox.
import { withTx, type Db, type WritableDb } from '../db/database';
import { AppError, ErrorCode } from '../../../common/errors';
import { uuidv7 } from '../../../common/ids';
import { localIsoDate } from '../../../common/domain/dates';
import { effectiveRows } from '../../../common/domain/reference';
import {
  amountTaken,
  checkPayment,
  checkVoid,
  paymentOf,
  unpaidLines,
  VOID_APPROVAL_ACTION,
  type PaymentMethod,
} from '../../../common/domain/payments';
import { isOperationKind } from '../../../common/operations';
import { voidMeanings, type VoidUndo } from '../../../common/operations/payments';
import { findVoidOf, insertPayment, insertVoid, operationUsingPoa } from '../db/queries/payments';
import { findOperation, type OperationRow } from '../db/queries/operations';
import { findVisit } from '../db/queries/visits';
import { restoreSim, unbindSim, unbindSimBoundBy } from '../db/queries/sim';
import { revokePoa } from '../db/queries/poa';
import { restockVoidedSim } from '../db/queries/office-stock';
import { setCertificateStatus, unflagCertificatesOfSim } from '../db/queries/certificates';
import { deleteImeiRegistration } from '../db/queries/imei';
import type { AuthService } from '../services/auth-service';
import type { Clock } from '../services/clock';
import type { Outbox } from '../services/outbox-port';
import type { EventBus } from '../services/event-bus';
import type { AuditPort } from '../services/audit-log';
import type { ReferenceService } from './reference-service';
import { throwIf, type ShiftGuard } from './context';
import type { VisitBill } from '../../../common/ipc/channels/payments';
import { billOf, billParts } from '../services/visit-bill';

export class PaymentService {
  constructor(
    private readonly db: Db,
    private readonly auth: AuthService,
    private readonly clock: Clock,
    private readonly outbox: Outbox,
    private readonly bus: EventBus,
    private readonly reference: ReferenceService,
    private readonly audit: AuditPort,
    /** Money is taken and paid back only inside the clerk's open shift (SHIFT_CLOSED), so the till's totals hold it. */
    private readonly shifts: ShiftGuard | null = null,
  ) {}

  /** The visit's lines, payments, refunds and totals, as the visit page and the receipt show them. */
  bill(visitId: string): VisitBill {
    this.auth.requireClerk();
    if (!findVisit(this.db, visitId)) throw new AppError(ErrorCode.NotFound, 'No such visit.');
    return billOf(this.db, visitId);
  }

  /** The free_reasons rows in force today (code and az/en/ru labels). */
  freeReasons(): { code: string; labels: { az: string; en: string; ru: string } }[] {
    return effectiveRows(this.reference.rows('free_reasons'), localIsoDate(this.clock.now())).map((r) => ({ code: r.code, labels: { az: r.labelAz, en: r.labelEn, ru: r.labelRu } }));
  }

  /** One payment for every unpaid chargeable line of the visit. */
  pay(input: { visitId: string; method: PaymentMethod; freeReason?: string | null }): VisitBill {
    const clerk = this.auth.requireClerk();
    this.shifts?.requireOpenShift(clerk.id);
    const now = this.clock.now();
    const visit = findVisit(this.db, input.visitId);
    if (!visit) throw new AppError(ErrorCode.NotFound, 'No such visit.');
    const freeReason = input.method === 'free' ? (input.freeReason ?? null) : null;
    withTx(this.db, (tx) => {
      const { ops, payments } = billParts(tx, input.visitId);
      const lines = unpaidLines(ops, payments);
      throwIf(checkPayment(lines, input.method, freeReason, this.freeReasons().map((r) => r.code)));
      const id = uuidv7(now.getTime());
      const amountMinor = amountTaken(input.method, lines);
      insertPayment(tx, { id, visit_id: input.visitId, kind: 'payment', method: input.method, free_reason: freeReason, amount_minor: amountMinor, clerk_id: clerk.id, created_at: now.toISOString(), local_date: localIsoDate(now) }, lines);
      this.audit.append(tx, { kind: 'payment', actor: clerk.id, details: { visitId: input.visitId, paymentId: id, method: input.method, amountMinor, freeReason } });
      this.outbox.enqueue(tx, {
        id,
        kind: 'visit.pay',
        subject: visit.subject_key,
        payload: { paymentId: id, visitId: input.visitId, clerkId: clerk.id, method: input.method, freeReason, amountMinor, lines, createdAt: now.toISOString() },
      });
    });
    this.bus.emit('visits:changed', { id: input.visitId });
    return billOf(this.db, input.visitId);
  }

  /** Voids one of today's operations with a supervisor's approval (action 'operation.void'). */
  voidOperation(input: { operationId: string; approvalId: string; reason: string }): VisitBill {
    const clerk = this.auth.requireClerk();
    this.shifts?.requireOpenShift(clerk.id);
    const now = this.clock.now();
    const row = findOperation(this.db, input.operationId);
    if (!row || !isOperationKind(row.kind)) throw new AppError(ErrorCode.NotFound, 'No such operation.');
    const visit = findVisit(this.db, row.visit_id)!;
    withTx(this.db, (tx) => {
      const { ops, payments } = billParts(tx, row.visit_id);
      const op = ops.find((o) => o.id === row.id) ?? { id: row.id, kind: row.kind, feeMinor: row.fee_minor, createdAt: row.created_at, localDate: visit.local_date, voided: findVoidOf(tx, row.id) !== null };
      const meaning = voidMeanings[row.kind as keyof typeof voidMeanings];
      const payload = JSON.parse(row.payload_json) as Record<string, unknown>;
      const usedBy = row.kind === 'poa.create' ? operationUsingPoa(tx, String(payload.poaId)) : null;
      throwIf(checkVoid(op, localIsoDate(now), meaning, usedBy));
      // The approval is spent here, after the rules: a refused void does not use up the supervisor's approval.
      const a = this.auth.consumeApproval(tx, input.approvalId, VOID_APPROVAL_ACTION);
      const approval = { id: input.approvalId, action: VOID_APPROVAL_ACTION, reason: a.reason, supervisorId: a.supervisorId, supervisorName: a.supervisorName };
      const paidBy = paymentOf(row.id, payments);
      const refund = paidBy && paidBy.method !== 'free' && row.fee_minor > 0 ? { paymentId: uuidv7(now.getTime()), method: paidBy.method as 'cash' | 'card', amountMinor: -row.fee_minor } : null;
      if (refund) {
        insertPayment(tx, { id: refund.paymentId, visit_id: row.visit_id, kind: 'refund', method: refund.method, free_reason: null, amount_minor: refund.amountMinor, clerk_id: clerk.id, created_at: now.toISOString(), local_date: localIsoDate(now) }, [
          { operationId: row.id, kind: row.kind, amountMinor: refund.amountMinor },
        ]);
      }
      const voidId = uuidv7(now.getTime());
      const reason = input.reason.trim() || a.reason;
      insertVoid(tx, { operation_id: row.id, id: voidId, reason, approval_json: JSON.stringify(approval), refund_payment_id: refund?.paymentId ?? null, clerk_id: clerk.id, created_at: now.toISOString() });
      const undo = meaning === 'reverse' ? undoLocally(tx, row, payload, now.toISOString()) : null;
      this.audit.append(tx, { kind: 'operation.void', actor: clerk.id, details: { operationId: row.id, operationKind: row.kind, visitId: row.visit_id, approvalId: input.approvalId, refundMinor: refund?.amountMinor ?? 0 } });
      this.outbox.enqueue(tx, {
        id: voidId,
        kind: 'op.void',
        subject: row.subject,
        payload: { voidId, operationId: row.id, kind: row.kind, visitId: row.visit_id, clerkId: clerk.id, approval, refund, undo, createdAt: now.toISOString() },
      });
    });
    this.bus.emit('visits:changed', { id: row.visit_id });
    return billOf(this.db, row.visit_id);
  }
}

/** What the desk itself holds of the operation, undone; returns what the server must undo. */
function undoLocally(tx: WritableDb, row: OperationRow, p: Record<string, unknown>, at: string): VoidUndo | null {
  switch (row.kind) {
    case 'sim.duplicate': {
      const oldIccid = (p.oldIccid as string | null) ?? null;
      unbindSim(tx, String(p.newIccid));
      restockVoidedSim(tx, String(p.newIccid), row.id, at);
      if (oldIccid) {
        restoreSim(tx, { iccid: oldIccid, msisdn: String(p.msisdn), subject: row.subject });
        // The old SIM is the customer's again: the certificates the duplicate flagged on it need no re-issue.
        unflagCertificatesOfSim(tx, String(p.msisdn), oldIccid);
      }
      return { kind: 'sim.duplicate', msisdn: String(p.msisdn), newIccid: String(p.newIccid), oldIccid };
    }
    case 'sim.sell':
      unbindSim(tx, String(p.iccid));
      restockVoidedSim(tx, String(p.iccid), row.id, at);
      return { kind: 'sim.sell', msisdn: String(p.msisdn), iccid: String(p.iccid) };
    case 'cert.issue':
      setCertificateStatus(tx, String(p.certificateId), 'revoked');
      // Only the binding this issue made (a SIM the desk did not know); the server decides on its own binding.
      unbindSimBoundBy(tx, String(p.iccid), row.id);
      return { kind: 'cert.issue', certificateId: String(p.certificateId), iccid: String(p.iccid), msisdn: String(p.msisdn) };
    case 'poa.create':
      revokePoa(tx, String(p.poaId), at, 'voided', 'desk');
      return { kind: 'poa.create', poaId: String(p.poaId) };
    case 'imei.register':
      deleteImeiRegistration(tx, row.id);
      return { kind: 'imei.register', imeis: [String(p.imei), ...(p.imei2 ? [String(p.imei2)] : [])] };
    default:
      return null;
  }
}
