// Powers of attorney (DOMAIN.md §3, §6): who may act for whom, for which operations, until when.
import { ErrorCode } from '../../errors';
import { isIsoDate } from '../dates';
import type { Identity } from '../identity';
import { validateFin, validateVoen, voenKind } from '../identifiers';
import { personKey } from './identity';
import { violation, type Verdict } from './result';

export interface PoaForRules {
  trusteeKey: string;
  validFrom: string;
  validTo: string;
  scope: readonly string[];
  revokedAt: string | null;
}

export type PoaStatus = 'valid' | 'expired' | 'not-yet-valid' | 'revoked';

export function poaStatus(poa: PoaForRules, today: string): PoaStatus {
  if (poa.revokedAt !== null) return 'revoked';
  if (poa.validTo < today) return 'expired';
  if (poa.validFrom > today) return 'not-yet-valid';
  return 'valid';
}

/** May the person identified on this visit (trusteeKey) do `kind` under this power of attorney today? */
export function checkPoaUse(poa: PoaForRules, use: { trusteeKey: string; kind: string; today: string }): Verdict {
  const v = poaUseVerdict(poa, use);
  // Every refusal is about the POA chosen in "acting for": marked there, and gone once the clerk chooses otherwise.
  return v && { ...v, fields: { actingFor: v.code, ...v.fields } };
}

function poaUseVerdict(poa: PoaForRules, use: { trusteeKey: string; kind: string; today: string }): Verdict {
  const status = poaStatus(poa, use.today);
  if (status === 'revoked') return violation(ErrorCode.PoaRevoked, 'This power of attorney has been revoked.');
  if (status === 'expired') return violation(ErrorCode.PoaExpired, 'This power of attorney has expired.', { details: { validTo: poa.validTo } });
  if (status === 'not-yet-valid') return violation(ErrorCode.PoaNotYetValid, 'This power of attorney is not valid yet.', { details: { validFrom: poa.validFrom } });
  if (poa.trusteeKey !== use.trusteeKey) return violation(ErrorCode.PoaTrusteeMismatch, 'The person at the desk is not the trustee named on the power of attorney.');
  if (!poa.scope.includes(use.kind)) return violation(ErrorCode.PoaOutOfScope, 'The power of attorney does not cover this operation.', { details: { kind: use.kind } });
  return null;
}

export type PoaPrincipalInput =
  | { kind: 'person'; fin: string; name: string }
  | { kind: 'legal-entity'; voen: string; name: string; representative: { name: string; position?: string } };

export interface PoaRegistrationInput {
  principal: PoaPrincipalInput;
  trustee: { fin?: string; passportNumber?: string };
  notaryRegistryNumber: string;
  notaryDate: string;
  validFrom: string;
  validTo: string;
  scope: readonly string[];
  letter?: { confirmedSignedSealed: boolean; hasScan: boolean };
}

export function principalKey(p: PoaPrincipalInput): string {
  return p.kind === 'person' ? `fin:${p.fin.trim().toUpperCase()}` : `voen:${p.voen.trim()}`;
}

/** Checks a power of attorney presented at the desk by the trustee identified on the visit. */
export function checkPoaRegistration(input: PoaRegistrationInput, trustee: Identity, today: string): Verdict {
  const fields: Record<string, string> = {};
  if (input.principal.kind === 'person') {
    const c = validateFin(input.principal.fin);
    if (c) fields['principal.fin'] = c;
  } else {
    const c = validateVoen(input.principal.voen);
    if (c) fields['principal.voen'] = c;
    else if (voenKind(input.principal.voen) !== 'legal') fields['principal.voen'] = 'VOEN_NOT_LEGAL_ENTITY';
  }
  for (const f of ['notaryDate', 'validFrom', 'validTo'] as const) if (!isIsoDate(input[f])) fields[f] = 'DATE_FORMAT';
  if (!fields.notaryDate && input.notaryDate > today) fields.notaryDate = 'DATE_IN_FUTURE';
  if (!fields.validTo && !fields.validFrom && input.validTo < input.validFrom) fields.validTo = 'VALID_TO_BEFORE_FROM';
  if (input.scope.length === 0) fields.scope = 'POA_SCOPE_EMPTY';
  if (Object.keys(fields).length > 0) return violation(ErrorCode.InvalidInput, 'The power of attorney has errors.', { fields });

  const named = trustee.kind === 'citizen' ? input.trustee.fin?.trim().toUpperCase() : input.trustee.passportNumber?.trim().toUpperCase();
  const actual = trustee.kind === 'citizen' ? trustee.fin : trustee.passportNumber;
  if (!named || named !== actual) {
    return violation(ErrorCode.PoaTrusteeMismatch, 'The trustee named on the power of attorney is not the person identified on this visit.', {
      fields: { [trustee.kind === 'citizen' ? 'trustee.fin' : 'trustee.passportNumber']: 'POA_TRUSTEE_MISMATCH' },
    });
  }
  if (principalKey(input.principal) === personKey(trustee)) {
    return violation(ErrorCode.InvalidInput, 'A person cannot be their own trustee.', { fields: { 'principal.fin': 'POA_SELF' } });
  }
  if (input.validTo < today) return violation(ErrorCode.PoaExpired, 'This power of attorney has already expired.', { fields: { validTo: 'POA_EXPIRED' } });
  if (input.principal.kind === 'legal-entity') {
    if (!input.letter || !input.letter.hasScan) {
      return violation(ErrorCode.PoaLetterRequired, 'A legal entity needs its letter of request on letterhead, signed and sealed, with a scan.', { fields: { letter: 'POA_LETTER_REQUIRED' } });
    }
    if (!input.letter.confirmedSignedSealed) {
      return violation(ErrorCode.PoaLetterRequired, 'Confirm that the letter of request is signed and sealed.', { fields: { 'letter.confirmedSignedSealed': 'POA_LETTER_NOT_CONFIRMED' } });
    }
  }
  return null;
}
