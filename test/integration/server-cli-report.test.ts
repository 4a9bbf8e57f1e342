/**
 * `masa-server report` run as an administrator runs it (a child process, issue 12 deliver 6): while the server holds
 * the PGlite folder (through the loopback admin API) and after it stopped (the database directly) — the readable
 * table, --json, --format csv, --csv FILE (with a byte-order mark), and a wrong command line refused with exit 2.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startServer, type StartedServer } from '../../server/runtime';
import { OFFICE_A, OFFICE_B, pushReportScenario, type ReportScenario } from '../support/report-scenario';
import type { Report } from '../../common/sync/reports';

const root = resolve(__dirname, '../..');
const bin = join(root, 'bin', 'masa-server.mjs');

/** The CLI as a child, asynchronously: the server answering its admin calls runs in this process. */
function cli(dataDir: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [bin, ...args, '--data', dataDir], { cwd: root, env: { ...process.env, DATABASE_URL: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', fail);
    child.once('close', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

describe('masa-server report', () => {
  let dir: string;
  let data: string;
  let server: StartedServer | undefined;
  let s: ReportScenario;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'masa-report-cli-'));
    data = join(dir, 'data');
    server = await startServer({ dataDir: data, host: '127.0.0.1', port: 0, tls: null, log: () => {} });
    s = await pushReportScenario(server);
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('while the server runs: the table, JSON and CSV of the same report', async () => {
    const table = await cli(data, 'report', '--office', OFFICE_A, '--by', 'desk');
    expect(table.stderr).toBe('');
    expect(table.code).toBe(0);
    const lines = table.stdout.split('\n');
    expect(lines[0]).toBe(`report by desk: office "${OFFICE_A}", the beginning to today (days in Asia/Baku)`);
    expect(lines).toContain(`office "${OFFICE_A}" · desk "A-1"`);
    expect(lines).toContain('  payments          cash 1, 30.00 AZN; card 1, 5.00 AZN; free 1 (pensioner), waived 15.00 AZN');
    expect(lines).toContain('  voids             1, refunded -15.00 AZN: service.extend 1 (cash -15.00 AZN)');
    expect(lines).toContain('  takings (net)     cash 15.00 AZN, card 20.00 AZN');
    expect(lines).toContain(`    -1.00 AZN  ${OFFICE_A} / A-1 / leyla / 2026-12-01: change given twice — approved by Nigar Əliyeva`);

    const json = await cli(data, 'report', '--json', '--by', 'day', '--from', '2026-12-02');
    expect(json.code).toBe(0);
    const r = JSON.parse(json.stdout) as Report;
    expect(r.groups.map((g) => g.key)).toEqual([{ day: '2026-12-02' }]);
    expect(r.totals.operations).toEqual([{ kind: 'komis.register', count: 1, feesMinor: 0 }]);

    const csv = await cli(data, 'report', '--format', 'csv', '--office', OFFICE_B, '--clerk', 'clerk-aynur');
    expect(csv.code).toBe(0);
    const rows = csv.stdout.split('\r\n');
    expect(rows[0]).toBe('office,desk,clerk,day,figure,item,detail,supervisor,count,amount_minor,amount_azn');
    expect(rows).toContain(`${OFFICE_B},,,,approvals,sync.offline-limit,,Kamran,1,,`);
    expect(rows).toContain(`${OFFICE_B},B-1,clerk-aynur,2026-12-01,shift_difference,${s.shiftB1},customer left the change,Kamran,1,200,2.00`);
  });

  it('--csv FILE writes the file (UTF-8 with a byte-order mark); once the server stopped, the database is read directly', async () => {
    await server!.stop();
    server = undefined;
    const file = join(dir, 'report.csv');
    const r = await cli(data, 'report', '--by', 'clerk', '--csv', file);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`report written to ${file} (3 group(s), CSV)\n`);
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith('\uFEFFoffice,desk,clerk,day,figure')).toBe(true);
    expect(text.split('\r\n')).toContain(',,leyla,,voids,service.extend,cash,,1,-1500,-15.00');
    expect(text.split('\r\n')).toContain('TOTAL,,,,takings,cash,,,2,4500,45.00');
  });

  it('a wrong command line exits 2 with what was wrong', async () => {
    const day = await cli(data, 'report', '--from', '01.12.2026');
    expect(day.code).toBe(2);
    expect(day.stderr).toMatch(/^masa-server: --from: a date as YYYY-MM-DD\n/);
    const by = await cli(data, 'report', '--by', 'week');
    expect(by.code).toBe(2);
    expect(by.stderr).toMatch(/^masa-server: --by: grouping must be among office, desk, clerk, day\n/);
  });
});
