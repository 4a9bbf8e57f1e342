// A chip read as evidence of identity (DOMAIN.md §2, issue 10): the verdicts are made where the read happened — the
// main process keeps the read under an id, decides with these rules, and builds the visit's identity and its record
// of the check from the chip itself. The renderer shows the verdict it is given; it never supplies one.
import type { ChipRead } from '../../ipc/channels/idcard';

/** Why a read cannot identify the customer. */
export const chipRefusals = ['expired', 'check-digits', 'mismatch', 'passive', 'active-auth', 'chip-auth', 'no-fin'] as const;
export type ChipRefusal = (typeof chipRefusals)[number];

/** The first reason this read cannot identify anyone, or null when it can. */
export function chipRefusal(r: Pick<ChipRead, 'expiry' | 'chip' | 'matchesPrinted' | 'passiveAuth' | 'activeAuth' | 'chipAuth'>): ChipRefusal | null {
  if (r.expiry.expired) return 'expired';
  if (!r.chip.checkDigitsValid) return 'check-digits';
  if (!r.matchesPrinted) return 'mismatch';
  // A document signer its CSCA revoked (on the CRL) vouches for nothing: refused like a failed signature.
  if (r.passiveAuth && (r.passiveAuth.hashes !== 'ok' || r.passiveAuth.signature !== 'ok' || r.passiveAuth.csca === 'revoked')) return 'passive';
  // A chip that fails a clone check is a copy (or a forgery) of a genuine chip: refused like altered data.
  if (r.chipAuth.status === 'failed') return 'chip-auth';
  if (r.activeAuth.status === 'failed') return 'active-auth';
  if (r.chip.format !== 'TD3' && !r.chip.fin) return 'no-fin';
  return null;
}

/** What a clerk types beside a passport's chip: the residence permit has no chip here. */
export interface TypedPermit {
  residencePermitNumber: string;
  residencePermitExpiry: string;
  personalCode?: string;
}

/**
 * The customer as the chip says (the patronymic is not on the chip). A passport (TD3) identifies a foreigner with the
 * typed residence permit; `mrz` is the printed MRZ the read was made with, if it was typed or scanned.
 */
export function identityFromChip(r: ChipRead, mrz: string | undefined, permit: TypedPermit | undefined): Record<string, unknown> {
  const c = r.chip;
  if (c.format === 'TD3') {
    return {
      kind: 'foreigner', passportNumber: c.documentNumber, nationality: c.nationality, surname: c.surname, givenName: c.givenNames,
      birthDate: c.birthDateIso ?? '', passportExpiry: c.expiryDateIso ?? '', residencePermitNumber: permit?.residencePermitNumber ?? '',
      residencePermitExpiry: permit?.residencePermitExpiry ?? '', personalCode: permit?.personalCode ?? '', mrz,
    };
  }
  return {
    kind: 'citizen', fin: c.fin ?? '', documentNumber: c.documentNumber, surname: c.surname, givenName: c.givenNames, patronymic: '',
    birthDate: c.birthDateIso ?? '', expiryDate: c.expiryDateIso, mrz,
  };
}

/** The record of the check kept with the visit and synced (no photo, no data groups' bytes: their hash). */
export function chipCheckRecord(r: ChipRead, readId: string, photoSha256: string | null): Record<string, unknown> {
  return {
    chipRead: true,
    readId,
    reader: r.reader,
    matchesPrinted: r.matchesPrinted,
    mismatches: r.comparison.filter((c) => c.match === false).map((c) => c.field),
    expired: r.expiry.expired,
    // crl: the CSCA's revocation list as it stood (an out-of-date one is worth knowing when the visit is looked at later).
    passiveAuth: r.passiveAuth ? { hashes: r.passiveAuth.hashes, signature: r.passiveAuth.signature, csca: r.passiveAuth.csca, ...(r.passiveAuth.crl ? { crl: r.passiveAuth.crl } : {}) } : null,
    activeAuth: r.activeAuth.status,
    chipAuth: r.chipAuth.status,
    dataGroups: r.dataGroups,
    photoShown: r.photo?.displayable === true,
    photoSha256,
  };
}
