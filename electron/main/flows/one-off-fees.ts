// One act, one fee: an Asan İmza type's one-off fee on a number is charged once per visit, whichever operation the
// clerk records first. The public figures (DOMAIN.md §3: "business 18 AZN + 2.50/month") went into reference data
// twice — as the Biznes certificate fee (fees `cert.issue.biznes`) and as the Biznes activation (asan_tariffs
// `activationMinor`) — so a customer given a certificate and the service in one visit read 18 AZN twice on one
// receipt. The second operation now charges only what the first did not (its months are always charged).
import type { ReadableDb } from '../db/database';
import { listOperationsOfVisit, toOperation } from '../db/queries/operations';
import type { CertType, ReferenceRow } from '../../../common/domain/reference';
import type { Operation } from '../../../common/operations';

type Tariff = (date: string) => ReferenceRow<'asan_tariffs'>;

function sameAct(o: Operation, kind: string, msisdn: string, certType: CertType): boolean {
  return o.status === 'completed' && o.kind === kind && o.payload.msisdn === msisdn && o.payload.certType === certType;
}

/** The one-off part a completed service activation charged: its fee less the months (at that day's tariff). */
function activationCharged(o: Operation, tariff: Tariff): number {
  const months = typeof o.payload.months === 'number' ? o.payload.months : 0;
  return Math.max(0, o.feeMinor - tariff(o.createdAt.slice(0, 10)).monthlyMinor * months);
}

/** The certificate issue's fee in this visit: its one-off fee less what an activation of the type already charged. */
export function certificateFeeInVisit(db: ReadableDb, visitId: string, msisdn: string, certType: CertType, ownFee: number, tariff: Tariff): number {
  const charged = listOperationsOfVisit(db, visitId)
    .map(toOperation)
    .filter((o) => sameAct(o, 'service.activate', msisdn, certType))
    .reduce((s, o) => s + activationCharged(o, tariff), 0);
  return Math.max(0, ownFee - charged);
}

/** The activation's one-off part in this visit: the tariff's, less what a certificate issue of the type already charged. */
export function activationFeeInVisit(db: ReadableDb, visitId: string, msisdn: string, certType: CertType, activationMinor: number): number {
  const charged = listOperationsOfVisit(db, visitId)
    .map(toOperation)
    .filter((o) => sameAct(o, 'cert.issue', msisdn, certType))
    .reduce((s, o) => s + o.feeMinor, 0);
  return Math.max(0, activationMinor - charged);
}
