// Visits: one identified customer (or trustee) at the desk. Creating one is the first step of every flow.
import { searchFold } from '../../../common/domain/search';
import { withTx, type Db } from '../db/database';
import { AppError, ErrorCode } from '../../../common/errors';
import { uuidv7 } from '../../../common/ids';
import { identitySchema, validateIdentity, type Identity } from '../../../common/domain/identity';
import { localIsoDate } from '../../../common/domain/dates';
import type { Visit } from '../../../common/ipc/channels/visits';
import { findVisit, insertVisit, listVisitsOnDate, searchVisits, toVisit } from '../db/queries/visits';
import type { AuthService } from './auth-service';
import type { Clock } from './clock';
import type { Outbox } from './outbox-port';
import type { EventBus } from './event-bus';
import type { VisitLifecycle } from './visit-lifecycle';
import { MANUAL_IDENTITY_ACTION } from '../../../common/domain/actions';
import { issueCode } from '../../../common/domain/field-codes';
import { chipCheckRecord, identityFromChip, type TypedPermit } from '../../../common/domain/rules/chip';
import type { ChipReads } from './chip-reads';
import type { AuditPort } from './audit-log';

export interface CreateVisitInput {
  /** MRZ and manual entry; by chip it comes from the read main kept. */
  identity?: unknown;
  identityMethod: 'chip' | 'mrz' | 'manual';
  /** MRZ and manual entry; by chip main makes it. */
  identityCheck: Record<string, unknown>;
  approvalId?: string;
  chipReadId?: string;
  residencePermit?: TypedPermit;
}

export function subjectKeyOf(identity: Identity): string {
  return identity.kind === 'citizen' ? `fin:${identity.fin}` : `passport:${identity.nationality}:${identity.passportNumber}`;
}

export class VisitService {
  constructor(
    private readonly db: Db,
    private readonly auth: AuthService,
    private readonly clock: Clock,
    private readonly outbox: Outbox,
    private readonly bus: EventBus,
    readonly lifecycle: VisitLifecycle,
    private readonly chipReads: ChipReads,
    private readonly audit: AuditPort,
  ) {}

  create(input: CreateVisitInput): Visit {
    const clerk = this.auth.requireClerk();
    const now = this.clock.now();
    const today = localIsoDate(now);
    // By chip, the identity and the record of the check are the read's, as main kept it: nothing the renderer says
    // about the chip is taken (it could be made up).
    const chip = input.identityMethod === 'chip' ? this.chipReads.take(input.chipReadId, clerk.id) : null;
    const given = chip ? identityFromChip(chip.read, chip.mrz, input.residencePermit) : input.identity;
    const parsed = identitySchema.safeParse(given);
    const fieldErrors = validateIdentity((parsed.success ? parsed.data : given) as Identity, today);
    if (!parsed.success || Object.keys(fieldErrors).length > 0) {
      for (const issue of parsed.success ? [] : parsed.error.issues) {
        const field = String(issue.path[0] ?? 'identity');
        if (!fieldErrors[field]) fieldErrors[field] = issueCode(issue, given);
      }
      throw new AppError(ErrorCode.InvalidInput, 'The identity has errors.', { fields: fieldErrors });
    }
    const identity = parsed.data;
    if (input.identityMethod === 'mrz' && !identity.mrz) {
      throw new AppError(ErrorCode.InvalidInput, 'An MRZ check needs the MRZ.', { fields: { mrz: 'REQUIRED' } });
    }
    if (input.identityMethod === 'manual' && !input.approvalId) {
      throw new AppError(ErrorCode.ApprovalRequired, 'Manual identity entry needs a reason and a supervisor’s approval.', { details: { action: MANUAL_IDENTITY_ACTION } });
    }
    const id = uuidv7();
    withTx(this.db, (tx) => {
      let check = chip ? chipCheckRecord(chip.read, input.chipReadId!, chip.photoSha256) : input.identityCheck;
      if (input.identityMethod === 'manual') {
        const approval = this.auth.consumeApproval(tx, input.approvalId!, MANUAL_IDENTITY_ACTION);
        check = { ...check, approval: { id: input.approvalId, reason: approval.reason, supervisorId: approval.supervisorId, supervisorName: approval.supervisorName } };
      }
      check = { ...check, clerkId: clerk.id, checkedAt: now.toISOString() };
      const subjectKey = subjectKeyOf(identity);
      insertVisit(tx, {
        id,
        createdAt: now.toISOString(),
        localDate: today,
        clerkId: clerk.id,
        identityJson: JSON.stringify(identity),
        identityMethod: input.identityMethod,
        identityCheckJson: JSON.stringify(check),
        approvalId: input.identityMethod === 'manual' ? input.approvalId! : null,
        subjectKey,
        searchText: searchTextOf(identity),
      });
      this.audit.append(tx, { kind: 'visit.create', actor: clerk.id, details: { visitId: id, method: input.identityMethod, approvalId: input.identityMethod === 'manual' ? input.approvalId! : null } });
      this.outbox.enqueue(tx, { id, kind: 'visit.create', subject: subjectKey, payload: { visitId: id, identity, identityMethod: input.identityMethod, identityCheck: check, clerkId: clerk.id, createdAt: now.toISOString() } });
    });
    if (chip) this.chipReads.forget(input.chipReadId!);
    this.bus.emit('visits:changed', { id });
    return this.get(id);
  }

  get(id: string): Visit {
    this.auth.requireClerk();
    this.lifecycle.closeEndedDays();
    const row = findVisit(this.db, id);
    if (!row) throw new AppError(ErrorCode.NotFound, 'No such visit.');
    return toVisit(row);
  }

  today(): Visit[] {
    this.auth.requireClerk();
    this.lifecycle.closeEndedDays();
    return listVisitsOnDate(this.db, localIsoDate(this.clock.now())).map(toVisit);
  }

  search(query: string, limit: number): Visit[] {
    this.auth.requireClerk();
    this.lifecycle.closeEndedDays();
    return searchVisits(this.db, query, limit).map(toVisit);
  }
}

function searchTextOf(identity: Identity): string {
  const parts =
    identity.kind === 'citizen'
      ? [identity.surname, identity.givenName, identity.patronymic, identity.fin, identity.documentNumber]
      : [identity.surname, identity.givenName, identity.passportNumber, identity.residencePermitNumber, identity.personalCode];
  return searchFold(parts.join(' '));
}
