// A customer's summary from what the desk holds (issue 9), for an offline look-up: the server's last summary, updated
// by everything that arrived or happened since — activity records pulled for the office, the central POAs and
// certificates the pull keeps current, and this desk's own journal (operations the server may not have yet).
import type { ReadableDb } from '../db/database';
import type { CustomerCertificate, CustomerPoa, CustomerRecord, CustomerSummary } from '../../../common/sync/customers';
import { customerRecordSchema } from '../../../common/sync/customers';
import { activityOf, customerOf, mergeBy, simsOf } from '../../../common/domain/customer-summary';
import { isOperationKind, syncKindOf } from '../../../common/operations';
import { listCertificatesOfSubject } from '../db/queries/certificates';
import { listPoas, toPoa } from '../db/queries/poa';
import { listJournalOperationsOf, listJournalVisitsOf, listReplicaRecords } from '../db/queries/customers';
import { findVoidOf } from '../db/queries/payments';
import type { CustomerReplica } from './replica';

type Office = { officeId: string | null; officeName: string | null };

/** This desk's visits and operations of the customer, as the server will record them. */
function journalRecords(db: ReadableDb, key: string, office: Office): CustomerRecord[] {
  const out: CustomerRecord[] = [];
  for (const v of listJournalVisitsOf(db, key)) {
    const payload = { visitId: v.id, identity: JSON.parse(v.identity_json) as unknown, identityMethod: v.identity_method, createdAt: v.created_at };
    out.push({ id: `visit:${v.id}`, kind: 'visit.create', subject: key, createdAt: v.created_at, status: 'applied', payload, ...office });
    if (v.status !== 'open') {
      const ended = v.closed_at ?? v.created_at;
      const kind = v.status === 'cancelled' ? 'visit.cancel' : 'visit.close';
      out.push({ id: `end:${v.id}`, kind, subject: key, createdAt: ended, status: 'applied', payload: { visitId: v.id, closedAt: ended, cancelledAt: ended }, ...office });
    }
  }
  for (const o of listJournalOperationsOf(db, key)) {
    const kind = isOperationKind(o.kind) ? syncKindOf(o.kind) : o.kind;
    out.push({ id: o.id, kind, subject: key, createdAt: o.created_at, status: findVoidOf(db, o.id) ? 'voided' : 'applied', payload: JSON.parse(o.payload_json) as Record<string, unknown>, ...office });
  }
  return out;
}

function pulledRecords(db: ReadableDb, key: string): CustomerRecord[] {
  return listReplicaRecords(db, key).flatMap((json) => {
    const p = customerRecordSchema.safeParse(JSON.parse(json));
    return p.success ? [p.data] : [];
  });
}

/**
 * The replica's answer for `key`, or null when the desk knows nothing of them. `heardAt`: when the server last said
 * anything about them (null: known only from this desk's journal).
 */
export function replicaSummary(db: ReadableDb, replica: CustomerReplica, key: string): { summary: CustomerSummary; heardAt: string | null } | null {
  const row = replica.customer(key);
  const cached = row ? replica.cachedSummary(row) : null;
  const office = replica.office();
  const journal = journalRecords(db, key, office);
  // A visit recorded here is the same visit the server reports under the visit's id: keyed by visit id, not record id.
  // The journal is newer than a pulled copy, except a visit this desk purged: the server's copy still has the details.
  const isPurged = (r: CustomerRecord) => r.kind === 'visit.create' && typeof (r.payload.identity as Record<string, unknown> | undefined)?.purgedAt === 'string';
  const recordKey = (r: CustomerRecord) => (r.kind === 'visit.create' ? `visit:${String(r.payload.visitId)}` : r.id);
  const records = mergeBy(recordKey, [...journal.filter(isPurged), ...pulledRecords(db, key)], journal.filter((r) => !isPurged(r)));
  const customer = customerOf(key, records) ?? cached?.customer ?? null;
  if (!customer) return null;
  const known = (id: string, list: readonly { id: string; officeId: string | null; officeName: string | null }[]) => list.find((x) => x.id === id);

  const localOps = new Set(journal.map((r) => r.id));
  const certificates: CustomerCertificate[] = listCertificatesOfSubject(db, key).map((c) => {
    const from = known(c.id, cached?.certificates ?? []);
    const where = from ? { officeId: from.officeId, officeName: from.officeName } : localOps.has(c.operation_id) ? office : { officeId: null, officeName: null };
    return {
      id: c.id, subject: c.subject, holderName: c.holder_name, type: c.type, msisdn: c.msisdn, iccid: c.iccid, validFrom: c.valid_from, validTo: c.valid_to,
      status: c.status, issuedAt: c.issued_at, operationId: c.operation_id, replacesId: c.replaces_id, ...where,
    };
  });
  const poa = (filter: { principalKey?: string; trusteeKey?: string }, cachedList: readonly CustomerPoa[]): CustomerPoa[] =>
    listPoas(db, filter)
      .filter((r) => r.principal_key)
      .map((r) => {
        const p = toPoa(r);
        const from = known(p.id, cachedList);
        const where = from ? { officeId: from.officeId, officeName: from.officeName } : r.visit_id ? office : { officeId: null, officeName: null };
        return {
          id: p.id, principal: p.principal, principalKey: p.principalKey, trusteeKey: p.trusteeKey, trusteeName: p.trusteeName, notaryRegistryNumber: p.notaryRegistryNumber,
          notaryDate: p.notaryDate, validFrom: p.validFrom, validTo: p.validTo, scope: p.scope, letterSha256: p.letter?.sha256 ?? null, createdAt: p.createdAt,
          revokedAt: p.revokedAt, revokedReason: p.revokedReason, ...where,
        };
      });
  const activity = activityOf(records);
  const summary: CustomerSummary = {
    customer: { ...customer, documents: mergeBy((d) => `${d.type}:${d.number}`, cached?.customer.documents ?? [], customer.documents) },
    certificates: mergeBy((c) => c.id, cached?.certificates ?? [], certificates),
    sims: mergeBy((s) => s.iccid, cached?.sims ?? [], simsOf(records)),
    poas: { given: mergeBy((p) => p.id, cached?.poas.given ?? [], poa({ principalKey: key }, cached?.poas.given ?? [])), received: mergeBy((p) => p.id, cached?.poas.received ?? [], poa({ trusteeKey: key }, cached?.poas.received ?? [])) },
    services: mergeBy((s) => s.id, cached?.services ?? [], activity.services),
    tokenReports: mergeBy((s) => s.id, cached?.tokenReports ?? [], activity.tokenReports),
    imeiRegistrations: mergeBy((s) => s.id, cached?.imeiRegistrations ?? [], activity.imeiRegistrations),
    komisRegistrations: mergeBy((s) => s.id, cached?.komisRegistrations ?? [], activity.komisRegistrations),
    visits: mergeBy((v) => v.id, cached?.visits ?? [], activity.visits).sort((a, b) => a.at.localeCompare(b.at)),
  };
  return { summary, heardAt: row?.heard_at ?? null };
}
