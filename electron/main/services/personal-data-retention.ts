// Personal data retention on the desk (issue 10, deliver 11; docs/security.md "Personal data retention"): once the
// server has acknowledged every operation of a visit and the visit is older than `personalDataRetentionDays`, the
// desk keeps only a stub of the identity (the person key, that it was purged, when) and the verdict of the check,
// strips names, dates and document numbers from the visit's operation and acknowledged outbox payloads, and drops
// POA letter scans (the hash stays). The server keeps the operations with their payloads; the desk does not need
// them any more. Nothing unacknowledged (pending, sent, conflict, rejected) is ever touched.
import { withTx, type Db, type WritableDb } from '../db/database';
import { searchFold } from '../../../common/domain/search';
import { getSetting, setSetting } from '../db/queries/settings';
import { DEFAULT_PERSONAL_DATA_RETENTION_DAYS } from '../../../common/ipc/channels/retention';
import {
  dropSyncedPoaScans,
  listPurgeableVisits,
  listVisitOperationPayloads,
  listAckedOutboxOfVisits,
  replaceVisitIdentity,
  setOperationPayload,
  setOutboxPayload,
} from '../db/queries/retention';
import type { Clock } from './clock';
import type { AuditPort } from './audit-log';

/** The purge runs at start and then at most daily (after a pull). */
const PURGE_EVERY_MS = 86_400_000;

/** Keys whose values identify or describe a person; removed wherever they occur in a purged visit's payloads. */
const PERSONAL_KEYS = new Set([
  'surname', 'givenName', 'patronymic', 'birthDate', 'documentNumber', 'expiryDate', 'passportExpiry',
  'residencePermitNumber', 'residencePermitExpiry', 'personalCode', 'mrz', 'name', 'holderName', 'trusteeName',
  'photo', 'photoSha256', 'dataGroups', 'passiveAuth', 'documentSeries',
]);

/** What the stub of the check keeps: the verdict, who checked and when — no chip data, no hashes of it. */
const CHECK_VERDICT_KEYS = ['chipRead', 'matchesPrinted', 'mismatches', 'expired', 'photoShown', 'mrzValid', 'clerkId', 'checkedAt'];

export interface PurgeResult {
  visits: number;
  poaScans: number;
  cutoff: string;
}

/** The purged identity as stored: the person key's parts (the key itself stays in visits.subject_key) and the marker. */
export function identityStub(subjectKey: string, purgedAt: string, afterDays: number): Record<string, unknown> {
  const [kind, a, b] = subjectKey.split(':');
  const key = kind === 'fin' ? { kind: 'citizen', fin: a } : { kind: 'foreigner', nationality: a, passportNumber: b };
  return { ...key, purgedAt, purgedAfterDays: afterDays };
}

function checkStub(checkJson: string): Record<string, unknown> {
  const check = JSON.parse(checkJson) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of CHECK_VERDICT_KEYS) if (k in check) out[k] = check[k];
  // The approval of a manual entry stays as who approved (a supervisor, not the customer); its reason is free text
  // that may name the person.
  const approval = check.approval as Record<string, unknown> | undefined;
  if (approval) out.approval = { id: approval.id, supervisorId: approval.supervisorId, supervisorName: approval.supervisorName };
  if (check.passiveAuth !== undefined) out.passiveAuthChecked = check.passiveAuth !== null;
  return out;
}

/** A copy of `value` without personal keys, at any depth. */
export function stripPersonal(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripPersonal);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([k]) => !PERSONAL_KEYS.has(k)).map(([k, v]) => [k, stripPersonal(v)]));
  }
  return value;
}

function stripJson(json: string): string {
  try {
    return JSON.stringify(stripPersonal(JSON.parse(json)));
  } catch {
    // Unreadable text cannot be shown to be free of personal data: keep none of it.
    return '{}';
  }
}

export class PersonalDataRetention {
  private lastPurgedAt = 0;
  private days: number | null = null;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditPort,
  ) {}

  retentionDays(): number {
    this.days ??= getSetting(this.db, 'personalDataRetentionDays') ?? DEFAULT_PERSONAL_DATA_RETENTION_DAYS;
    return this.days;
  }

  /** A supervisor's edit (the caller checked the role), audited in the same transaction; the purge runs at once. */
  setRetentionDays(days: number, actor: string): PurgeResult {
    withTx(this.db, (tx) => {
      setSetting(tx, 'personalDataRetentionDays', days);
      this.audit.append(tx, { kind: 'settings.update', actor, details: { name: 'personalDataRetentionDays', value: days } });
    });
    this.days = days;
    return this.purge();
  }

  purgeIfDue(): PurgeResult | null {
    const now = this.clock.now();
    if (Math.abs(now.getTime() - this.lastPurgedAt) < PURGE_EVERY_MS) return null;
    return this.purge(now);
  }

  purge(now = this.clock.now()): PurgeResult {
    this.lastPurgedAt = now.getTime();
    const days = this.retentionDays();
    const cutoff = new Date(now.getTime() - days * 86_400_000).toISOString();
    return withTx(this.db, (tx) => {
      const visits = listPurgeableVisits(tx, cutoff);
      for (const v of visits) this.purgeVisit(tx, v, now.toISOString(), days);
      for (const e of listAckedOutboxOfVisits(tx, visits.map((v) => v.id))) setOutboxPayload(tx, e.id, stripJson(e.payload_json));
      return { visits: visits.length, poaScans: dropSyncedPoaScans(tx, cutoff), cutoff };
    });
  }

  private purgeVisit(tx: WritableDb, v: { id: string; identity_check_json: string; subject_key: string }, at: string, days: number): void {
    const stub = identityStub(v.subject_key, at, days);
    // Search still finds the visit by the person key (FIN or passport number), never by name.
    const search = searchFold([stub.fin, stub.passportNumber].filter(Boolean).join(' '));
    replaceVisitIdentity(tx, v.id, JSON.stringify(stub), JSON.stringify(checkStub(v.identity_check_json)), search);
    for (const op of listVisitOperationPayloads(tx, v.id)) setOperationPayload(tx, op.id, stripJson(op.payload_json));
  }
}
