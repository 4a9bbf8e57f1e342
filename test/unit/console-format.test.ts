// The console's figures and form checks (issue 13): AZN from qəpik, "how long ago", reference cells edited back into
// their own type, and a contract schema's complaints as the console's sentences.
import { describe, expect, it } from 'vitest';
import { addAccountSchema, addClerkSchema } from '../../common/console/api';
import { azn, cellText, dayBefore, fieldErrors, parseAzn, parseCell, recordEntries, relativeKey } from '../../console/src/format';

describe('console formatting', () => {
  it('shows qəpik as AZN with two decimals', () => {
    expect(azn(1005)).toBe('10.05 AZN');
    expect(azn(-100)).toBe('-1.00 AZN');
    expect(azn(0)).toBe('0.00 AZN');
  });

  it('reads AZN typed with a dot or a comma back into qəpik', () => {
    expect(parseAzn('12.5')).toBe(1250);
    expect(parseAzn('12,05')).toBe(1205);
    expect(parseAzn('7')).toBe(700);
    expect(parseAzn('1.234')).toBeNull();
    expect(parseAzn('abc')).toBeNull();
  });

  it('says how long ago in minutes, hours, then days', () => {
    const now = Date.parse('2026-12-02T10:00:00Z');
    expect(relativeKey('2026-12-02T09:59:40Z', now)).toEqual({ key: 'relative.now', n: 0 });
    expect(relativeKey('2026-12-02T09:15:00Z', now)).toEqual({ key: 'relative.minutes', n: 45 });
    expect(relativeKey('2026-12-01T07:00:00Z', now)).toEqual({ key: 'relative.hours', n: 27 });
    expect(relativeKey('2026-11-25T10:00:00Z', now)).toEqual({ key: 'relative.days', n: 7 });
  });

  it('keeps a reference cell’s type when it is edited', () => {
    expect(parseCell('15', 10)).toEqual({ ok: true, value: 15 });
    expect(parseCell('x', 10)).toEqual({ ok: false });
    expect(parseCell('false', true)).toEqual({ ok: true, value: false });
    expect(parseCell('["a","b"]', ['a'])).toEqual({ ok: true, value: ['a', 'b'] });
    expect(parseCell('Bakı', 'Gəncə')).toEqual({ ok: true, value: 'Bakı' });
    expect(cellText(['a'])).toBe('["a"]');
    expect(dayBefore('2026-03-01')).toBe('2026-02-28');
  });

  it('names each bad field of a form with the console’s own sentences', () => {
    const clerk = addClerkSchema.safeParse({ officeId: '00000000-0000-4000-8000-000000000001', username: 'a b', displayName: '', role: 'clerk', password: 'short' });
    expect(clerk.success).toBe(false);
    const f = fieldErrors(clerk.error!);
    expect(f.username.key).toBe('validation.username');
    expect(f.displayName.key).toBe('validation.required');
    expect(f.password).toEqual({ key: 'validation.tooShort', params: { n: 8 } });
    const manager = addAccountSchema.safeParse({ username: 'rauf', displayName: 'Rauf', role: 'manager', officeIds: [], password: 'long enough password' });
    expect(fieldErrors(manager.error!).officeIds.key).toBe('validation.offices');
  });
});

describe('a conflict’s two sides', () => {
  it('opens the server’s named record, reads snake_case as the desk’s field names, and leaves ids out', () => {
    const central = { imeiRegistration: { imei: '356938035643817', subject: 'fin:5ZQW7KT', office_id: '97615761-12ed-4582-bd97-aeeddddcdbab', notice_code: 'IM1' } };
    expect(recordEntries(central)).toEqual([['imei', '356938035643817'], ['subject', 'fin:5ZQW7KT'], ['noticeCode', 'IM1']]);
    expect(recordEntries({ operationId: 'x', visitId: 'y', clerkId: 'c', securityCode: 'X7', feeMinor: 1000, imei2: null })).toEqual([['feeMinor', 1000]]);
  });
});
