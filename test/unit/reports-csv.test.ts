// The report's pure parts (common/sync/reports.ts): qəpik shown as AZN without floats, totals that add groups, and a
// CSV a spreadsheet opens without running what a desk typed.
import { describe, expect, it } from 'vitest';
import { emptyFigures, minorToAzn, reportQuerySchema, reportToCsv, sumFigures, type Report } from '../../common/sync/reports';

describe('report money, totals and CSV', () => {
  it('shows qəpik as AZN with two decimals, negatives included', () => {
    expect([0, 5, 1005, 700, -100, -1, 123456789].map(minorToAzn)).toEqual(['0.00', '0.05', '10.05', '7.00', '-1.00', '-0.01', '1234567.89']);
  });

  it('adds groups: same kind, method or reason summed; takings = payments + refunds per method', () => {
    const a = { ...emptyFigures(), payments: [{ method: 'card', freeReason: null, count: 1, takenMinor: 700, waivedMinor: 0 }], voids: [{ kind: 'sim.duplicate', refundMethod: 'card', count: 1, refundedMinor: -700 }] };
    const b = { ...emptyFigures(), payments: [{ method: 'cash', freeReason: null, count: 2, takenMinor: 3000, waivedMinor: 0 }, { method: 'card', freeReason: null, count: 1, takenMinor: 1500, waivedMinor: 0 }] };
    const t = sumFigures([a, b]);
    expect(t.payments).toEqual([
      { method: 'cash', freeReason: null, count: 2, takenMinor: 3000, waivedMinor: 0 },
      { method: 'card', freeReason: null, count: 2, takenMinor: 2200, waivedMinor: 0 },
    ]);
    expect(t.takings).toEqual([
      { method: 'cash', payments: 2, takenMinor: 3000, refundedMinor: 0, netMinor: 3000 },
      { method: 'card', payments: 2, takenMinor: 2200, refundedMinor: -700, netMinor: 1500 },
    ]);
  });

  it('quotes commas, quotes and line breaks, and defuses a reason that starts like a formula', () => {
    const shifts = { opened: 1, closed: 1, nonZero: 1, differenceMinor: -100, differences: [
      { shiftId: 's1', office: 'Bakı, Nizami', desk: 'A "1"', clerkId: 'c', clerk: 'c', day: '2026-12-01', differenceMinor: -100, reason: '=HYPERLINK("http://x")', approvedBy: '@sup' },
    ] };
    const report: Report = {
      generatedAt: '2026-12-02T00:00:00.000Z', timeZone: 'Asia/Baku', currency: 'AZN', by: ['office'],
      filters: { office: null, desk: null, clerk: null, from: null, to: null },
      groups: [{ key: { office: 'Bakı, Nizami' }, ...emptyFigures(), shifts }], totals: { ...emptyFigures(), shifts },
    };
    expect(reportToCsv(report).split('\r\n')).toEqual([
      'office,desk,clerk,day,figure,item,detail,supervisor,count,amount_minor,amount_azn',
      '"Bakı, Nizami",,,,shifts,closed,,,1,-100,-1.00',
      `"Bakı, Nizami","A ""1""",c,2026-12-01,shift_difference,s1,"'=HYPERLINK(""http://x"")",'@sup,1,-100,-1.00`,
      'TOTAL,,,,shifts,closed,,,1,-100,-1.00',
      '',
    ]);
  });

  it('reads the grouping from a query string and refuses what it does not know', () => {
    expect(reportQuerySchema.parse({ by: 'office, day,office' }).by).toEqual(['office', 'day']);
    expect(reportQuerySchema.parse({}).by).toEqual(['office']);
    expect(reportQuerySchema.safeParse({ by: 'week' }).success).toBe(false);
    expect(reportQuerySchema.safeParse({ from: '2026-02-30' }).success).toBe(false);
  });
});
