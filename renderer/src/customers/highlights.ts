// What a clerk should notice about a customer at a glance (issue 9, item 7): certificates to re-issue, renewals due,
// expired ones, powers of attorney the person acts under, SIMs retired — shown on the customer page and on the visit
// page. Pure (the view comes from main: customers:summary), so it is unit-tested; texts are i18n keys with params.
import type { CustomerView } from '../../../common/ipc/channels/customers';

export interface Highlight {
  key: string;
  params: Record<string, string | number>;
  tone: 'warn' | 'info';
}

/** In order of urgency: what stops an operation first, then what is due, then what helps. */
export function highlightsOf(v: CustomerView, today: string): Highlight[] {
  const out: Highlight[] = [];
  for (const c of v.certificates) {
    if (c.status === 'needs-reissue') out.push({ key: 'customerPage.hl.reissue', params: { msisdn: c.msisdn, type: c.type, office: c.officeName ?? '' }, tone: 'warn' });
  }
  for (const c of v.certificates) {
    if (c.status !== 'active') continue;
    if (c.renewal === 'in-person') out.push({ key: 'customerPage.hl.expired', params: { msisdn: c.msisdn, type: c.type }, tone: 'warn' });
    else if (c.renewal === 'online-window') out.push({ key: 'customerPage.hl.renewalDue', params: { msisdn: c.msisdn, type: c.type, days: c.daysLeft }, tone: 'info' });
  }
  for (const p of v.poas.received) {
    if (p.revokedAt === null && p.validFrom <= today && today <= p.validTo) out.push({ key: 'customerPage.hl.actsFor', params: { name: p.principal.name, validTo: p.validTo }, tone: 'info' });
  }
  for (const p of v.poas.given) {
    if (p.revokedAt === null && p.validFrom <= today && today <= p.validTo) out.push({ key: 'customerPage.hl.represented', params: { name: p.trusteeName, validTo: p.validTo }, tone: 'info' });
  }
  return out;
}

/** Where the answer came from and how fresh it is: the i18n key and its params (`when` is an ISO moment or absent). */
export function freshnessOf(v: Pick<CustomerView, 'source' | 'asOf'>): { key: string; when: string | null } {
  if (v.source === 'server') return { key: 'customerPage.fromServer', when: v.asOf };
  return v.asOf ? { key: 'customerPage.fromReplica', when: v.asOf } : { key: 'customerPage.fromJournal', when: null };
}
