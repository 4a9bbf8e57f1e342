// A customer's history from their operations (issue 9): the server builds it from its `ops`, a desk offline from the
// records in its replica and its own journal, with the same code, so both answers read alike. Certificates, POAs and
// current SIM bindings come from the central projections instead (the server decides them); this file derives only
// what the operations themselves say.
import type { Customer, CustomerDocument, CustomerRecord, CustomerSim, CustomerSummary } from '../sync/customers';

type Activity = Pick<CustomerSummary, 'services' | 'tokenReports' | 'imeiRegistrations' | 'komisRegistrations' | 'visits'>;

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

/** The customer's operations voided since (issue 12): an applied `op.void` names the operation it voided. */
export function withVoids(records: readonly CustomerRecord[]): CustomerRecord[] {
  const voided = new Set(records.filter((r) => r.kind === 'op.void' && r.status === 'applied').map((r) => String(r.payload.operationId)));
  return voided.size === 0 ? [...records] : records.map((r) => (voided.has(r.id) ? { ...r, status: 'voided' as const } : r));
}

/** Visits (with their end), services, token reports and registrations, oldest first. */
export function activityOf(records: readonly CustomerRecord[]): Activity {
  const out: Activity = { services: [], tokenReports: [], imeiRegistrations: [], komisRegistrations: [], visits: [] };
  const sorted = withVoids(records).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const visits = new Map<string, Activity['visits'][number]>();
  for (const r of sorted) {
    const p = r.payload;
    const base = { id: r.id, at: r.createdAt, status: r.status, officeId: r.officeId, officeName: r.officeName };
    switch (r.kind) {
      case 'visit.create': {
        const id = str(p.visitId) ?? r.id;
        visits.set(id, { id, at: str(p.createdAt) ?? r.createdAt, method: str(p.identityMethod), state: visits.get(id)?.state ?? 'open', endedAt: visits.get(id)?.endedAt ?? null, officeId: r.officeId, officeName: r.officeName });
        break;
      }
      case 'visit.close':
      case 'visit.cancel': {
        const id = str(p.visitId) ?? r.id;
        const held = visits.get(id) ?? { id, at: r.createdAt, method: null, officeId: r.officeId, officeName: r.officeName, state: 'open' as const, endedAt: null };
        visits.set(id, { ...held, state: r.kind === 'visit.close' ? 'closed' : 'cancelled', endedAt: str(p.closedAt) ?? str(p.cancelledAt) ?? r.createdAt });
        break;
      }
      case 'service.activate':
      case 'service.extend':
      case 'service.correctType':
        out.services.push({ ...base, kind: r.kind, msisdn: str(p.msisdn) ?? '', certType: str(p.certType) ?? str(p.to), months: num(p.months), paidUntil: str(p.paidUntil), from: str(p.from), to: str(p.to) });
        break;
      case 'token.unblock':
      case 'token.revocationRequest':
      case 'token.reportLost':
        out.tokenReports.push({
          ...base,
          kind: r.kind === 'token.unblock' ? 'token.unblock' : 'token.reportLost',
          tokenSerial: str(p.tokenSerial),
          lostAt: str(p.lostAt),
          certificateSerials: Array.isArray(p.certificateSerials) ? p.certificateSerials.map(String) : [],
        });
        break;
      case 'imei.register':
        out.imeiRegistrations.push({ ...base, imei: str(p.imei) ?? '', imei2: str(p.imei2), msisdn: str(p.msisdn), noticeCode: str(p.noticeCode) ?? '' });
        break;
      case 'komis.register':
        out.komisRegistrations.push({ ...base, subscriberCode: str(p.subscriberCode) ?? '', document: str(p.document) ?? '' });
        break;
    }
  }
  out.visits = [...visits.values()].sort((a, b) => a.at.localeCompare(b.at));
  return out;
}

/** SIMs as the operations bound and retired them (a desk offline; the server reads its bindings instead). */
export function simsOf(records: readonly CustomerRecord[]): CustomerSim[] {
  const sims = new Map<string, CustomerSim>();
  // A voided sale or duplicate bound nothing: the SIMs stay as they were before it.
  const sorted = withVoids(records).filter((r) => r.status === 'applied').sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  for (const r of sorted) {
    const p = r.payload;
    const at = { since: r.createdAt, officeId: r.officeId, officeName: r.officeName };
    const msisdn = str(p.msisdn);
    if (r.kind === 'sim.sell' || r.kind === 'cert.issue' || r.kind === 'cert.reissue') {
      const iccid = str(p.iccid);
      if (iccid && sims.get(iccid)?.state !== 'retired') sims.set(iccid, { iccid, msisdn, state: 'bound', ...at });
    } else if (r.kind === 'sim.duplicate') {
      const old = str(p.oldIccid);
      // A lost SIM the desk did not know: the number's other SIMs are retired.
      const retired = old ? [old] : [...sims.values()].filter((s) => s.msisdn === msisdn && s.state === 'bound').map((s) => s.iccid);
      for (const iccid of retired) sims.set(iccid, { iccid, msisdn, state: 'retired', ...at });
      const fresh = str(p.newIccid);
      if (fresh) sims.set(fresh, { iccid: fresh, msisdn, state: 'bound', ...at });
    }
  }
  return [...sims.values()];
}

/** Who the customer is, from the visits that identified them (the latest identity wins; every document seen is kept). */
export function customerOf(key: string, records: readonly CustomerRecord[]): Customer | null {
  // A desk's purged visit (docs/security.md "Personal data retention") carries only the person key: any full identity
  // wins over it, whatever its date, so it goes first.
  const purged = (r: CustomerRecord) => Number(typeof (r.payload.identity as Record<string, unknown>).purgedAt === 'string');
  const visits = records
    .filter((r) => r.kind === 'visit.create' && r.payload.identity && typeof r.payload.identity === 'object')
    .sort((a, b) => purged(b) - purged(a) || a.createdAt.localeCompare(b.createdAt));
  if (visits.length === 0) return null;
  const documents = new Map<string, CustomerDocument>();
  let customer: Customer | null = null;
  for (const r of visits) {
    const id = r.payload.identity as Record<string, unknown>;
    const foreigner = id.kind === 'foreigner';
    customer = {
      key,
      kind: foreigner ? 'foreigner' : 'citizen',
      fin: foreigner ? null : str(id.fin),
      personalCode: foreigner ? str(id.personalCode) : null,
      nationality: foreigner ? str(id.nationality) : null,
      surname: str(id.surname) ?? '',
      givenName: str(id.givenName) ?? '',
      patronymic: str(id.patronymic) ?? '',
      birthDate: str(id.birthDate),
      documents: [],
    };
    const shown: [CustomerDocument['type'], string | null, string | null][] = foreigner
      ? [['passport', str(id.passportNumber), str(id.passportExpiry)], ['residence-permit', str(id.residencePermitNumber), str(id.residencePermitExpiry)]]
      : [['id-card', str(id.documentNumber), str(id.expiryDate)]];
    for (const [type, number, expiryDate] of shown) {
      if (!number) continue;
      const k = `${type}:${number}`;
      const seen = documents.get(k);
      documents.set(k, { type, number, expiryDate, firstSeenAt: seen?.firstSeenAt ?? r.createdAt, lastSeenAt: r.createdAt, officeId: r.officeId, officeName: r.officeName });
    }
  }
  return { ...customer!, documents: [...documents.values()] };
}

/** Lists of one kind from two sources, one entry per key; `newer` wins where both have it. */
export function mergeBy<T>(key: (t: T) => string, older: readonly T[], newer: readonly T[]): T[] {
  const m = new Map<string, T>();
  for (const t of older) m.set(key(t), t);
  for (const t of newer) m.set(key(t), t);
  return [...m.values()];
}
