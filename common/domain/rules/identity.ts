// DOMAIN.md §6: no operation without a verified identity; an expired ID card is refused — checked again when
// each operation is recorded, since a visit may stay open past the document's expiry.
import { ErrorCode } from '../../errors';
import type { Identity } from '../identity';
import { violation, type Verdict } from './result';

export interface VisitForRules {
  status: 'open' | 'completed' | 'cancelled';
  identityMethod: 'chip' | 'mrz' | 'manual';
  /** The supervisor approval recorded for a manual entry. */
  approvalId: string | null;
  identityCheck: Record<string, unknown>;
  identity: Identity;
}

/** The identity document's expiry dates that must not be in the past (null: no expiry printed). */
export function identityExpiries(identity: Identity): { field: string; date: string | null }[] {
  return identity.kind === 'citizen'
    ? [{ field: 'expiryDate', date: identity.expiryDate }]
    : [
        { field: 'passportExpiry', date: identity.passportExpiry },
        { field: 'residencePermitExpiry', date: identity.residencePermitExpiry },
      ];
}

export function checkVisitIdentity(visit: VisitForRules, today: string): Verdict {
  const verified =
    (visit.identityMethod === 'chip' && visit.identityCheck.chipRead === true) ||
    (visit.identityMethod === 'mrz' && typeof visit.identity.mrz === 'string' && visit.identity.mrz.length > 0) ||
    (visit.identityMethod === 'manual' && visit.approvalId !== null);
  if (!verified) return violation(ErrorCode.IdentityNotVerified, 'The customer’s identity was not verified (chip, MRZ, or approved manual entry).');
  for (const e of identityExpiries(visit.identity)) {
    if (e.date !== null && e.date < today) {
      return violation(ErrorCode.IdExpired, 'The identity document has expired: it cannot be accepted.', { fields: { [e.field]: 'DOCUMENT_EXPIRED' }, details: { expiredOn: e.date } });
    }
  }
  // After the document's own verdicts: a visit closed at the end of the day whose ID has since expired says the
  // expiry (a new visit would not help), not merely that the visit is closed.
  if (visit.status !== 'open') return violation(ErrorCode.VisitClosed, 'This visit is closed: start a new visit.');
  return null;
}

/** The subject key of a person identified on a visit: 'fin:…' or 'passport:<nationality>:<number>'. */
export function personKey(identity: Identity): string {
  return identity.kind === 'citizen' ? `fin:${identity.fin}` : `passport:${identity.nationality}:${identity.passportNumber}`;
}

/**
 * An identity check is good for `maxAgeHours` (reference parameter visit.identity.maxAgeHours): the person at the
 * desk hours later may not be the one whose ID was checked, so an older check is done again.
 */
export function checkIdentityAge(checkedAt: string, now: Date, maxAgeHours: number): Verdict {
  const ageMs = now.getTime() - Date.parse(checkedAt);
  if (ageMs > maxAgeHours * 3_600_000) {
    return violation(ErrorCode.IdentityCheckStale, `The identity check is older than ${maxAgeHours} hours: check the ID again.`, { details: { maxAgeHours, checkedAt } });
  }
  return null;
}
