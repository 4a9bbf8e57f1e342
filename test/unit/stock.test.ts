// The stock's pure rules (common/domain/stock.ts): ICCID ranges with their Luhn digits, counts, the count at close.
import { describe, expect, it } from 'vitest';
import { luhnValid } from '../../common/domain/checksums';
import { checkCounted, checkTokenSerial, compareStockCount, expandIccidRange, normaliseTokenSerial, stockCounts } from '../../common/domain/stock';

describe('ICCID ranges', () => {
  it('expands first..last over the digits before the Luhn digit, each ICCID with its own Luhn digit', () => {
    const r = expandIccidRange('8999401000000000018', '8999401000000000059');
    expect(r).toEqual({ ok: true, iccids: ['8999401000000000018', '8999401000000000026', '8999401000000000034', '8999401000000000042', '8999401000000000059'] });
  });
  it('crosses a decade and keeps 20-digit ICCIDs at 20 digits; every one passes Luhn', () => {
    const r = expandIccidRange('89994010000000000980', '89994010000000001020');
    if (!r.ok) throw new Error(r.verdict.code);
    expect(r.iccids).toHaveLength(5);
    expect(r.iccids[0]).toBe('89994010000000000980');
    expect(r.iccids[2]).toBe('89994010000000001004');
    expect(r.iccids.every((i) => i.length === 20 && luhnValid(i))).toBe(true);
  });
  it('a range of one, and spaces typed between digit groups', () => {
    expect(expandIccidRange('8999 4010 0000 0000 018', '8999401000000000018')).toEqual({ ok: true, iccids: ['8999401000000000018'] });
  });
  it('refuses a wrong Luhn digit at either end, naming the end', () => {
    const first = expandIccidRange('8999401000000000017', '8999401000000000059');
    expect(first.ok ? null : [first.verdict.code, first.verdict.fields]).toEqual(['ICCID_CHECK_DIGIT', { first: 'ICCID_CHECK_DIGIT' }]);
    const last = expandIccidRange('8999401000000000018', '8999401000000000050');
    expect(last.ok ? null : [last.verdict.code, last.verdict.fields]).toEqual(['ICCID_CHECK_DIGIT', { last: 'ICCID_CHECK_DIGIT' }]);
  });
  it('refuses a reversed range, lengths that differ, and more than 1000 SIMs', () => {
    const code = (a: string, b: string) => {
      const r = expandIccidRange(a, b);
      return r.ok ? 'ok' : r.verdict.code;
    };
    expect(code('8999401000000000059', '8999401000000000018')).toBe('STOCK_RANGE_ORDER');
    expect(code('8999401000000000018', '89994010000000000980')).toBe('STOCK_RANGE_LENGTH');
    // 1001 ICCIDs: bodies …0001 to …1001.
    expect(code('8999401000000000018', '8999401000000010017')).toBe('STOCK_RANGE_TOO_LARGE');
    const r = expandIccidRange('8999401000000000018', '8999401000000010009');
    expect(r.ok && r.iccids.length).toBe(1000);
  });
});

describe('token serials', () => {
  it('are normalised (spaces, dashes, case) and checked', () => {
    expect(normaliseTokenSerial(' ab-12 34 ')).toBe('AB1234');
    expect(checkTokenSerial('AB1234')).toBeNull();
    expect(checkTokenSerial('AB1')?.code).toBe('STOCK_SERIAL_FORMAT');
  });
});

describe('counts', () => {
  const counts = stockCounts([
    { itemType: 'sim', status: 'in_stock', n: 40 },
    { itemType: 'sim', status: 'issued', n: 7 },
    { itemType: 'sim', status: 'damaged', n: 1 },
    { itemType: 'token', status: 'returned', n: 2 },
  ]);
  it('every item type appears, with zeros', () => {
    expect(counts).toEqual([
      { itemType: 'sim', inStock: 40, issued: 7, damaged: 1, returned: 0 },
      { itemType: 'token', inStock: 0, issued: 0, damaged: 0, returned: 2 },
    ]);
  });
  it('the count at close compares the shelf with what is in stock', () => {
    expect(compareStockCount(counts, { sim: 39, token: 0 })).toEqual([
      { itemType: 'sim', expected: 40, counted: 39, difference: -1 },
      { itemType: 'token', expected: 0, counted: 0, difference: 0 },
    ]);
    expect(checkCounted({ sim: 39, token: 0 })).toBeNull();
    expect(checkCounted({ sim: -1, token: 0 })?.code).toBe('STOCK_COUNT_INVALID');
    expect(checkCounted({ sim: 1 })?.fields).toEqual({ token: 'INVALID' });
  });
});
