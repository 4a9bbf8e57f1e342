/**
 * A throwaway PostgreSQL server for tests: initdb in a temp dir, listening on 127.0.0.1 on a free port only (unix
 * socket inside the temp dir), started by PID, stopped and removed after. When running as root, the server runs
 * as the `postgres` system user (PostgreSQL refuses to run as root). `crash()` kills it with SIGKILL (postmaster and
 * its backends, by PID), `start()` brings it back on the same port and data (crash recovery).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const BIN_DIRS = ['/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/14/bin'];

export function findPostgresBin(): string | null {
  for (const d of BIN_DIRS) if (existsSync(join(d, 'postgres')) && existsSync(join(d, 'initdb'))) return d;
  return null;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function systemUser(name: string): { uid: number; gid: number } | null {
  const r = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  const g = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  if (r.status !== 0 || g.status !== 0) return null;
  return { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) };
}

export class TestPostgres {
  private child?: ChildProcess;
  private exited?: Promise<void>;
  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly bin: string,
    private readonly runAs: { uid: number; gid: number } | undefined,
  ) {}

  get dataDir(): string {
    return join(this.dir, 'data');
  }
  /** Connection string for a database on this server. */
  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }
  get pid(): number | undefined {
    return this.child?.pid;
  }

  static async create(): Promise<TestPostgres> {
    const bin = findPostgresBin();
    if (!bin) throw new Error('PostgreSQL is not installed (looked in /usr/lib/postgresql/*/bin): apt-get install postgresql');
    const isRoot = process.getuid?.() === 0;
    const runAs = isRoot ? (systemUser('postgres') ?? undefined) : undefined;
    if (isRoot && !runAs) throw new Error('running as root but there is no "postgres" system user to run PostgreSQL as');
    const dir = mkdtempSync(join(tmpdir(), 'masa-pg-'));
    if (runAs) chownSync(dir, runAs.uid, runAs.gid);
    const pgRun = new TestPostgres(dir, await freePort(), bin, runAs);
    const init = spawnSync(join(bin, 'initdb'), ['-D', pgRun.dataDir, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale=C'], {
      encoding: 'utf8',
      cwd: dir,
      ...(runAs ?? {}),
    });
    if (init.status !== 0) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
    }
    await pgRun.start();
    return pgRun;
  }

  async start(): Promise<void> {
    if (this.child) return;
    const child = spawn(
      join(this.bin, 'postgres'),
      ['-D', this.dataDir, '-p', String(this.port), '-k', this.dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'max_connections=50', '-c', 'shared_buffers=32MB'],
      { cwd: this.dir, stdio: ['ignore', 'ignore', 'pipe'], ...(this.runAs ?? {}) },
    );
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4000);
    });
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null) {
        this.child = undefined;
        throw new Error(`postgres exited at start: ${stderr}`);
      }
      const c = new pg.Client({ connectionString: this.url(), connectionTimeoutMillis: 1000 });
      try {
        await c.connect();
        await c.query('SELECT 1');
        await c.end();
        return;
      } catch {
        await c.end().catch(() => {});
        if (Date.now() > deadline) throw new Error(`postgres did not start in 30 s: ${stderr}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  /** Its backends, by parent PID (never by name). */
  private backendPids(): number[] {
    const parent = this.child?.pid;
    if (!parent) return [];
    const pids: number[] = [];
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        if (ppid === parent) pids.push(Number(entry));
      } catch {
        // process went away
      }
    }
    return pids;
  }

  /** kill -9 of the postmaster and its backends, like a machine losing power. */
  async crash(): Promise<void> {
    const child = this.child;
    if (!child?.pid) return;
    const backends = this.backendPids();
    process.kill(child.pid, 'SIGKILL');
    for (const pid of backends) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await this.exited;
    // Wait until the backends are gone too, so a restart does not find their shared memory in use.
    const deadline = Date.now() + 10_000;
    while (backends.some((p) => existsSync(`/proc/${p}`) && !isZombie(p)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    this.child = undefined;
  }

  /** Clean, fast shutdown (SIGINT). */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child?.pid) return;
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(timer);
    this.child = undefined;
  }

  async createDatabase(name: string): Promise<string> {
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
    const c = new pg.Client({ connectionString: this.url() });
    await c.connect();
    try {
      await c.query(`CREATE DATABASE ${name}`);
    } finally {
      await c.end();
    }
    return this.url(name);
  }

  async destroy(): Promise<void> {
    await this.stop().catch(() => this.crash());
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}
