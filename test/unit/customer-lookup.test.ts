// What a clerk types to find a customer (issue 9): numbers written as people write them, old ID cards with or without
// "AZE", a guess of what a value is for the CLI and the search box; and a customer's history from their operations.
import { describe, expect, it } from 'vitest';
import { documentVariants, guessLookup, normaliseLookup, type CustomerRecord } from '../../common/sync/customers';
import { activityOf, customerOf, simsOf } from '../../common/domain/customer-summary';

describe('customer identifiers', () => {
  it('writes a number the one way the server stores it', () => {
    for (const typed of ['+994551234567', '994551234567', '0551234567', '055 123 45 67', '(055) 123-45-67', '551234567']) expect(normaliseLookup('msisdn', typed)).toBe('+994551234567');
    expect(normaliseLookup('msisdn', '12345')).toBeNull();
    expect(normaliseLookup('fin', ' 5abcde1 ')).toBe('5ABCDE1');
    expect(normaliseLookup('iccid', '8999 4010 0000 0000 318')).toBe('8999401000000000318');
    expect(normaliseLookup('iccid', '1234')).toBeNull();
    expect(normaliseLookup('imei', '49015420323751')).toBeNull();
    expect(normaliseLookup('key', 'passport:DEU:C01X00T47')).toBe('passport:DEU:C01X00T47');
    expect(normaliseLookup('key', 'voen:1234567891')).toBeNull();
  });

  it('finds an old ID card with or without its AZE series, a residence permit with İ or I', () => {
    expect(documentVariants('AZE12345678')).toEqual(['AZE12345678', '12345678']);
    expect(documentVariants('12345678')).toEqual(['12345678', 'AZE12345678']);
    expect(documentVariants('AA1234567')).toEqual(['AA1234567']);
    expect(documentVariants(normaliseLookup('document', 'myi 1234567')!)).toEqual(['MYİ1234567', 'MYI1234567']);
    expect(documentVariants(normaliseLookup('document', 'DYİ7654321')!)).toEqual(['DYİ7654321', 'DYI7654321']);
  });

  it('guesses what was typed', () => {
    expect(guessLookup('8999401000000000318')).toEqual({ by: 'iccid', value: '8999401000000000318' });
    expect(guessLookup('490154203237518')).toEqual({ by: 'imei', value: '490154203237518' });
    expect(guessLookup('050 123 45 67')).toEqual({ by: 'msisdn', value: '+994501234567' });
    expect(guessLookup('5abcde1')).toEqual({ by: 'fin', value: '5ABCDE1' });
    expect(guessLookup('AA1234567')).toEqual({ by: 'document', value: 'AA1234567' });
    expect(guessLookup('12345678')).toEqual({ by: 'document', value: '12345678' });
    expect(guessLookup('fin:5ABCDE1')).toEqual({ by: 'key', value: 'fin:5ABCDE1' });
    expect(guessLookup('?')).toBeNull();
  });
});

describe('a customer from their operations', () => {
  const at = (m: number) => `2026-12-01T09:${String(m).padStart(2, '0')}:00.000Z`;
  const rec = (m: number, kind: string, payload: Record<string, unknown>, office = 'ASXM Bakı-1'): CustomerRecord => ({
    id: `op-${m}`, kind, subject: 'fin:5ABCDE1', createdAt: at(m), status: 'applied', payload, officeId: office, officeName: office,
  });
  const identity = (doc: string) => ({ kind: 'citizen', fin: '5ABCDE1', documentNumber: doc, surname: 'ƏLİYEV', givenName: 'RƏŞAD', patronymic: '', birthDate: '1985-03-14', expiryDate: '2030-01-01' });
  const records = [
    rec(1, 'visit.create', { visitId: 'v1', identity: identity('AA1111111'), identityMethod: 'chip', createdAt: at(1) }),
    rec(2, 'sim.sell', { msisdn: '+994551234567', iccid: '8999401000000000102' }),
    rec(3, 'service.activate', { msisdn: '+994551234567', certType: 'biznes', months: 12, paidUntil: '2027-12-01' }),
    rec(4, 'visit.close', { visitId: 'v1', closedAt: at(4) }),
    rec(5, 'visit.create', { visitId: 'v2', identity: identity('AA2222222'), identityMethod: 'mrz', createdAt: at(5) }, 'Bakcell Nizami'),
    rec(6, 'sim.duplicate', { msisdn: '+994551234567', oldIccid: null, newIccid: '8999401000000000110' }, 'Bakcell Nizami'),
    rec(7, 'token.revocationRequest', { tokenSerial: 'T-1', lostAt: '2026-11-30', certificateSerials: ['4F'] }, 'Bakcell Nizami'),
  ];

  it('keeps every document seen, where and when, and the visits with their state and office', () => {
    const c = customerOf('fin:5ABCDE1', records)!;
    expect(c).toMatchObject({ surname: 'ƏLİYEV', fin: '5ABCDE1', kind: 'citizen' });
    expect(c.documents.map((d) => [d.number, d.officeName])).toEqual([['AA1111111', 'ASXM Bakı-1'], ['AA2222222', 'Bakcell Nizami']]);
    const a = activityOf(records);
    expect(a.visits.map((v) => [v.id, v.state, v.officeName])).toEqual([['v1', 'closed', 'ASXM Bakı-1'], ['v2', 'open', 'Bakcell Nizami']]);
    expect(a.services).toEqual([expect.objectContaining({ kind: 'service.activate', certType: 'biznes', paidUntil: '2027-12-01' })]);
    expect(a.tokenReports).toEqual([expect.objectContaining({ kind: 'token.reportLost', tokenSerial: 'T-1', certificateSerials: ['4F'] })]);
  });

  it('a lost SIM duplicated without its ICCID retires the SIM on the number', () => {
    expect(simsOf(records).map((s) => [s.iccid, s.state])).toEqual([['8999401000000000102', 'retired'], ['8999401000000000110', 'bound']]);
  });
});
