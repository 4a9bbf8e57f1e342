// The desk's replica of its office's customers (issue 9, docs/customers.md): the summaries the server gave on
// look-ups, the activity records pulled for the office's customers (table customer_records), the central POAs and
// certificates (kept by central-records.ts in the flows' own tables) and the identifiers that find a customer offline.
// It answers offline look-ups and searches, and forgets customers the office has not seen for the retention period.
import { withTx, type Db, type WritableDb } from '../db/database';
import type { Clock } from '../services/clock';
import type { Change } from '../../../common/sync/protocol';
import { searchFold } from '../../../common/domain/search';
import { CUSTOMER_RECORDS_TABLE, customerRecordSchema, customerSummarySchema, documentVariants, type CustomerRecord, type CustomerSummary } from '../../../common/sync/customers';
import {
  deleteReplicaCustomer,
  findJournalKeys,
  findKeysBy,
  findReplicaCustomer,
  insertReplicaRecord,
  listUnseenCustomers,
  putReplicaKey,
  searchReplica,
  upsertReplicaCustomer,
  type KeyKind,
  type ReplicaCustomerRow,
} from '../db/queries/customers';
import { insertCentralPoa, revokePoa } from '../db/queries/poa';
import { upsertCentralCertificate } from '../db/queries/certificates';
import { getSetting, setSetting } from '../db/queries/settings';
import { getSyncState } from '../db/queries/sync_state';

export const DEFAULT_RETENTION_DAYS = 180;

/** The identifiers a record names, to find its customer offline. */
function keysOfRecord(r: CustomerRecord): [KeyKind, string][] {
  const p = r.payload;
  const out: [KeyKind, string][] = [];
  const add = (kind: KeyKind, v: unknown) => {
    if (typeof v === 'string' && v !== '') out.push([kind, v]);
  };
  if (r.kind === 'visit.create' && p.identity && typeof p.identity === 'object') {
    const id = p.identity as Record<string, unknown>;
    add('fin', id.fin);
    add('fin', id.personalCode);
    add('document', id.documentNumber);
    add('document', id.passportNumber);
    add('document', id.residencePermitNumber);
  }
  for (const f of ['iccid', 'newIccid', 'oldIccid']) add('iccid', p[f]);
  add('msisdn', p.msisdn);
  add('imei', p.imei);
  add('imei', p.imei2);
  return out;
}

function nameOf(summary: CustomerSummary): string {
  const c = summary.customer;
  return [c.surname, c.givenName, c.patronymic].filter(Boolean).join(' ');
}

/** Retention after a pull runs at most this often (pulls come every few seconds to minutes). */
const PRUNE_EVERY_MS = 3_600_000;

export class CustomerReplica {
  private lastPrunedAt = 0;
  /** Read once: apply() runs for every pulled change, and only this class changes it. */
  private retention: number | null = null;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  private enrolledOffice: string | null = null;

  /** The enrolled office's id, read once it is known (a desk is enrolled once). */
  private officeId(db: Db): string | null {
    this.enrolledOffice ??= getSyncState(db, 'officeId');
    return this.enrolledOffice;
  }

  /** This desk's office as enrolment named it (records made here carry it). */
  office(): { officeId: string | null; officeName: string | null } {
    return { officeId: getSyncState(this.db, 'officeId'), officeName: getSyncState(this.db, 'officeName') };
  }

  retentionDays(): number {
    this.retention ??= getSetting(this.db, 'replicaRetentionDays') ?? DEFAULT_RETENTION_DAYS;
    return this.retention;
  }

  /** `also` runs in the same transaction (the audit entry of the supervisor's edit). */
  setRetentionDays(days: number, also?: (tx: WritableDb) => void): void {
    withTx(this.db, (tx) => {
      setSetting(tx, 'replicaRetentionDays', days);
      also?.(tx);
    });
    this.retention = days;
  }

  /**
   * The sync area's sink for pulled changes, in the page's transaction: activity records join the replica; a pulled
   * POA or certificate makes its people known to the replica (so retention can forget them) and tells when the server
   * last spoke of them. Other tables are not the replica's.
   *
   * "Seen" is office-wide: a record made at this office was seen when it was made; a copy the server sent because the
   * office keeps the customer carries when the office last saw them (`seenByOfficeAt`). A copy of a customer seen
   * longer ago than the retention period is not kept.
   */
  apply(tx: WritableDb, change: Change): void {
    if (change.op !== 'upsert' || !change.row) return;
    const now = this.clock.now().toISOString();
    const cutoff = new Date(this.clock.now().getTime() - this.retentionDays() * 86_400_000).toISOString();
    const officeSeen = typeof change.row.seenByOfficeAt === 'string' ? change.row.seenByOfficeAt : undefined;
    const note = (key: string, seenAt: string | undefined, name?: string, fin?: string): boolean => {
      if (!/^(fin|passport):/.test(key)) return false;
      const known = findReplicaCustomer(tx, key) !== null;
      if (!known && (seenAt ?? now) < cutoff) return false;
      upsertReplicaCustomer(tx, { key, ...(name ? { name, nameFold: searchFold(name) } : {}), ...(fin ? { fin } : {}), heardAt: now, seenAt: seenAt ?? (known ? undefined : now) });
      return true;
    };
    if (change.table === CUSTOMER_RECORDS_TABLE) {
      const parsed = customerRecordSchema.safeParse(change.row);
      if (!parsed.success) {
        console.error(`masa: customer record ${change.key} from the server is invalid; skipped: ${parsed.error.message}`);
        return;
      }
      const r = parsed.data;
      const mine = r.officeId !== null && r.officeId === this.officeId(tx);
      const identity = r.kind === 'visit.create' ? (r.payload.identity as Record<string, unknown> | undefined) : undefined;
      const name = identity ? [identity.surname, identity.givenName, identity.patronymic].filter((x) => typeof x === 'string' && x).join(' ') : undefined;
      if (!note(r.subject, mine ? r.createdAt : officeSeen, name, typeof identity?.fin === 'string' ? identity.fin : undefined)) return;
      insertReplicaRecord(tx, { id: r.id, key: r.subject, kind: r.kind, createdAt: r.createdAt, json: JSON.stringify(r) });
      for (const [kind, value] of keysOfRecord(r)) putReplicaKey(tx, kind, value, r.subject);
      return;
    }
    const row = change.row as Record<string, unknown>;
    const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
    if (change.table === 'certificates') {
      const key = text(row.subject);
      if (key && note(key, officeSeen ?? text(row.issuedAt), text(row.holderName))) {
        for (const [kind, v] of [['iccid', row.iccid], ['msisdn', row.msisdn]] as const) if (typeof v === 'string') putReplicaKey(tx, kind, v, key);
      }
    } else if (change.table === 'poas') {
      const principal = row.principal as { name?: unknown } | undefined;
      const p = text(row.principalKey);
      const t = text(row.trusteeKey);
      if (p) note(p, officeSeen ?? text(row.createdAt), text(principal?.name));
      if (t) note(t, officeSeen ?? text(row.createdAt), text(row.trusteeName));
    }
  }

  /** A look-up's answer: the summary replaces what the replica held; its POAs and certificates become usable here. */
  store(summary: CustomerSummary, asOf: string): void {
    const key = summary.customer.key;
    const name = nameOf(summary);
    withTx(this.db, (tx) => {
      upsertReplicaCustomer(tx, { key, name, nameFold: searchFold(name), fin: summary.customer.fin, summaryJson: JSON.stringify(summary), heardAt: asOf, seenAt: this.clock.now().toISOString() });
      const c = summary.customer;
      for (const v of [c.fin, c.personalCode]) if (v) putReplicaKey(tx, 'fin', v, key);
      for (const d of c.documents) putReplicaKey(tx, 'document', d.number, key);
      for (const s of summary.sims) {
        putReplicaKey(tx, 'iccid', s.iccid, key);
        if (s.msisdn) putReplicaKey(tx, 'msisdn', s.msisdn, key);
      }
      for (const x of summary.certificates) {
        putReplicaKey(tx, 'iccid', x.iccid, key);
        putReplicaKey(tx, 'msisdn', x.msisdn, key);
        if (x.subject !== key) continue;
        upsertCentralCertificate(tx, {
          id: x.id, subject: x.subject, holder_name: x.holderName, type: x.type as 'ferdi', msisdn: x.msisdn, iccid: x.iccid, valid_from: x.validFrom,
          valid_to: x.validTo, status: x.status, issued_at: x.issuedAt, operation_id: x.operationId, replaces_id: x.replacesId,
        });
      }
      for (const i of summary.imeiRegistrations) {
        putReplicaKey(tx, 'imei', i.imei, key);
        if (i.imei2) putReplicaKey(tx, 'imei', i.imei2, key);
      }
      // A POA registered at another office is usable here after the look-up, as one pulled for the office is.
      for (const p of [...summary.poas.given, ...summary.poas.received]) {
        insertCentralPoa(tx, {
          id: p.id, visit_id: null, principal_json: JSON.stringify(p.principal), principal_key: p.principalKey, trustee_key: p.trusteeKey,
          trustee_name: p.trusteeName, notary_registry_number: p.notaryRegistryNumber, notary_date: p.notaryDate, valid_from: p.validFrom,
          valid_to: p.validTo, scope_json: JSON.stringify(p.scope), letter_sha256: p.letterSha256, created_at: p.createdAt,
        });
        if (p.revokedAt) revokePoa(tx, p.id, p.revokedAt, p.revokedReason ?? 'revoked centrally', 'central');
      }
    });
  }

  /** The customers an identifier points at (replica first, then this desk's journal), most recently seen first. */
  keysFor(kind: KeyKind, value: string): string[] {
    const values = kind === 'document' ? documentVariants(value) : [value];
    return [...new Set([...findKeysBy(this.db, kind, values), ...findJournalKeys(this.db, kind, values)])];
  }

  customer(key: string): ReplicaCustomerRow | null {
    return findReplicaCustomer(this.db, key);
  }

  /** The summary the server last gave for `key`, if it still parses. */
  cachedSummary(row: ReplicaCustomerRow): CustomerSummary | null {
    if (!row.summary_json) return null;
    const p = customerSummarySchema.safeParse(JSON.parse(row.summary_json));
    return p.success ? p.data : null;
  }

  search(query: string, limit: number): ReplicaCustomerRow[] {
    return searchReplica(this.db, { value: query.trim().toUpperCase().replace(/\s+/g, ''), fold: searchFold(query.trim()) }, limit);
  }

  /**
   * Customers the office has not seen for `retentionDays` (no visit at this desk, no look-up, no record made at the
   * office) leave the replica. Run after each pull and at start; returns how many left.
   */
  pruneIfDue(): number {
    const now = this.clock.now();
    if (Math.abs(now.getTime() - this.lastPrunedAt) < PRUNE_EVERY_MS) return 0;
    return this.prune(now);
  }

  prune(now = this.clock.now()): number {
    this.lastPrunedAt = now.getTime();
    const cutoff = new Date(now.getTime() - this.retentionDays() * 86_400_000).toISOString();
    return withTx(this.db, (tx) => {
      const gone = listUnseenCustomers(tx, cutoff);
      for (const key of gone) deleteReplicaCustomer(tx, key);
      return gone.length;
    });
  }
}
