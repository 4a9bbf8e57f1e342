// One date format per language (issue 14, item 11): az and ru write 01.12.2026, en writes 2026-12-01 — on screens,
// in typed fields and on paper; typed dates are read in the clerk's format (and ISO).
import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatYymmdd, parseDate } from '../../common/i18n/dates';

describe('dates per language', () => {
  it('shows a date the one way of each language', () => {
    expect(formatDate('az', '2026-12-01')).toBe('01.12.2026');
    expect(formatDate('ru', '2026-12-01')).toBe('01.12.2026');
    expect(formatDate('en', '2026-12-01')).toBe('2026-12-01');
    expect(formatDate('az', '2026-12-01T09:05:00.000Z')).toBe('01.12.2026');
    expect(formatDate('az', null)).toBe('');
  });

  it('shows times with the same date and 24-hour clock', () => {
    expect(formatDateTime('az', '2026-12-01T09:05:00.000Z', 'UTC')).toBe('01.12.2026 09:05');
    expect(formatDateTime('en', '2026-12-01T21:05:00.000Z', 'Asia/Baku')).toBe('2026-12-02 01:05');
  });

  it('reads what a clerk types, and refuses what is not a date', () => {
    expect(parseDate('az', '15.02.1990')).toBe('1990-02-15');
    expect(parseDate('ru', '1.2.1990')).toBe('1990-02-01');
    expect(parseDate('az', '1990-02-15')).toBe('1990-02-15');
    expect(parseDate('en', '1990-02-15')).toBe('1990-02-15');
    expect(parseDate('en', '15.02.1990')).toBeNull();
    expect(parseDate('az', '31.02.2026')).toBeNull();
    expect(parseDate('ru', '02/15/1990')).toBeNull();
  });

  it('shows a chip’s YYMMDD as a date of the language', () => {
    const today = new Date('2026-12-01T00:00:00Z');
    expect(formatYymmdd('az', '900215', true, today)).toBe('15.02.1990');
    expect(formatYymmdd('ru', '320215', false, today)).toBe('15.02.2032');
    expect(formatYymmdd('en', '050101', true, today)).toBe('2005-01-01');
  });
});
