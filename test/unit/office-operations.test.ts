import { describe, expect, it } from 'vitest';
import { offeredAt } from '../../common/domain/office-types';
import { parseReferenceRows } from '../../common/domain/reference';
import file from '../../resources/reference-data/office_operations.json';

describe('which operations an office type offers (office_operations)', () => {
  const { rows, errors } = parseReferenceRows('office_operations', file.rows);
  it('the shipped table is valid: one row per office type', () => {
    expect(errors).toEqual({});
    expect(rows.map((r) => r.code).sort()).toEqual(['asxm', 'operator', 'post']);
  });
  it('follows DOMAIN.md §1/§7: ASXM certificates and POAs, the operator SIMs and IMEI, the post office IMEI and KÖMİS', () => {
    const day = '2026-12-02';
    expect(offeredAt(rows, 'asxm', 'cert.issue', day)).toBe(true);
    expect(offeredAt(rows, 'asxm', 'sim.duplicate', day)).toBe(false);
    expect(offeredAt(rows, 'operator', 'sim.duplicate', day)).toBe(true);
    expect(offeredAt(rows, 'operator', 'cert.issue', day)).toBe(false);
    expect(offeredAt(rows, 'post', 'komis.register', day)).toBe(true);
    expect(offeredAt(rows, 'post', 'imei.register', day)).toBe(true);
    expect(offeredAt(rows, 'post', 'sim.sell', day)).toBe(false);
  });
  it('no type, no table or no row in force: everything is offered', () => {
    expect(offeredAt(rows, null, 'sim.sell', '2026-12-02')).toBe(true);
    expect(offeredAt([], 'post', 'sim.sell', '2026-12-02')).toBe(true);
    expect(offeredAt([{ code: 'post', kinds: ['imei.register'], validFrom: '2027-01-01', validTo: null }], 'post', 'sim.sell', '2026-12-31')).toBe(true);
    expect(offeredAt([{ code: 'post', kinds: ['imei.register'], validFrom: '2027-01-01', validTo: null }], 'post', 'sim.sell', '2027-01-01')).toBe(false);
  });
});
