// A customer across offices (issue 9): look-up by FIN, document, ICCID, number or IMEI. Online the server answers
// (every office's records) and the answer is kept in the desk's replica; when the server cannot be asked the replica
// answers and says since when it knows. Search covers the replica and this desk's journal, names folded (ƏLİ → Əli).
import { AppError, ErrorCode } from '../../../common/errors';
import { daysBetween, localIsoDate } from '../../../common/domain/dates';
import { renewalState, typeChangeFrom } from '../../../common/domain/rules/certificates';
import { Parameter } from '../../../common/domain/reference';
import { searchFold } from '../../../common/domain/search';
import { guessLookup, normaliseLookup, type CustomerLookupBy, type CustomerLookupResponse, type CustomerQuery, type CustomerSummary } from '../../../common/sync/customers';
import type { CustomerHit, CustomerView, ReplicaSettings } from '../../../common/ipc/channels/customers';
import type { ReadableDb } from '../db/database';
import { listReplicaKeysOf } from '../db/queries/customers';
import { searchVisits, toVisit } from '../db/queries/visits';
import type { Clock } from '../services/clock';
import type { AuditPort } from '../services/audit-log';
import type { CustomerReplica } from './replica';
import { replicaSummary } from './replica-summary';

/** Thrown by the server port when the server cannot be asked (not enrolled, offline, down, refusing the desk). */
export class ServerUnreachable extends Error {}

export interface CustomerServerPort {
  /** The server's answer; ServerUnreachable when it cannot be asked; an AppError for a question it refuses. */
  lookup(query: CustomerQuery): Promise<CustomerLookupResponse>;
}

/** Reference parameters the certificate dates depend on (the flows' ReferenceService). */
export interface ParameterPort {
  parameter(code: string, date?: string): number;
}

export class CustomerService {
  constructor(
    private readonly db: ReadableDb,
    private readonly clock: Clock,
    private readonly replica: CustomerReplica,
    private readonly server: CustomerServerPort,
    private readonly reference: ParameterPort,
    /** Who edits the replica's settings, and the audit entry of the edit. */
    private readonly supervisor: { requireSupervisor(): { id: string } },
    private readonly audit: AuditPort,
  ) {}

  /** null: nobody has this identifier (neither the server nor, offline, the replica). */
  async lookup(by: CustomerLookupBy, raw: string): Promise<CustomerView | null> {
    const value = normaliseLookup(by, raw);
    if (value === null) throw new AppError(ErrorCode.InvalidInput, `"${raw}" is not a ${by}.`, { fields: { value: `CUSTOMER_${by.toUpperCase()}_FORMAT` } });
    const query = { by, value };
    let answer: CustomerLookupResponse | null = null;
    try {
      answer = await this.server.lookup(query);
    } catch (e) {
      if (!(e instanceof ServerUnreachable)) throw e;
    }
    if (answer?.summary) {
      this.replica.store(answer.summary, answer.asOf);
      return this.view(answer.summary, 'server', answer.asOf);
    }
    // Unreachable, or the server does not know them (yet: a visit made here may not have been sent): the replica.
    return this.fromReplica(by === 'key' ? [value] : this.replica.keysFor(by, value));
  }

  /** By person key (fin:…, passport:…): the customer page opened from a search hit. */
  summary(key: string): Promise<CustomerView | null> {
    return this.lookup('key', key);
  }

  /** A guess at what was typed (ICCID, IMEI, number, FIN, document), then as customers:lookup. */
  lookupGuess(raw: string): Promise<CustomerView | null> {
    const q = guessLookup(raw);
    if (!q) throw new AppError(ErrorCode.InvalidInput, `"${raw}" is not a FIN, document number, ICCID, number or IMEI.`, { fields: { value: 'CUSTOMER_QUERY_FORMAT' } });
    return this.lookup(q.by, q.value);
  }

  /** The replica and this desk's journal: by an identifier (exact or its start) or a name (folded). */
  search(query: string, limit = 20): CustomerHit[] {
    const hits = new Map<string, CustomerHit>();
    const guess = guessLookup(query);
    const keys = guess && guess.by !== 'key' ? this.replica.keysFor(guess.by, guess.value) : guess ? [guess.value] : [];
    for (const key of keys) {
      const row = this.replica.customer(key);
      if (row) hits.set(key, this.hit(row.key, row.name, row.fin, row.seen_at));
    }
    for (const row of this.replica.search(query, limit)) if (!hits.has(row.key)) hits.set(row.key, this.hit(row.key, row.name, row.fin, row.seen_at));
    // Visits at this desk, also of customers the replica has never heard of (searchVisits folds the same way).
    for (const v of searchVisits(this.db, query, limit).map(toVisit)) {
      const key = v.identity.kind === 'citizen' ? `fin:${v.identity.fin}` : `passport:${v.identity.nationality}:${v.identity.passportNumber}`;
      const held = hits.get(key);
      const seen = held?.lastSeenAt && held.lastSeenAt > v.createdAt ? held.lastSeenAt : v.createdAt;
      // A purged visit (retention) knows only the person key: no name or document of its own to offer.
      const name = v.purged ? '' : [v.identity.surname, v.identity.givenName].join(' ');
      const doc = v.identity.kind === 'citizen' ? (v.purged ? null : v.identity.documentNumber) : v.identity.passportNumber;
      const fin = v.identity.kind === 'citizen' ? v.identity.fin : v.purged ? null : v.identity.personalCode || null;
      hits.set(key, { key, name: held?.name || name, fin, documents: [...new Set([...(held?.documents ?? []), ...(doc ? [doc] : [])])], lastSeenAt: seen });
    }
    const fold = searchFold(query);
    return [...hits.values()]
      .sort((a, b) => Number(searchFold(b.name).includes(fold)) - Number(searchFold(a.name).includes(fold)) || (b.lastSeenAt ?? '').localeCompare(a.lastSeenAt ?? ''))
      .slice(0, limit);
  }

  settings(): ReplicaSettings {
    return { retentionDays: this.replica.retentionDays() };
  }

  setSettings(s: ReplicaSettings): ReplicaSettings {
    const by = this.supervisor.requireSupervisor();
    this.replica.setRetentionDays(s.retentionDays, (tx) =>
      this.audit.append(tx, { kind: 'settings.update', actor: by.id, details: { name: 'replicaRetentionDays', value: s.retentionDays } }),
    );
    this.replica.prune();
    return this.settings();
  }

  private hit(key: string, name: string, fin: string | null, seenAt: string): CustomerHit {
    return { key, name, fin, documents: listReplicaKeysOf(this.db, key, 'document'), lastSeenAt: seenAt || null };
  }

  private fromReplica(keys: readonly string[]): CustomerView | null {
    for (const key of keys) {
      const found = replicaSummary(this.db, this.replica, key);
      if (found) return this.view(found.summary, 'replica', found.heardAt);
    }
    return null;
  }

  private view(summary: CustomerSummary, source: CustomerView['source'], asOf: string | null): CustomerView {
    const today = localIsoDate(this.clock.now());
    const windowDays = this.reference.parameter(Parameter.RenewalOnlineDaysBefore, today);
    const period = this.reference.parameter(Parameter.TypeChangeAfterYears, today);
    const certificates = summary.certificates.map((c) => ({
      ...c,
      daysLeft: daysBetween(today, c.validTo),
      renewal: c.status === 'active' ? renewalState(c.validTo, today, windowDays) : ('not-applicable' as const),
      typeChangeFrom: typeChangeFrom(c.validFrom, period),
    }));
    return { ...summary, certificates, source, asOf };
  }
}
