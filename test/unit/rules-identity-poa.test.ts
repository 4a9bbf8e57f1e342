// DOMAIN.md §6: verified identity, expired ID, power-of-attorney validity, scope and trustee.
import { describe, expect, it } from 'vitest';
import { checkVisitIdentity, type VisitForRules } from '../../common/domain/rules/identity';
import { checkPoaRegistration, checkPoaUse, poaStatus, type PoaRegistrationInput } from '../../common/domain/rules/poa';
import type { Identity } from '../../common/domain/identity';
import { poaInput } from '../support/poa';

const citizen: Identity = { kind: 'citizen', fin: '5ABCDEF', documentNumber: 'AA1234567', surname: 'Əliyev', givenName: 'Rəşad', patronymic: '', birthDate: '1985-03-14', expiryDate: '2030-01-01' };
const foreigner: Identity = {
  kind: 'foreigner', passportNumber: 'U1234567', nationality: 'TUR', surname: 'Yılmaz', givenName: 'Can', birthDate: '1990-01-01',
  passportExpiry: '2027-01-01', residencePermitExpiry: '2026-06-30', residencePermitNumber: 'MYİ1234567', personalCode: 'AB123',
};
const visit = (over: Partial<VisitForRules> = {}): VisitForRules => ({ status: 'open', identityMethod: 'chip', approvalId: null, identityCheck: { chipRead: true }, identity: citizen, ...over });

describe('checkVisitIdentity', () => {
  const today = '2026-06-01';
  it.each([
    ['chip read', visit(), null],
    ['MRZ checked', visit({ identityMethod: 'mrz', identityCheck: {}, identity: { ...citizen, mrz: 'I<AZE…' } }), null],
    ['manual entry with approval', visit({ identityMethod: 'manual', approvalId: 'a1', identityCheck: {} }), null],
    ['ID card without expiry (issued from 55)', visit({ identity: { ...citizen, expiryDate: null } }), null],
    ['expires today', visit({ identity: { ...citizen, expiryDate: today } }), null],
    ['chip method without a chip read', visit({ identityCheck: {} }), 'IDENTITY_NOT_VERIFIED'],
    ['MRZ method without an MRZ', visit({ identityMethod: 'mrz', identityCheck: {} }), 'IDENTITY_NOT_VERIFIED'],
    ['manual entry without approval', visit({ identityMethod: 'manual', identityCheck: {} }), 'IDENTITY_NOT_VERIFIED'],
    ['ID card expired yesterday', visit({ identity: { ...citizen, expiryDate: '2026-05-31' } }), 'ID_EXPIRED'],
    ['residence permit expired', visit({ identity: { ...foreigner, residencePermitExpiry: '2026-05-01' } }), 'ID_EXPIRED'],
    ['passport expired', visit({ identity: { ...foreigner, passportExpiry: '2026-05-01' } }), 'ID_EXPIRED'],
    ['foreigner with valid documents', visit({ identity: foreigner }), null],
    ['closed visit', visit({ status: 'completed' }), 'VISIT_CLOSED'],
  ] as const)('%s → %s', (_name, v, code) => {
    expect(checkVisitIdentity(v as VisitForRules, today)?.code ?? null).toBe(code);
  });

  it('names the expired field for the form', () => {
    expect(checkVisitIdentity(visit({ identity: { ...foreigner, passportExpiry: '2026-05-01' } }), today)?.fields).toEqual({ passportExpiry: 'DOCUMENT_EXPIRED' });
  });
});

describe('power of attorney use', () => {
  const poa = { trusteeKey: 'fin:7XYZ123', validFrom: '2026-01-01', validTo: '2026-12-31', scope: ['sim.duplicate', 'cert.issue'], revokedAt: null };
  it.each([
    ['trustee, in scope, in validity', poa, 'fin:7XYZ123', 'sim.duplicate', '2026-06-01', null],
    ['last valid day', poa, 'fin:7XYZ123', 'cert.issue', '2026-12-31', null],
    ['first valid day', poa, 'fin:7XYZ123', 'cert.issue', '2026-01-01', null],
    ['expired', poa, 'fin:7XYZ123', 'cert.issue', '2027-01-01', 'POA_EXPIRED'],
    ['not yet valid', poa, 'fin:7XYZ123', 'cert.issue', '2025-12-31', 'POA_NOT_YET_VALID'],
    ['another person presents it', poa, 'fin:3QWERTY', 'cert.issue', '2026-06-01', 'POA_TRUSTEE_MISMATCH'],
    ['operation not covered', poa, 'fin:7XYZ123', 'imei.register', '2026-06-01', 'POA_OUT_OF_SCOPE'],
    ['revoked', { ...poa, revokedAt: '2026-03-01T10:00:00Z' }, 'fin:7XYZ123', 'cert.issue', '2026-06-01', 'POA_REVOKED'],
  ] as const)('%s → %s', (_n, p, trusteeKey, kind, today, code) => {
    expect(checkPoaUse(p, { trusteeKey, kind, today })?.code ?? null).toBe(code);
  });

  it('reports the status shown in the register', () => {
    expect(poaStatus(poa, '2026-06-01')).toBe('valid');
    expect(poaStatus(poa, '2027-06-01')).toBe('expired');
    expect(poaStatus({ ...poa, revokedAt: 'x' }, '2026-06-01')).toBe('revoked');
  });
});

describe('power of attorney registration', () => {
  const trustee: Identity = { ...citizen, fin: '7XYZ123' };
  const base: PoaRegistrationInput = poaInput({ notaryRegistryNumber: 'N-1', notaryDate: '2026-05-01', validFrom: '2026-05-01', validTo: '2027-05-01', scope: ['cert.issue'] });
  const company = { kind: 'legal-entity' as const, voen: '1234567891', name: 'MMC', representative: { name: 'Direktor' } };
  it.each([
    ['a valid person POA', base, null, undefined],
    ['trustee named differently', { ...base, trustee: { fin: '9ZZZ999' } }, 'POA_TRUSTEE_MISMATCH', { 'trustee.fin': 'POA_TRUSTEE_MISMATCH' }],
    ['principal FIN with O', { ...base, principal: { kind: 'person', fin: '5ABCDEO', name: 'X' } }, 'INVALID_INPUT', { 'principal.fin': 'FIN_LETTER_I_O' }],
    ['notary date in the future', { ...base, notaryDate: '2026-07-01' }, 'INVALID_INPUT', { notaryDate: 'DATE_IN_FUTURE' }],
    ['ends before it starts', { ...base, validTo: '2026-04-01' }, 'INVALID_INPUT', { validTo: 'VALID_TO_BEFORE_FROM' }],
    ['empty scope', { ...base, scope: [] }, 'INVALID_INPUT', { scope: 'POA_SCOPE_EMPTY' }],
    ['already expired', { ...base, validFrom: '2025-01-01', validTo: '2026-05-31' }, 'POA_EXPIRED', { validTo: 'POA_EXPIRED' }],
    ['own trustee', { ...base, principal: { kind: 'person', fin: '7XYZ123', name: 'X' } }, 'INVALID_INPUT', { 'principal.fin': 'POA_SELF' }],
    ['company VÖEN with a bad check digit', { ...base, principal: { ...company, voen: '1234567811' } }, 'INVALID_INPUT', { 'principal.voen': 'VOEN_CHECK_DIGIT' }],
    ['company without the letter', { ...base, principal: { ...company, voen: voen('1') } }, 'POA_LETTER_REQUIRED', { letter: 'POA_LETTER_REQUIRED' }],
    ['company letter not confirmed', { ...base, principal: { ...company, voen: voen('1') }, letter: { confirmedSignedSealed: false, hasScan: true } }, 'POA_LETTER_REQUIRED', { 'letter.confirmedSignedSealed': 'POA_LETTER_NOT_CONFIRMED' }],
    ['company letter confirmed with scan', { ...base, principal: { ...company, voen: voen('1') }, letter: { confirmedSignedSealed: true, hasScan: true } }, null, undefined],
    ['sole trader VÖEN is not a legal entity', { ...base, principal: { ...company, voen: voen('2') }, letter: { confirmedSignedSealed: true, hasScan: true } }, 'INVALID_INPUT', { 'principal.voen': 'VOEN_NOT_LEGAL_ENTITY' }],
  ] as const)('%s → %s', (_n, input, code, fields) => {
    const v = checkPoaRegistration(input as PoaRegistrationInput, trustee, '2026-06-01');
    expect(v?.code ?? null).toBe(code);
    if (fields) expect(v?.fields).toEqual(fields);
  });
});

function voen(status: '1' | '2'): string {
  const w = [4, 1, 8, 6, 2, 7, 5, 3];
  for (let n = 12345678; ; n++) {
    const d = String(n);
    const c = [...d].reduce((s, x, i) => s + Number(x) * w[i], 0) % 11;
    if (c < 10) return `${d}${c}${status}`;
  }
}
