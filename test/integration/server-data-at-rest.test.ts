/**
 * The embedded database at rest (issue 10, hole 3 / deliver 4): `masa-server start` makes its data folder 0700 and
 * leaves every file in it 0600 (PGlite alone wrote 0755 folders and 0666 files, desk keys readable in its WAL), and
 * refuses — untouched, exit 1, with the fix — a folder or a file in it that other users may read or write.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');
const bin = join(root, 'bin', 'masa-server.mjs');
// The Node running the tests (22+): node_modules/.bin/node exists only where npm install had to fetch Node.
const node = process.execPath;
const env = { ...process.env, DATABASE_URL: '' };

function cli(dataDir: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  // A start that is not refused would run for ever: the timeout ends it (and the test fails on its null status).
  const r = spawnSync(node, [bin, ...args, '--data', dataDir], { encoding: 'utf8', cwd: root, env, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function start(dataDir: string): Promise<ChildProcess> {
  const child = spawn(node, [bin, 'start', '--port', '0', '--data', dataDir], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((done, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`server did not start: ${out}`)), 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (!/listening on/.test(out)) return;
      clearTimeout(timer);
      done();
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => (clearTimeout(timer), fail(new Error(`server exited ${code}: ${out}`))));
  });
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/** Every folder and file under `dir` (itself included) with its permission bits, as `stat` reports them. */
function modes(dir: string): Map<string, { mode: number; dir: boolean }> {
  const all = new Map<string, { mode: number; dir: boolean }>();
  const visit = (p: string) => {
    const st = lstatSync(p);
    all.set(p, { mode: st.mode & 0o777, dir: st.isDirectory() });
    if (st.isDirectory()) for (const name of readdirSync(p)) visit(join(p, name));
  };
  visit(dir);
  return all;
}

/** What a refused start must not change: every entry's mode, size and modification time. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of modes(dir).keys()) {
    const st = lstatSync(p);
    out[p] = `${(st.mode & 0o777).toString(8)} ${st.isDirectory() ? '-' : st.size} ${st.mtimeMs}`;
  }
  return out;
}

function expectPrivate(dir: string): void {
  const entries = modes(dir);
  expect(entries.size).toBeGreaterThan(100); // the whole PGlite cluster, not just the folder
  const wrong = [...entries].filter(([, e]) => e.mode !== (e.dir ? 0o700 : 0o600)).map(([p, e]) => `${e.mode.toString(8)} ${p}`);
  expect(wrong).toEqual([]);
}

describe.skipIf(process.platform === 'win32')('masa-server data folder at rest (PGlite)', () => {
  let dir: string;
  let data: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'masa-server-rest-'));
    data = join(dir, 'data');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a fresh start leaves the folder 0700 and every file 0600, while running, after it stops and after a restart', async () => {
    const server = await start(data);
    try {
      expect(cli(data, 'office', 'add', 'ASXM Bakı-1').code).toBe(0); // a write through the running server (WAL)
      expect(existsSync(join(data, 'server.json'))).toBe(true);
      expectPrivate(data);
    } finally {
      await stop(server);
    }
    expectPrivate(data);
    // PGlite rewrites some files wider at every open: a second start must find the folder private again.
    const again = await start(data);
    try {
      expectPrivate(data);
    } finally {
      await stop(again);
    }
    expectPrivate(data);
  });

  it('a folder or a file open to other users: start and admin commands refuse with the fix, exit 1, nothing touched', () => {
    const fix = `chmod -R go-rwx ${data}`;
    const refused = (label: string, loose: string, mode: string) => {
      const before = snapshot(data);
      for (const args of [['start', '--port', '0'], ['stats']]) {
        const r = cli(data, ...args);
        expect([label, args[0], r.code]).toEqual([label, args[0], 1]);
        expect(r.stderr).toContain(`masa-server: the data folder ${data} is open to other users (${loose} has mode ${mode})`);
        expect(r.stderr).toContain(fix);
      }
      expect(snapshot(data)).toEqual(before);
      expect(existsSync(join(data, 'server.json'))).toBe(false);
    };

    chmodSync(data, 0o755);
    refused('folder 0755', 'it', '0755');
    chmodSync(data, 0o700);

    const file = join(data, 'pgdata', 'PG_VERSION');
    chmodSync(file, 0o644);
    refused('file 0644', file, '0644');
    chmodSync(file, 0o600);

    const sub = join(data, 'pgdata', 'base');
    chmodSync(sub, 0o750);
    refused('subfolder 0750', sub, '0750');

    // The fix the message gives is enough.
    expect(spawnSync('chmod', ['-R', 'go-rwx', data]).status).toBe(0);
    expect(cli(data, 'office', 'list').stdout).toMatch(/ASXM Bakı-1/);
    expectPrivate(data);
  });
});
