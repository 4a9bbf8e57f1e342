// The common frame of every walk-in operation: the signed-in clerk, the visit and its verified identity
// (re-checked now), the power of attorney the trustee acts under, and one transaction that stores the operation,
// counts it on the visit and queues it for sync. The services open that transaction with withTx and hand its
// WritableDb to record(), so the operation's own rows, the operation and its outbox entry commit together.
import type { Db, WritableDb } from '../db/database';
import { AppError, ErrorCode } from '../../../common/errors';
import { uuidv7 } from '../../../common/ids';
import { localIsoDate } from '../../../common/domain/dates';
import type { Identity } from '../../../common/domain/identity';
import { checkIdentityAge, checkVisitIdentity, personKey } from '../../../common/domain/rules/identity';
import { checkPoaUse } from '../../../common/domain/rules/poa';
import type { Verdict } from '../../../common/domain/rules/result';
import { operationSpec, syncKindOf, type Operation, type OperationKind, type PayloadIn } from '../../../common/operations';
import { findVisit, incrementVisitOperations, toVisit } from '../db/queries/visits';
import { findPoa, toPoa, type PoaRecord } from '../db/queries/poa';
import { insertOperation, toOperation, type OperationRow } from '../db/queries/operations';
import type { AuthService } from '../services/auth-service';
import type { Clock } from '../services/clock';
import type { Outbox } from '../services/outbox-port';
import type { EventBus } from '../services/event-bus';
import { findApproval } from '../db/queries/approvals';
import { findClerkById } from '../db/queries/clerks';
import type { VisitLifecycle } from '../services/visit-lifecycle';
import type { OfflinePolicy } from './offline-policy';
import type { AuditPort } from '../services/audit-log';

/** What the frame needs of the visit's lifecycle: closing ended days first, and how long an identity check lasts. */
export interface VisitRules {
  lifecycle: Pick<VisitLifecycle, 'closeEndedDays'>;
  identityMaxAgeHours(today: string): number;
}

/** The approval kept with an operation: who approved (id and name, for the audit), what and why. */
type ApprovalRecord = { id: string; action: string; reason: string; supervisorId: string; supervisorName: string };

/** The sync area's offline limits (SyncService): throws APPROVAL_REQUIRED past the hard limit, consumes the approval. */
export interface OfflineGuard {
  assertWithinOfflineLimits(tx: WritableDb, approvalId?: string): { level: 'ok' | 'warn' | 'approval-required' };
}

/** The clerk's open shift (ShiftService): nothing is recorded outside one (SHIFT_CLOSED). */
export interface ShiftGuard {
  requireOpenShift(clerkId: string, db?: Db | WritableDb): unknown;
}

export interface OperationInput {
  visitId: string;
  actingFor?: { poaId: string };
  offlineApprovalId?: string;
}

export function throwIf(v: Verdict): void {
  if (v) throw new AppError(v.code, v.message, { fields: v.fields, details: v.details });
}

export interface OperationFrame {
  clerkId: string;
  visitId: string;
  identity: Identity;
  /** The person at the desk. */
  personKey: string;
  /** Whose record the operation changes: the person, or the principal of the POA. */
  subject: string;
  /** The subscriber's FIN (or foreign personal code) when the subject is a person, for the sync payload. */
  subjectFin: string | null;
  subjectName: string;
  poa: PoaRecord | null;
  offlineApprovalId: string | null;
  now: Date;
  today: string;
}

/** What a service records: the kind and its payload, typed by the kind's schema in common/operations. */
export type RecordInput<K extends OperationKind = OperationKind> = {
  [Kind in K]: {
    kind: Kind;
    payload: PayloadIn<Kind>;
    feeMinor: number;
    approval?: ApprovalRecord | null;
    /** Sync ordering subject (defaults to the frame's subject). */
    syncSubject?: string;
    /** A pre-made operation id, when something (a printed sheet) must carry it before the commit. */
    id?: string;
  };
}[K];

export class FlowContext {
  constructor(
    readonly db: Db,
    readonly auth: AuthService,
    readonly clock: Clock,
    readonly outbox: Outbox,
    readonly bus: EventBus,
    private readonly offline: OfflineGuard | null = null,
    private readonly visits: VisitRules | null = null,
    /** The per-kind offline policy (offline-policy.ts): checked once the subject is known, before any work. */
    private readonly policy: Pick<OfflinePolicy, 'assertAllowed'> | null = null,
    /** The audit log: every recorded operation is an entry, in the operation's transaction. */
    private readonly audit: AuditPort | null = null,
    /** The clerk's open shift, asked before any work (frame) and again in the operation's transaction (record). */
    private readonly shifts: ShiftGuard | null = null,
  ) {}

  /** Checks clerk, visit, identity (re-checked today) and the POA for `kind`; throws a clear AppError otherwise. */
  frame(input: OperationInput, kind: OperationKind): OperationFrame {
    const { visitId, actingFor } = input;
    const clerk = this.auth.requireClerk();
    this.shifts?.requireOpenShift(clerk.id);
    // A visit of an earlier day is closed before anything is recorded on it (the end of the day, noticed now).
    this.visits?.lifecycle.closeEndedDays();
    const row = findVisit(this.db, visitId);
    if (!row) throw new AppError(ErrorCode.NotFound, 'No such visit.', { fields: { visitId: 'NOT_FOUND' } });
    const now = this.clock.now();
    const today = localIsoDate(now);
    const visit = toVisit(row);
    const identity = visit.identity;
    throwIf(checkVisitIdentity({ status: visit.status, identityMethod: visit.identityMethod, approvalId: row.approval_id, identityCheck: visit.identityCheck, identity }, today));
    if (this.visits) {
      const checkedAt = typeof visit.identityCheck.checkedAt === 'string' ? visit.identityCheck.checkedAt : visit.createdAt;
      throwIf(checkIdentityAge(checkedAt, now, this.visits.identityMaxAgeHours(today)));
    }
    const me = personKey(identity);
    let poa: PoaRecord | null = null;
    let subject = me;
    let subjectFin: string | null = identity.kind === 'citizen' ? identity.fin : identity.personalCode || null;
    let subjectName = `${identity.surname} ${identity.givenName}`;
    if (actingFor) {
      const poaRow = findPoa(this.db, actingFor.poaId);
      // A placeholder for a central revocation has no principal: the desk never saw that POA.
      if (!poaRow || !poaRow.principal_key) throw new AppError(ErrorCode.NotFound, 'No such power of attorney on this desk.', { fields: { actingFor: 'NOT_FOUND' } });
      poa = toPoa(poaRow);
      throwIf(checkPoaUse({ trusteeKey: poa.trusteeKey, validFrom: poa.validFrom, validTo: poa.validTo, scope: poa.scope, revokedAt: poa.revokedAt }, { trusteeKey: me, kind, today }));
      subject = poa.principalKey;
      const principal = poa.principal;
      subjectFin = principal.kind === 'person' ? principal.fin ?? null : null;
      subjectName = principal.name;
    }
    this.policy?.assertAllowed(kind, subject);
    return { clerkId: clerk.id, visitId, identity, personKey: me, subject, subjectFin, subjectName, poa, offlineApprovalId: input.offlineApprovalId ?? null, now, today };
  }

  /**
   * Stores the operation, counts it on the visit and queues it for sync, in the caller's transaction `tx`.
   * The payload is checked against the kind's schema here, so nothing off-schema is ever stored or synced (a
   * failure is a programming error, not the clerk's). Sync-only fields (a device's security code) go to the outbox
   * but not into the desk's journal.
   */
  record<K extends OperationKind>(tx: WritableDb, f: OperationFrame, input: RecordInput<K>): Operation {
    const spec = operationSpec(input.kind);
    // Asked again in the transaction: a card step may have taken long enough for the shift to be closed meanwhile.
    this.shifts?.requireOpenShift(f.clerkId, tx);
    // Past the offline limits the operation needs a supervisor (central facts may be stale); stored with it.
    // Kinds that only reduce risk (a revocation, a lost carrier) are never held back.
    const offline = spec.offline === 'within-limits' ? this.offline?.assertWithinOfflineLimits(tx, f.offlineApprovalId ?? undefined) : undefined;
    const parsed = spec.payload.parse(input.payload) as Record<string, unknown>;
    let synced: Record<string, unknown> = parsed;
    if (offline && offline.level !== 'ok') {
      const a = offline.level === 'approval-required' && f.offlineApprovalId ? findApproval(tx, f.offlineApprovalId) : null;
      const by = a ? findClerkById(tx, a.supervisor_id) : null;
      synced = { ...synced, offline: { level: offline.level, ...(a ? { approvalId: a.id, reason: a.reason, supervisorId: a.supervisor_id, supervisorName: by?.displayName ?? '' } : {}) } };
    }
    const kept = Object.fromEntries(Object.entries(synced).filter(([k]) => !spec.syncOnly?.includes(k)));
    const id = input.id ?? uuidv7(f.now.getTime());
    const row: Omit<OperationRow, 'status'> = {
      id,
      visit_id: f.visitId,
      kind: input.kind,
      subject: f.subject,
      payload_json: JSON.stringify(kept),
      fee_minor: input.feeMinor,
      approval_json: input.approval ? JSON.stringify(input.approval) : null,
      poa_id: f.poa?.id ?? null,
      clerk_id: f.clerkId,
      created_at: f.now.toISOString(),
    };
    insertOperation(tx, row);
    this.audit?.append(tx, { kind: 'operation', actor: f.clerkId, details: { operationId: id, operationKind: input.kind, visitId: f.visitId, approvalId: input.approval?.id ?? null } });
    incrementVisitOperations(tx, f.visitId);
    this.outbox.enqueue(tx, {
      id,
      kind: syncKindOf(input.kind),
      subject: input.syncSubject ?? f.subject,
      payload: {
        operationId: id,
        visitId: f.visitId,
        clerkId: f.clerkId,
        feeMinor: input.feeMinor,
        ...(f.subjectFin ? { fin: f.subjectFin } : {}),
        ...(f.poa ? { poaId: f.poa.id } : {}),
        ...(input.approval ? { approval: input.approval } : {}),
        ...synced,
      },
    });
    return toOperation({ ...row, status: 'completed' });
  }

  /** Consumes a supervisor approval in the operation's transaction; returns the record stored with the operation. */
  approval(tx: WritableDb, approvalId: string, action: string): ApprovalRecord {
    const a = this.auth.consumeApproval(tx, approvalId, action);
    return { id: approvalId, action, reason: a.reason, supervisorId: a.supervisorId, supervisorName: a.supervisorName };
  }

  emitted(op: Operation): void {
    this.bus.emit('flows:operation', { visitId: op.visitId, operationId: op.id, kind: op.kind });
    this.bus.emit('visits:changed', { id: op.visitId });
  }
}
