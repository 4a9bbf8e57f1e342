/**
 * The server's reports (issue 12, deliver 6) on PGlite and PostgreSQL: three desks of two offices push a day
 * (test/support/report-scenario.ts) and the report gives its exact figures per office, desk, clerk and local day in
 * Asia/Baku, filtered, as JSON and as CSV text, and through the admin endpoint behind the admin token.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { postgresForFile, serverForSuite } from '../support/server-suites';
import type { Backend, RunningServer } from '../support/sync-server';
import { KAMRAN, NIGAR, OFFICE_A, OFFICE_B, pushReportScenario, type ReportScenario } from '../support/report-scenario';
import { buildReport } from '../../server/store/reports';
import { reportToCsv, type Report } from '../../common/sync/reports';

const pg = postgresForFile();
const noShifts = { opened: 0, closed: 0, nonZero: 0, differenceMinor: 0, differences: [] };

describe.each<Backend>(['pglite', 'postgres'])('reports on %s', (backend) => {
  const suiteServer = serverForSuite(backend, pg, 'reports');
  let server: RunningServer;
  let s: ReportScenario;
  beforeAll(async () => {
    server = suiteServer();
    s = await pushReportScenario(server);
  }, 120_000);

  it('per office: operations by kind with fees, payments by method, the void refunded, approvals, conflicts and shift differences', async () => {
    const r = await buildReport(server.db, { by: 'office' });
    expect(r.groups.map((g) => g.key.office)).toEqual([OFFICE_B, OFFICE_A]);
    const a = r.groups[1];
    expect(a.operations).toEqual([
      { kind: 'imei.register', count: 2, feesMinor: 3000 },
      { kind: 'komis.register', count: 1, feesMinor: 0 },
      { kind: 'service.extend', count: 2, feesMinor: 3000 },
      { kind: 'sim.sell', count: 1, feesMinor: 500 },
    ]);
    expect(a.payments).toEqual([
      { method: 'cash', freeReason: null, count: 1, takenMinor: 3000, waivedMinor: 0 },
      { method: 'card', freeReason: null, count: 2, takenMinor: 2000, waivedMinor: 0 },
      { method: 'free', freeReason: 'pensioner', count: 1, takenMinor: 0, waivedMinor: 1500 },
    ]);
    expect(a.voids).toEqual([{ kind: 'service.extend', refundMethod: 'cash', count: 1, refundedMinor: -1500 }]);
    expect(a.takings).toEqual([
      { method: 'cash', payments: 1, takenMinor: 3000, refundedMinor: -1500, netMinor: 1500 },
      { method: 'card', payments: 2, takenMinor: 2000, refundedMinor: 0, netMinor: 2000 },
      { method: 'free', payments: 1, takenMinor: 0, refundedMinor: 0, netMinor: 0 },
    ]);
    expect(a.approvals).toEqual([
      { action: 'flows.iccid.typed', supervisor: NIGAR.supervisorName, count: 1 },
      { action: 'operation.void', supervisor: NIGAR.supervisorName, count: 1 },
      { action: 'shift.difference', supervisor: NIGAR.supervisorName, count: 1 },
    ]);
    expect(a.conflicts).toEqual([]);
    expect(a.shifts).toEqual({
      opened: 2, closed: 2, nonZero: 1, differenceMinor: -100,
      differences: [{ shiftId: s.shiftA1, office: OFFICE_A, desk: 'A-1', clerkId: s.leylaId, clerk: 'leyla', day: '2026-12-01', differenceMinor: -100, reason: 'change given twice', approvedBy: NIGAR.supervisorName }],
    });
    const b = r.groups[0];
    expect(b.approvals).toEqual([
      { action: 'shift.difference', supervisor: KAMRAN.supervisorName, count: 1 },
      { action: 'sync.offline-limit', supervisor: KAMRAN.supervisorName, count: 1 },
    ]);
    expect(b.conflicts).toEqual([{ reason: 'imei_registered_elsewhere', open: 1, accepted: 1, rejected: 0 }]);
    expect(b.shifts.differenceMinor).toBe(200);
    expect(r.totals.takings).toEqual([
      { method: 'cash', payments: 2, takenMinor: 6000, refundedMinor: -1500, netMinor: 4500 },
      { method: 'card', payments: 3, takenMinor: 3500, refundedMinor: 0, netMinor: 3500 },
      { method: 'free', payments: 1, takenMinor: 0, refundedMinor: 0, netMinor: 0 },
    ]);
    expect(r.totals.shifts).toMatchObject({ opened: 3, closed: 3, nonZero: 2, differenceMinor: 100 });
    expect(r.totals.operations.reduce((n, o) => n + o.count, 0)).toBe(9);
  });

  it('by local day in Baku: the KÖMİS registration at 00:30 on 2 December (20:30 UTC on the 1st) is on the 2nd', async () => {
    const r = await buildReport(server.db, { by: ['office', 'day'] });
    expect(r.groups.map((g) => [g.key.office, g.key.day])).toEqual([[OFFICE_B, '2026-12-01'], [OFFICE_A, '2026-12-01'], [OFFICE_A, '2026-12-02']]);
    expect(r.groups[2]).toMatchObject({ operations: [{ kind: 'komis.register', count: 1, feesMinor: 0 }], payments: [], voids: [], shifts: noShifts });
    const second = await buildReport(server.db, { by: 'day', from: '2026-12-02', to: '2026-12-02' });
    expect(second.groups.map((g) => g.key)).toEqual([{ day: '2026-12-02' }]);
    expect(second.totals.operations).toEqual([{ kind: 'komis.register', count: 1, feesMinor: 0 }]);
    const first = await buildReport(server.db, { by: 'day', to: '2026-12-01' });
    expect(first.totals.operations.find((o) => o.kind === 'komis.register')).toBeUndefined();
    expect(first.totals.operations.reduce((n, o) => n + o.count, 0)).toBe(8);
  });

  it('per clerk (a published account by username, a desk account by id) and per desk; filtered by office, desk and clerk', async () => {
    const byClerk = await buildReport(server.db, { by: 'clerk' });
    expect(byClerk.groups.map((g) => [g.key.clerk, g.key.clerkId])).toEqual([['clerk-aynur', 'clerk-aynur'], ['clerk-rauf', 'clerk-rauf'], ['leyla', s.leylaId]]);
    const leyla = await buildReport(server.db, { by: 'desk', clerk: 'leyla' });
    expect(leyla.groups.map((g) => g.key)).toEqual([{ officeId: expect.any(String), office: OFFICE_A, deskId: expect.any(String), desk: 'A-1' }]);
    expect(leyla.totals.voids).toEqual([{ kind: 'service.extend', refundMethod: 'cash', count: 1, refundedMinor: -1500 }]);
    const a2 = await buildReport(server.db, { by: 'desk', office: OFFICE_A, desk: 'A-2' });
    expect(a2.filters).toEqual({ office: OFFICE_A, desk: 'A-2', clerk: null, from: null, to: null });
    expect(a2.totals.payments).toEqual([{ method: 'card', freeReason: null, count: 1, takenMinor: 1500, waivedMinor: 0 }]);
    expect(a2.totals.shifts).toEqual({ opened: 1, closed: 1, nonZero: 0, differenceMinor: 0, differences: [] });
    const none = await buildReport(server.db, { from: '2026-11-01', to: '2026-11-30' });
    expect(none.groups).toEqual([]);
    await expect(buildReport(server.db, { office: 'No Such Office' })).rejects.toMatchObject({ status: 404, message: 'no office "No Such Office"' });
    await expect(buildReport(server.db, { from: '2026-12-02', to: '2026-12-01' })).rejects.toMatchObject({ status: 400, message: 'report: to: "from" must not be after "to"' });
    await expect(buildReport(server.db, { by: 'week' })).rejects.toMatchObject({ status: 400 });
  });

  it('as CSV: a row per figure, amounts in qəpik and AZN, the shift difference with its reason and approver', async () => {
    const r = await buildReport(server.db, { by: 'desk', office: OFFICE_A, desk: 'A-1' });
    expect(reportToCsv(r).split('\r\n')).toEqual([
      'office,desk,clerk,day,figure,item,detail,supervisor,count,amount_minor,amount_azn',
      `${OFFICE_A},A-1,,,operations,imei.register,,,1,1500,15.00`,
      `${OFFICE_A},A-1,,,operations,service.extend,,,2,3000,30.00`,
      `${OFFICE_A},A-1,,,operations,sim.sell,,,1,500,5.00`,
      `${OFFICE_A},A-1,,,payments,cash,,,1,3000,30.00`,
      `${OFFICE_A},A-1,,,payments,card,,,1,500,5.00`,
      `${OFFICE_A},A-1,,,payments,free,pensioner,,1,0,0.00`,
      `${OFFICE_A},A-1,,,waived,free,pensioner,,1,1500,15.00`,
      `${OFFICE_A},A-1,,,voids,service.extend,cash,,1,-1500,-15.00`,
      `${OFFICE_A},A-1,,,takings,cash,,,1,1500,15.00`,
      `${OFFICE_A},A-1,,,takings,card,,,1,500,5.00`,
      `${OFFICE_A},A-1,,,takings,free,,,1,0,0.00`,
      `${OFFICE_A},A-1,,,approvals,flows.iccid.typed,,${NIGAR.supervisorName},1,,`,
      `${OFFICE_A},A-1,,,approvals,operation.void,,${NIGAR.supervisorName},1,,`,
      `${OFFICE_A},A-1,,,approvals,shift.difference,,${NIGAR.supervisorName},1,,`,
      `${OFFICE_A},A-1,,,shifts,closed,,,1,-100,-1.00`,
      `${OFFICE_A},A-1,leyla,2026-12-01,shift_difference,${s.shiftA1},change given twice,${NIGAR.supervisorName},1,-100,-1.00`,
      'TOTAL,,,,operations,imei.register,,,1,1500,15.00',
      'TOTAL,,,,operations,service.extend,,,2,3000,30.00',
      'TOTAL,,,,operations,sim.sell,,,1,500,5.00',
      'TOTAL,,,,payments,cash,,,1,3000,30.00',
      'TOTAL,,,,payments,card,,,1,500,5.00',
      'TOTAL,,,,payments,free,pensioner,,1,0,0.00',
      'TOTAL,,,,waived,free,pensioner,,1,1500,15.00',
      'TOTAL,,,,voids,service.extend,cash,,1,-1500,-15.00',
      'TOTAL,,,,takings,cash,,,1,1500,15.00',
      'TOTAL,,,,takings,card,,,1,500,5.00',
      'TOTAL,,,,takings,free,,,1,0,0.00',
      `TOTAL,,,,approvals,flows.iccid.typed,,${NIGAR.supervisorName},1,,`,
      `TOTAL,,,,approvals,operation.void,,${NIGAR.supervisorName},1,,`,
      `TOTAL,,,,approvals,shift.difference,,${NIGAR.supervisorName},1,,`,
      'TOTAL,,,,shifts,closed,,,1,-100,-1.00',
      '',
    ]);
  });

  it('GET /admin/reports answers the admin token only: JSON, and CSV with format=csv', async () => {
    const url = `${server.url}/admin/reports?by=office,day&office=${encodeURIComponent(OFFICE_B)}`;
    expect((await fetch(url)).status).toBe(401);
    const auth = { authorization: `Bearer ${server.adminToken}` };
    const json = (await (await fetch(url, { headers: auth })).json()) as Report;
    expect(json.groups.map((g) => [g.key.office, g.key.day])).toEqual([[OFFICE_B, '2026-12-01']]);
    expect(json.totals.conflicts).toEqual([{ reason: 'imei_registered_elsewhere', open: 1, accepted: 1, rejected: 0 }]);
    const csv = await fetch(`${url}&format=csv`, { headers: auth });
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = (await csv.text()).split('\r\n');
    expect(lines).toContain(`${OFFICE_B},,,2026-12-01,conflicts,imei_registered_elsewhere,open,,1,,`);
    expect(lines).toContain(`${OFFICE_B},B-1,clerk-aynur,2026-12-01,shift_difference,${s.shiftB1},customer left the change,Kamran,1,200,2.00`);
    const bad = await fetch(`${server.url}/admin/reports?from=1.12.2026`, { headers: auth });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toBe('report: from: a date as YYYY-MM-DD');
  });
});
