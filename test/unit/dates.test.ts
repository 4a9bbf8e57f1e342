// Calendar dates as payloads and forms carry them: YYYY-MM-DD of a day that exists.
import { describe, expect, it } from 'vitest';
import { isIsoDate } from '../../common/domain/dates';

describe('isIsoDate', () => {
  it('takes days that exist, leap days by the Gregorian rule', () => {
    for (const d of ['2026-12-01', '2026-01-31', '2024-02-29', '2000-02-29', '2026-04-30', '0001-01-01', '9999-12-31']) expect(isIsoDate(d), d).toBe(true);
  });

  it('refuses days that do not exist and other spellings', () => {
    for (const d of ['2026-02-29', '1900-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-01-00', '2026-1-01', '2026-01-01T00:00:00Z', ' 2026-01-01', '01.12.2026', ''])
      expect(isIsoDate(d), d).toBe(false);
  });

  it('agrees with the calendar on every day of four years', () => {
    for (let t = Date.UTC(2023, 0, 1); t < Date.UTC(2027, 0, 1); t += 86_400_000) {
      const day = new Date(t).toISOString().slice(0, 10);
      expect(isIsoDate(day)).toBe(true);
      // The day after the month's last is never valid under this month's number.
      const [y, m, d] = day.split('-');
      if (new Date(t + 86_400_000).getUTCDate() === 1) expect(isIsoDate(`${y}-${m}-${String(Number(d) + 1).padStart(2, '0')}`)).toBe(false);
    }
  });
});
