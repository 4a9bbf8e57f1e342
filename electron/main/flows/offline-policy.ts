// The per-operation offline policy on the desk (issue 9, item 4; rules in common/domain/offline-policy.ts): checked
// in the operation's frame, before anything is read from a card or stored, and shown on the visit and flow screens
// before the clerk starts (flows:offlinePolicy). The desk-wide offline limits (sync/offline-limits.ts) still apply.
import { AppError } from '../../../common/errors';
import { localIsoDate } from '../../../common/domain/dates';
import { decideOffline, type CentralContact, type OfflineDecision } from '../../../common/domain/offline-policy';
import { effectiveRow } from '../../../common/domain/reference';
import { operationKinds, operationSpec, type OperationKind } from '../../../common/operations';
import type { ReferenceService } from './reference-service';
import type { Clock } from '../services/clock';
import { offeredAt, type OfficeType } from '../../../common/domain/office-types';

/** What the desk knows of the central office (the sync worker, and the customer replica for one customer). */
export interface CentralContactPort {
  contact(subject: string): CentralContact;
  /** Online: ask the server about the customer now, so a fresh-check kind can go ahead (no-op when offline). */
  refresh?(subject: string): Promise<void>;
}

export class OfflinePolicy {
  constructor(
    private readonly reference: Pick<ReferenceService, 'rows'>,
    private readonly clock: Clock,
    private readonly central: CentralContactPort,
    /** The desk's office type (services/office-type.ts); null: standalone, every kind offered. */
    private readonly officeType: () => OfficeType | null = () => null,
  ) {}

  decide(kind: OperationKind, subject: string): OfflineDecision {
    const now = this.clock.now();
    // Not offered at this office type at all (DOMAIN.md §7): refused whatever the network, and said first.
    if (!offeredAt(this.reference.rows('office_operations'), this.officeType(), kind, localIsoDate(now))) {
      return { mode: 'allowed', maxAgeHours: null, allowed: false, refusal: 'NOT_OFFERED_HERE', checkedAt: null };
    }
    // A revocation or a lost-carrier report only reduces risk: never refused for being offline.
    if (operationSpec(kind).offline === 'always') return { mode: 'allowed', maxAgeHours: null, allowed: true, refusal: null, checkedAt: null };
    const row = effectiveRow(this.reference.rows('offline_policies'), kind, localIsoDate(now));
    return decideOffline(row, this.central.contact(subject), now);
  }

  /** In the operation's frame: throws OFFLINE_REFUSED or CENTRAL_CHECK_STALE with what the clerk needs to know. */
  assertAllowed(kind: OperationKind, subject: string): void {
    const d = this.decide(kind, subject);
    if (d.allowed) return;
    const message =
      d.refusal === 'NOT_OFFERED_HERE'
        ? `${kind} is not offered at a desk of this office type (${this.officeType()}).`
        : d.refusal === 'OFFLINE_REFUSED'
          ? `${kind} is not done while the desk cannot reach the central office.`
          : `${kind} needs a central check of the customer made within the last ${d.maxAgeHours} hours.`;
    throw new AppError(d.refusal!, message, { details: { kind, officeType: this.officeType() ?? '', maxAgeHours: d.maxAgeHours ?? '', checkedAt: d.checkedAt ?? '' } });
  }

  /**
   * Before an operation (the IPC call, which may wait; the frame may not): when the kind needs a central check that
   * is missing or too old, ask the server about the customer now. Offline this changes nothing and the frame refuses.
   */
  async prepare(kind: OperationKind, subject: string): Promise<void> {
    if (this.decide(kind, subject).refusal !== 'CENTRAL_CHECK_STALE') return;
    await this.central.refresh?.(subject).catch(() => undefined);
  }

  /** Every kind's verdict for a customer, after asking the server about them when it can be reached. */
  async forSubject(subject: string): Promise<Record<OperationKind, OfflineDecision>> {
    await this.central.refresh?.(subject).catch(() => undefined);
    return Object.fromEntries(operationKinds.map((k) => [k, this.decide(k, subject)])) as Record<OperationKind, OfflineDecision>;
  }
}
