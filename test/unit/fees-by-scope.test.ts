// Fee rows by operator and office type (issue 12, deliver 7): the most specific row in force wins; none → an error.
import { describe, expect, it } from 'vitest';
import { defaultReferenceFiles, parseReferenceRows } from '../../common/domain/reference';
import { feeRowFor, isViolation } from '../../common/domain/rules/fees';
import type { OfficeType } from '../../common/domain/office-types';

const rows = parseReferenceRows('fees', [
  { code: 'sim.duplicate', validFrom: '2024-07-01', amountMinor: 700 },
  { id: 'dup@Bakcell', code: 'sim.duplicate', operator: 'Bakcell', validFrom: '2024-07-01', validTo: '2026-12-31', amountMinor: 710 },
  { id: 'dup@Bakcell@2027', code: 'sim.duplicate', operator: 'Bakcell', validFrom: '2027-01-01', amountMinor: 800 },
  { id: 'dup@asxm', code: 'sim.duplicate', officeType: 'asxm', validFrom: '2018-08-20', amountMinor: 0 },
  { id: 'dup@Nar@operator', code: 'sim.duplicate', operator: 'Nar', officeType: 'operator', validFrom: '2024-01-01', amountMinor: 650 },
  { id: 'dup@Nar', code: 'sim.duplicate', operator: 'Nar', validFrom: '2024-01-01', amountMinor: 600 },
  { id: 'dup@post', code: 'sim.duplicate', officeType: 'post', validFrom: '2024-01-01', amountMinor: 300 },
]);

const fee = (operator: string | null, officeType: OfficeType | null, date = '2026-06-01') => {
  const r = feeRowFor(rows.rows, 'sim.duplicate', date, { operator, officeType });
  return isViolation(r) ? r.code : r.amountMinor;
};

describe('fee rows by operator and office type', () => {
  it('parses rows of one code in force together when their operator or office type differ', () => {
    expect(rows.errors).toEqual({});
  });
  it.each([
    ['Bakcell', null, 710, 'the operator’s row over the row for everyone'],
    ['bakcell', 'operator', 710, 'operator names compare without case'],
    ['Azercell', 'operator', 700, 'no Azercell row: the row for everyone'],
    [null, null, 700, 'operator and office type unknown: the row for everyone'],
    ['Bakcell', 'asxm', 0, 'the office type weighs more than the operator'],
    ['Azercell', 'asxm', 0, 'an ASXM office charges nothing for anyone’s SIM'],
    ['Nar', 'operator', 650, 'operator and office type both named: most specific'],
    ['Nar', null, 600, 'a desk without an office type sees no row that names one'],
    ['Nar', 'post', 300, 'office type 2 beats operator 1'],
  ] as const)('%s at %s office: %s (%s)', (operator, officeType, amount, _why) => {
    expect(fee(operator, officeType)).toBe(amount);
  });
  it('takes the latest period of the most specific rows', () => {
    expect(fee('Bakcell', 'operator', '2026-12-31')).toBe(710);
    expect(fee('Bakcell', 'operator', '2027-01-01')).toBe(800);
  });
  it('is a reference-data error naming the operator and office type when no row applies', () => {
    const r = feeRowFor(rows.rows.filter((x) => x.operator !== undefined || x.officeType !== undefined), 'sim.duplicate', '2026-06-01', { operator: 'Azercell', officeType: 'operator' });
    expect(r).toEqual({
      code: 'REFERENCE_DATA_MISSING',
      message: 'Reference data fees/sim.duplicate, operator Azercell, office type operator has no value in force on 2026-06-01.',
      details: { table: 'fees', key: 'sim.duplicate', date: '2026-06-01', operator: 'Azercell', officeType: 'operator' },
    });
  });
  it('refuses two overlapping periods of the same operator and office type, and an unknown office type', () => {
    const parsed = parseReferenceRows('fees', [
      { id: 'a', code: 'sim.duplicate', operator: 'Bakcell', validFrom: '2024-07-01', amountMinor: 700 },
      { id: 'b', code: 'sim.duplicate', operator: 'Bakcell', validFrom: '2025-01-01', amountMinor: 800 },
      { id: 'c', code: 'sim.duplicate', officeType: 'kiosk', validFrom: '2025-01-01', amountMinor: 800 },
    ]);
    expect(parsed.errors).toEqual({ 'rows.1.validFrom': 'VALIDITY_OVERLAP', 'rows.2.officeType': 'INVALID' });
  });
  it('the shipped fees: 7 AZN for Bakcell at its office, nothing at ASXM', () => {
    const shipped = parseReferenceRows('fees', defaultReferenceFiles().find((f) => f.table === 'fees')!.rows);
    expect(shipped.errors).toEqual({});
    const at = (operator: string, officeType: OfficeType | null) => {
      const r = feeRowFor(shipped.rows, 'sim.duplicate', '2026-06-01', { operator, officeType });
      return isViolation(r) ? r.code : r.amountMinor;
    };
    expect([at('Bakcell', 'operator'), at('Azercell', 'asxm'), at('Bakcell', 'asxm'), at('Azercell', null)]).toEqual([700, 0, 0, 700]);
  });
});
