// IMEI and KÖMİS registrations (DOMAIN.md §5).
import { ErrorCode } from '../../errors';
import { validateFin, validateImei } from '../identifiers';
import type { Identity } from '../identity';
import { violation, type Verdict } from './result';

/** The person on the form must be the one identified at the desk (ID series + number as on the card). */
export function checkDocumentMatches(identity: Identity, input: { fin?: string; documentSeries: string; documentNumber: string }): Verdict {
  if (identity.kind !== 'citizen') return violation(ErrorCode.InvalidInput, 'This registration needs an Azerbaijani ID card.', { fields: { documentNumber: 'ID_CARD_REQUIRED' } });
  const fields: Record<string, string> = {};
  if (input.fin !== undefined) {
    const c = validateFin(input.fin);
    if (c) fields.fin = c;
    else if (input.fin.trim().toUpperCase() !== identity.fin) fields.fin = 'IDENTITY_MISMATCH';
  }
  const typed = `${input.documentSeries}${input.documentNumber}`.toUpperCase().replace(/\s+/g, '');
  const onCard = identity.documentNumber.toUpperCase().replace(/\s+/g, '');
  // Old cards: series AZE + 8 digits (the MRZ number omits the series); new cards: AA + 7 digits.
  if (typed !== onCard && typed !== `AZE${onCard}` && `AZE${typed}` !== onCard) fields.documentNumber = 'IDENTITY_MISMATCH';
  return Object.keys(fields).length ? violation(ErrorCode.InvalidInput, 'The document does not match the identified customer.', { fields }) : null;
}

export function checkImeis(imei: string, imei2: string | undefined): Verdict {
  const fields: Record<string, string> = {};
  const c1 = validateImei(imei);
  if (c1) fields.imei = c1;
  if (imei2 !== undefined && imei2.trim() !== '') {
    const c2 = validateImei(imei2);
    if (c2) fields.imei2 = c2;
    else if (!c1 && imei2.replace(/[\s-]/g, '') === imei.replace(/[\s-]/g, '')) fields.imei2 = 'IMEI_SAME_AS_FIRST';
  }
  return Object.keys(fields).length ? violation(ErrorCode.InvalidInput, 'The IMEI is not valid.', { fields }) : null;
}

export const komisUtilities = ['azeriqaz', 'azersu', 'azerenerji', 'bakielektrik'] as const;
export type KomisUtility = (typeof komisUtilities)[number];

/** At least one utility account; each 4–30 letters, digits or dashes. */
export function checkKomisAccounts(accounts: Partial<Record<KomisUtility, string>>): Verdict {
  const fields: Record<string, string> = {};
  let count = 0;
  for (const u of komisUtilities) {
    const v = accounts[u]?.trim();
    if (!v) continue;
    count++;
    if (!/^[0-9A-Za-z-]{4,30}$/.test(v)) fields[`accounts.${u}`] = 'ACCOUNT_FORMAT';
  }
  if (count === 0) fields.accounts = 'ACCOUNT_REQUIRED';
  return Object.keys(fields).length ? violation(ErrorCode.InvalidInput, 'The utility accounts have errors.', { fields }) : null;
}
