// Reference data (tariffs, fees, bands, windows) with validity periods, and the fee rules that read it.
import { describe, expect, it } from 'vitest';
import { defaultReferenceFiles, effectiveRow, formatAzn, parseReferenceRows, referenceTables } from '../../common/domain/reference';
import { feeOf, imeiBand, isViolation, serviceFee } from '../../common/domain/rules/fees';
import { checkDocumentMatches, checkImeis, checkKomisAccounts } from '../../common/domain/rules/registrations';
import type { Identity } from '../../common/domain/identity';
import { luhnCheckDigit } from '../../common/domain/checksums';

const files = defaultReferenceFiles();
const rows = <T extends Parameters<typeof parseReferenceRows>[0]>(t: T) => parseReferenceRows(t, files.find((f) => f.table === t)!.rows).rows;

describe('default reference data', () => {
  it('has a valid file for every table (office_operations: the central office publishes it, not a desk default)', () => {
    expect(files.map((f) => f.table).sort()).toEqual(referenceTables.filter((t) => t !== 'office_operations').sort());
  });
  it('holds the values from DOMAIN.md: 7 AZN duplicate, 30-day window, 3-year validity, 2.50 AZN/month', () => {
    expect(feeOf(rows('fees'), 'sim.duplicate', '2026-06-01')).toBe(700);
    expect(effectiveRow(rows('parameters'), 'asan.renewal.onlineDaysBefore', '2026-06-01')?.value).toBe(30);
    expect(effectiveRow(rows('parameters'), 'asan.certificate.validityYears', '2026-06-01')?.value).toBe(3);
    expect(effectiveRow(rows('asan_tariffs'), 'ferdi', '2026-06-01')?.monthlyMinor).toBe(250);
    expect(formatAzn(700)).toBe('7.00 AZN');
  });
});

describe('validity periods', () => {
  const fees = [
    { code: 'sim.duplicate', id: 'dup@2020', validFrom: '2020-01-01', validTo: '2024-06-30', amountMinor: 500 },
    { code: 'sim.duplicate', id: 'dup@2024', validFrom: '2024-07-01', validTo: null, amountMinor: 700 },
  ];
  it.each([
    ['2019-12-31', null],
    ['2020-01-01', 500],
    ['2024-06-30', 500],
    ['2024-07-01', 700],
    ['2030-01-01', 700],
  ] as const)('on %s the duplicate fee is %s', (date, amount) => {
    const parsed = parseReferenceRows('fees', fees);
    expect(parsed.errors).toEqual({});
    const fee = feeOf(parsed.rows, 'sim.duplicate', date);
    expect(isViolation(fee) ? null : fee).toBe(amount);
    if (amount === null) expect((fee as { code: string }).code).toBe('REFERENCE_DATA_MISSING');
  });

  it.each([
    ['overlapping periods', [fees[0], { ...fees[1], validFrom: '2024-06-01' }], { 'rows.1.validFrom': 'VALIDITY_OVERLAP' }],
    ['open-ended period followed by another', [{ ...fees[0], validTo: null }, fees[1]], { 'rows.1.validFrom': 'VALIDITY_OVERLAP' }],
    ['ends before it starts', [{ ...fees[0], validTo: '2019-01-01' }], { 'rows.0.validTo': 'VALID_TO_BEFORE_FROM' }],
    ['not a date', [{ ...fees[0], validFrom: '2020-02-30' }], { 'rows.0.validFrom': 'DATE_FORMAT' }],
    ['negative amount', [{ ...fees[0], amountMinor: -1 }], { 'rows.0.amountMinor': 'INVALID' }],
    ['two periods without ids', [{ ...fees[0], id: undefined }, { ...fees[1], id: undefined }], { 'rows.1.id': 'DUPLICATE_ROW_ID' }],
  ])('refuses %s', (_n, input, errors) => {
    expect(parseReferenceRows('fees', input).errors).toEqual(errors);
  });
});

describe('fees', () => {
  const bands = rows('imei_price_bands');
  it.each([
    [0, 2000],
    [20000, 2000],
    [20001, 3000],
    [100000, 5000],
    [100001, 8000],
    [10_000_000, 8000],
  ])('a device at %d qəpik pays %d', (price, fee) => {
    const b = imeiBand(bands, price, '2026-06-01');
    expect(isViolation(b) ? null : b.feeMinor).toBe(fee);
  });

  it.each([
    ['biznes', 1, true, 1800 + 250],
    ['biznes', 12, false, 3000],
    ['ferdi', 3, true, 750],
  ] as const)('%s service for %d months (activation %s) costs %d', (type, months, activation, fee) => {
    expect(serviceFee(effectiveRow(rows('asan_tariffs'), type, '2026-06-01')!, months, activation)).toBe(fee);
  });
});

describe('registrations', () => {
  const id: Identity = { kind: 'citizen', fin: '5ABCDEF', documentNumber: 'AA1234567', surname: 'A', givenName: 'B', patronymic: '', birthDate: '1980-01-01', expiryDate: null };
  const old: Identity = { ...id, documentNumber: '12345678' };
  it.each([
    ['same FIN and card', id, { fin: '5ABCDEF', documentSeries: 'AA', documentNumber: '1234567' }, undefined],
    ['old card typed with its AZE series', old, { fin: '5ABCDEF', documentSeries: 'AZE', documentNumber: '12345678' }, undefined],
    ['another FIN', id, { fin: '7XYZ123', documentSeries: 'AA', documentNumber: '1234567' }, { fin: 'IDENTITY_MISMATCH' }],
    ['another card', id, { fin: '5ABCDEF', documentSeries: 'AA', documentNumber: '7654321' }, { documentNumber: 'IDENTITY_MISMATCH' }],
    ['malformed FIN', id, { fin: 'ABC', documentSeries: 'AA', documentNumber: '1234567' }, { fin: 'FIN_LENGTH' }],
  ] as const)('%s', (_n, identity, input, fields) => {
    expect(checkDocumentMatches(identity, input)?.fields).toEqual(fields);
  });

  const imei = (b: string) => b + luhnCheckDigit(b);
  const wrongCheck = (v: string) => v.slice(0, 14) + ((Number(v[14]) + 1) % 10);
  it.each([
    [imei('35693803564380'), undefined, undefined],
    [imei('35693803564380'), imei('35693803564381'), undefined],
    [imei('35693803564380'), imei('35693803564380'), { imei2: 'IMEI_SAME_AS_FIRST' }],
    [wrongCheck(imei('35693803564380')), undefined, { imei: 'IMEI_CHECK_DIGIT' }],
    ['3569380356438', undefined, { imei: 'IMEI_FORMAT' }],
  ])('IMEI %s / %s', (a, b, fields) => {
    expect(checkImeis(a, b)?.fields).toEqual(fields);
  });

  it.each([
    [{ azeriqaz: '1002003004' }, undefined],
    [{}, { accounts: 'ACCOUNT_REQUIRED' }],
    [{ azersu: '  ' }, { accounts: 'ACCOUNT_REQUIRED' }],
    [{ azerenerji: 'a b' }, { 'accounts.azerenerji': 'ACCOUNT_FORMAT' }],
  ])('KÖMİS accounts %j', (accounts, fields) => {
    expect(checkKomisAccounts(accounts)?.fields).toEqual(fields);
  });
});
