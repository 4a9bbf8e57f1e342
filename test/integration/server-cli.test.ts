/**
 * `masa-server` as an administrator uses it: start on a PGlite data dir, administer it while it runs (through the
 * loopback admin API, since PGlite allows one process) and after it stopped (directly), seed reference data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pinnedFetch } from '../../node-common/pinned-fetch';
import { SyncClient } from '../../common/sync/client';
import { makeOp } from '../support/sync-server';

const root = resolve(__dirname, '../..');
const bin = join(root, 'bin', 'masa-server.mjs');
// The Node running the tests (22+): node_modules/.bin/node exists only where npm install had to fetch Node.
const node = process.execPath;

function cli(dataDir: string, ...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(node, [bin, ...args, '--data', dataDir], { encoding: 'utf8', cwd: root, env: { ...process.env, DATABASE_URL: '' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('masa-server CLI on PGlite', () => {
  let dir: string;
  let server: ChildProcess | undefined;
  let url: string;
  let startPin = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'masa-server-cli-'));
    const refDir = join(dir, 'reference');
    mkdirSync(refDir);
    writeFileSync(join(refDir, 'tariffs.json'), JSON.stringify({ table: 'tariffs', rows: [{ id: 'biznes', setup: '18.00', monthly: '2.50', validFrom: '2024-01-01' }] }));
    server = spawn(node, [bin, 'start', '--port', '0', '--data', join(dir, 'data'), '--seed', refDir], { cwd: root, env: { ...process.env, DATABASE_URL: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    url = await new Promise<string>((resolvePromise, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 60_000);
      server!.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /listening on (https:\/\/\S+)[^\n]*\nserver key pin (sha256\/\S+)/.exec(out);
        if (m) {
          startPin = m[2];
          clearTimeout(timer);
          resolvePromise(m[1]);
        }
      });
      server!.stderr!.on('data', (d: Buffer) => (out += d.toString()));
      server!.once('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
    });
  });
  afterAll(async () => {
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((r) => server!.once('exit', r));
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('administers a running server, then the same data once it has stopped', async () => {
    const data = join(dir, 'data');
    expect(cli(data, 'office', 'add', 'Sumqayıt', 'ASXM').stdout).toMatch(/office "Sumqayıt ASXM" added/);
    // Office types (issue 12): given at creation, changed later (test/integration/fees-by-office.test.ts covers the rest).
    expect(cli(data, 'office', 'add', 'Bakcell', 'Nizami', '--type', 'post').stdout).toMatch(/office "Bakcell Nizami" added \(.+\), type post/);
    expect(cli(data, 'office', 'type', 'Bakcell', 'Nizami', 'operator').stdout).toBe('office "Bakcell Nizami" is now of type operator; its desks take it at their next sync\n');
    const code = cli(data, 'enrolment-code', 'Sumqayıt ASXM');
    expect(code.code).toBe(0);
    const oneTime = code.stdout.split('\n')[0];
    expect(oneTime).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    // The server serves HTTPS with the key pair it made at first start; the code comes with that key's pin.
    const pin = /server key pin: (sha256\/\S+)/.exec(code.stdout)?.[1];
    expect(pin).toBe(startPin);
    // A client that trusts certificate authorities does not reach it (self-signed); one pinned to its key does.
    await expect(new SyncClient(url).enrol(oneTime, 'Desk 1')).rejects.toMatchObject({ code: 'NETWORK' });
    const fetch = pinnedFetch(pin!);
    const enrolled = await new SyncClient(url, undefined, { fetch }).enrol(oneTime, 'Desk 1');
    const desk = new SyncClient(url, enrolled, { fetch });
    const ops = [makeOp(1), makeOp(2, 'imei.register'), makeOp(3)];
    await desk.push(ops);
    await desk.push(ops.slice(0, 2));
    const pulled = await desk.pull();
    expect(pulled.changes.find((c) => c.table === 'tariffs')?.row).toMatchObject({ id: 'biznes', monthly: '2.50' });

    const stats = JSON.parse(cli(data, 'stats', '--json').stdout) as { applied: number; duplicates: number; byOffice: Array<{ office: string; kind: string; applied: number }> };
    expect(stats.applied).toBe(3);
    expect(stats.duplicates).toBe(2);
    expect(stats.byOffice).toContainEqual(expect.objectContaining({ office: 'Sumqayıt ASXM', kind: 'visit.create', applied: 2 }));
    expect(cli(data, 'conflicts', '--json').stdout.trim()).toBe('[]');
    expect(cli(data, 'poa', 'revoke', 'POA-1', '--reason', 'lost').stdout).toMatch(/POA-1 revoked/);

    server!.kill('SIGTERM');
    await new Promise((r) => server!.once('exit', r));
    expect(existsSync(join(data, 'server.json'))).toBe(false);
    // Stopped: the CLI opens the PGlite directory itself and sees the same data.
    const after = JSON.parse(cli(data, 'stats', '--json').stdout) as { applied: number; duplicates: number };
    expect(after).toMatchObject({ applied: 3, duplicates: 2 });
    expect(cli(data, 'reference', 'list').stdout).toMatch(/tariffs\t1 row/);
    const bad = cli(data, 'enrolment-code', 'No Such Office');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/no office/);
  });
});

describe('masa-server help and wrong command lines', () => {
  const COMMANDS = ['start', 'office add', 'office type', 'office list', 'enrolment-code', 'clerk add', 'clerk remove', 'clerk list', 'stats', 'report', 'reference seed', 'reference set', 'reference list', 'conflicts', 'conflicts resolve', 'poa revoke', 'trust import-masterlist', 'trust import-crl', 'trust list', 'compact', 'migrate', 'help'];

  it('`help` and `--help` list every command, clerk add with where its password comes from; exit 0', () => {
    const dir = mkdtempSync(join(tmpdir(), 'masa-server-help-'));
    try {
      for (const words of [['help'], ['--help'], ['clerk', '-h']]) {
        const r = cli(join(dir, 'data'), ...words);
        expect([words.join(' '), r.code, r.stderr]).toEqual([words.join(' '), 0, '']);
        for (const c of COMMANDS) expect(r.stdout).toMatch(new RegExp(`^  ${c}\\b`, 'm'));
        expect(r.stdout).toMatch(/clerk add OFFICE USERNAME --name NAME --role clerk\|supervisor[^]*password is read from standard input/);
      }
      // Help opens no database.
      expect(existsSync(join(dir, 'data'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an unknown command or option: exit 2, what was wrong and where the help is, no database created', () => {
    const dir = mkdtempSync(join(tmpdir(), 'masa-server-usage-'));
    try {
      const unknown = cli(join(dir, 'data'), 'ofice', 'list');
      expect(unknown).toMatchObject({ code: 2, stderr: 'masa-server: unknown command "ofice"\nRun "masa-server help" for every command and its options.\n' });
      const option = cli(join(dir, 'data'), 'stats', '--jsn');
      expect(option.code).toBe(2);
      expect(option.stderr).toMatch(/^masa-server: unknown option --jsn — did you mean --json\?/);
      expect(existsSync(join(dir, 'data'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
