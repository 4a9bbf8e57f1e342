// Asan İmza certificates (DOMAIN.md §3, §6): documents per type and applicant, renewal window, type change,
// validity. The numbers (window, validity, period) come from reference data, passed in by the caller.
import { ErrorCode } from '../../errors';
import { addYears, daysBetween } from '../dates';
import type { CertHolder, CertType, DocumentCode } from '../reference';
import { violation, type Verdict } from './result';

export type RenewalState = 'not-yet' | 'online-window' | 'in-person';

/** Online renewal only inside the last `windowDays` before expiry; after expiry only in person. */
export function renewalState(validTo: string, today: string, windowDays: number): RenewalState {
  const left = daysBetween(today, validTo);
  if (left < 0) return 'in-person';
  if (left <= windowDays) return 'online-window';
  return 'not-yet';
}

export type CertStatus = 'active' | 'needs-reissue' | 'replaced' | 'renewed' | 'revoked';

/** Renewal at the desk: inside the window or after expiry; earlier only with a supervisor's approval. */
export function checkRenewal(cert: { status: CertStatus; validTo: string }, today: string, windowDays: number, approved: boolean): Verdict {
  if (cert.status === 'needs-reissue') return violation(ErrorCode.ReissueRequired, 'After a SIM duplicate the certificate must be re-issued, not renewed.');
  if (cert.status !== 'active') return violation(ErrorCode.CertNotRenewable, 'This certificate was replaced, renewed or revoked: renew the current one.', { details: { status: cert.status } });
  if (renewalState(cert.validTo, today, windowDays) === 'not-yet' && !approved) {
    return violation(ErrorCode.RenewalTooEarly, `Renewal opens ${windowDays} days before expiry.`, {
      details: { opensOn: addDays(cert.validTo, -windowDays), windowDays },
    });
  }
  return null;
}

/** A certificate of another type may replace an active one only after the type-change period (3 years). */
export function checkTypeChange(
  active: readonly { type: CertType; validFrom: string; status: CertStatus }[],
  newType: CertType,
  today: string,
  periodYears: number,
  approved: boolean,
): Verdict {
  for (const c of active) {
    if (c.status !== 'active' && c.status !== 'needs-reissue') continue;
    if (c.type === newType) {
      return violation(ErrorCode.CertAlreadyActive, 'The subscriber already has a certificate of this type on this number: renew or re-issue it.');
    }
    const from = addYears(c.validFrom, periodYears);
    if (today < from && !approved) {
      return violation(ErrorCode.TypeChangeTooEarly, `The certificate type can only be changed from ${from}.`, { details: { from } });
    }
  }
  return null;
}

export function typeChangeFrom(validFrom: string, periodYears: number): string {
  return addYears(validFrom, periodYears);
}

/** Last day of validity for a certificate issued on `from`: `years` later, minus one day. */
export function certificateValidTo(from: string, years: number): string {
  return addDays(addYears(from, years), -1);
}

export function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Which applicant kinds fit the certificate type (Fərdi: a person for themselves or through a trustee, etc.). */
export function checkHolderForType(certType: CertType, holder: CertHolder, actingForPoa: boolean): Verdict {
  const delegated = holder === 'trustee' || holder === 'legal-entity';
  if (delegated && !actingForPoa) return violation(ErrorCode.DocumentsMissing, 'A trustee needs a registered power of attorney.', { fields: { actingFor: 'POA_REQUIRED' }, details: { missing: ['power-of-attorney'] } });
  if (!delegated && actingForPoa) return violation(ErrorCode.InvalidInput, 'Choose “trustee” or “legal entity” when acting under a power of attorney.', { fields: { holder: 'HOLDER_POA_MISMATCH' } });
  if (certType === 'ferdi' && (holder === 'legal-entity' || holder === 'employee')) return violation(ErrorCode.InvalidInput, 'A Fərdi certificate is for an individual.', { fields: { holder: 'HOLDER_TYPE_MISMATCH' } });
  if (certType === 'dovlet' && holder !== 'employee') return violation(ErrorCode.InvalidInput, 'A Dövlət certificate is for a civil servant, with the employer’s form.', { fields: { holder: 'HOLDER_TYPE_MISMATCH' } });
  return null;
}

export function missingDocuments(required: readonly DocumentCode[], presented: ReadonlySet<DocumentCode>): DocumentCode[] {
  return required.filter((d) => !presented.has(d));
}

export function checkDocuments(required: readonly DocumentCode[], presented: ReadonlySet<DocumentCode>): Verdict {
  const missing = missingDocuments(required, presented);
  if (missing.length === 0) return null;
  return violation(ErrorCode.DocumentsMissing, `Documents missing: ${missing.join(', ')}.`, {
    fields: Object.fromEntries(missing.map((d) => [`documents.${d}`, 'DOCUMENT_MISSING'])),
    details: { missing },
  });
}
