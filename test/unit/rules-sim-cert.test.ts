// DOMAIN.md §3, §6: SIM duplicate, certificate documents, renewal window, type change, validity.
import { describe, expect, it } from 'vitest';
import { checkSimDuplicate, checkMsisdn, type SimBinding } from '../../common/domain/rules/sim';
import {
  certificateValidTo,
  checkDocuments,
  checkHolderForType,
  checkRenewal,
  checkTypeChange,
  renewalState,
} from '../../common/domain/rules/certificates';
import { defaultReferenceFiles, effectiveRows, parseReferenceRows, type DocumentCode } from '../../common/domain/reference';
import { luhnCheckDigit } from '../../common/domain/checksums';

const ic = (s: string) => {
  const b = `8999401${s}`.padEnd(18, '0');
  return b + luhnCheckDigit(b);
};
const OLD = ic('1');
const NEW = ic('2');
const sim = (iccid: string, over: Partial<SimBinding> = {}): SimBinding => ({ iccid, msisdn: '+994501234567', subject: 'fin:5ABCDEF', status: 'active', ...over });

describe('SIM duplicate', () => {
  const base = { msisdn: '+994501234567', subject: 'fin:5ABCDEF', oldIccid: OLD, newIccid: NEW, oldSim: null, newSim: null, current: null };
  it.each([
    ['unknown SIMs (first time on this desk)', {}, null],
    ['old SIM active on this number', { oldSim: sim(OLD), current: sim(OLD) }, null],
    ['new SIM is the old SIM', { newIccid: OLD }, 'INVALID_INPUT'],
    ['new SIM already bound', { newSim: sim(NEW, { msisdn: '+994551112233' }) }, 'ICCID_IN_USE'],
    ['new SIM was retired', { newSim: sim(NEW, { status: 'retired' }) }, 'ICCID_RETIRED'],
    ['old SIM already retired', { oldSim: sim(OLD, { status: 'retired' }) }, 'ICCID_RETIRED'],
    ['old SIM belongs to another number', { oldSim: sim(OLD, { msisdn: '+994551112233' }) }, 'OLD_ICCID_MISMATCH'],
    ['number is on another SIM', { current: sim(ic('3')) }, 'OLD_ICCID_MISMATCH'],
    ['number belongs to another subscriber', { oldSim: sim(OLD, { subject: 'fin:3QWERTY' }), current: sim(OLD, { subject: 'fin:3QWERTY' }) }, 'SUBSCRIBER_MISMATCH'],
  ] as const)('%s → %s', (_n, over, code) => {
    expect(checkSimDuplicate({ ...base, ...over })?.code ?? null).toBe(code);
  });

  const prefixes = effectiveRows(parseReferenceRows('mobile_prefixes', defaultReferenceFiles().find((f) => f.table === 'mobile_prefixes')!.rows).rows, '2026-06-01').map((r) => r.code);
  it.each([
    ['+994 50 123 45 67', null],
    ['0551234567', null],
    ['994701234567', null],
    ['+994601234567', null],
    ['+994124441122', 'MSISDN_NOT_MOBILE'],
    ['+99450123456', 'MSISDN_FORMAT'],
    ['', 'REQUIRED'],
  ])('MSISDN %s → %s (prefixes from reference data)', (value, code) => {
    expect(checkMsisdn(value, prefixes)?.fields?.msisdn ?? null).toBe(code);
  });
});

describe('renewal window (30 days by default, from reference data)', () => {
  it.each([
    ['2029-05-31', '2029-04-30', 30, 'not-yet'],
    ['2029-05-31', '2029-05-01', 30, 'online-window'],
    ['2029-05-31', '2029-05-31', 30, 'online-window'],
    ['2029-05-31', '2029-06-01', 30, 'in-person'],
    ['2029-05-31', '2029-05-20', 10, 'not-yet'],
    ['2029-05-31', '2029-05-21', 10, 'online-window'],
  ] as const)('valid to %s, today %s, window %d → %s', (validTo, today, window, state) => {
    expect(renewalState(validTo, today, window)).toBe(state);
  });

  it.each([
    ['active, too early', 'active', '2029-04-01', false, 'RENEWAL_TOO_EARLY'],
    ['active, too early but approved', 'active', '2029-04-01', true, null],
    ['active, in window', 'active', '2029-05-15', false, null],
    ['active, expired (in person)', 'active', '2029-07-01', false, null],
    ['flagged after a duplicate', 'needs-reissue', '2029-05-15', false, 'REISSUE_REQUIRED'],
    ['already renewed', 'renewed', '2029-05-15', false, 'CERT_NOT_RENEWABLE'],
    ['revoked', 'revoked', '2029-05-15', true, 'CERT_NOT_RENEWABLE'],
  ] as const)('%s → %s', (_n, status, today, approved, code) => {
    expect(checkRenewal({ status, validTo: '2029-05-31' }, today, 30, approved)?.code ?? null).toBe(code);
  });
});

describe('type change after 3 years', () => {
  const ferdi = { type: 'ferdi' as const, validFrom: '2026-06-01', status: 'active' as const };
  it.each([
    ['no certificate yet', [], 'biznes', '2026-06-01', false, null],
    ['same type active', [ferdi], 'ferdi', '2027-01-01', false, 'CERT_ALREADY_ACTIVE'],
    ['other type inside 3 years', [ferdi], 'biznes', '2029-05-31', false, 'TYPE_CHANGE_TOO_EARLY'],
    ['other type after 3 years', [ferdi], 'biznes', '2029-06-01', false, null],
    ['other type inside 3 years, approved', [ferdi], 'biznes', '2027-01-01', true, null],
    ['old certificate replaced', [{ ...ferdi, status: 'replaced' as const }], 'biznes', '2027-01-01', false, null],
  ] as const)('%s → %s', (_n, active, type, today, approved, code) => {
    expect(checkTypeChange(active, type, today, 3, approved)?.code ?? null).toBe(code);
  });

  it('a certificate issued on 2026-06-01 for 3 years is valid until 2029-05-31', () => {
    expect(certificateValidTo('2026-06-01', 3)).toBe('2029-05-31');
    expect(certificateValidTo('2024-02-29', 3)).toBe('2027-02-28');
  });
});

describe('documents per type and applicant (default reference data)', () => {
  const reqRows = effectiveRows(parseReferenceRows('document_requirements', defaultReferenceFiles().find((f) => f.table === 'document_requirements')!.rows).rows, '2026-06-01');
  const required = (type: string, holder: string) => reqRows.find((r) => r.certType === type && r.holder === holder)?.documents ?? null;
  it.each([
    ['ferdi', 'self', ['id-card'], null],
    ['ferdi', 'foreigner', ['residence-permit', 'foreign-passport'], null],
    ['ferdi', 'foreigner', ['residence-permit'], ['foreign-passport']],
    ['ferdi', 'trustee', ['power-of-attorney', 'trustee-id-card'], null],
    ['ferdi', 'trustee', ['trustee-id-card'], ['power-of-attorney']],
    ['biznes', 'self', ['id-card'], ['voen']],
    ['biznes', 'legal-entity', ['voen', 'power-of-attorney', 'trustee-id-card'], ['company-letter']],
    ['biznes', 'legal-entity', ['company-letter', 'voen', 'power-of-attorney', 'trustee-id-card'], null],
    ['biznes', 'employee', ['id-card', 'voen'], ['employer-form']],
    ['dovlet', 'employee', ['id-card'], ['employer-form']],
    ['dovlet', 'employee', ['id-card', 'employer-form'], null],
  ] as const)('%s for %s with %j → missing %j', (type, holder, presented, missing) => {
    const v = checkDocuments(required(type, holder)!, new Set(presented as readonly DocumentCode[]));
    expect((v?.details?.missing as string[] | undefined) ?? null).toEqual(missing);
  });

  it.each([
    ['ferdi', 'self', false, null],
    ['ferdi', 'trustee', true, null],
    ['ferdi', 'trustee', false, 'DOCUMENTS_MISSING'],
    ['ferdi', 'self', true, 'INVALID_INPUT'],
    ['ferdi', 'employee', false, 'INVALID_INPUT'],
    ['ferdi', 'legal-entity', true, 'INVALID_INPUT'],
    ['dovlet', 'self', false, 'INVALID_INPUT'],
    ['dovlet', 'employee', false, null],
    ['biznes', 'legal-entity', true, null],
  ] as const)('%s certificate for %s (POA %s) → %s', (type, holder, poa, code) => {
    expect(checkHolderForType(type, holder, poa)?.code ?? null).toBe(code);
  });
});
