/**
 * A desk for sync tests: the real composed services on a temporary data folder, set up and signed in, with helpers to
 * record operations through the same code paths as the forms (visits) or straight into the outbox in a transaction
 * (kinds whose flows live elsewhere, e.g. sim.sell), and a way to run the `masa` sync commands as a child process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { composeServices, type Services } from '../../electron/main/compose';
import type { Clock } from '../../electron/main/services/clock';
import type { SyncWorkerOptions } from '../../electron/main/sync/sync-worker';
import { uuidv7 } from '../../common/ids';
import { syntheticIdentity } from '../../cli/commands/load';

export const TEST_PASSWORD = 'correct horse battery';

/** Short timeouts and backoff so chaos cases finish quickly; loopback only. */
export const FAST_SYNC: SyncWorkerOptions = { requestTimeoutMs: 3_000, backoffBaseMs: 50, backoffCapMs: 500, pollIntervalMs: 500, debounceMs: 10 };

export interface TestDesk {
  dir: string;
  services: Services;
  recordVisits(n: number): string[];
  enqueue(kind: string, subject: string, payload: Record<string, unknown>): string;
  localOpIds(): string[];
  close(): Promise<void>;
  reopen(opts?: { backgroundSync?: boolean; sync?: SyncWorkerOptions }): Promise<void>;
}

export async function createDesk(opts: { name?: string; backgroundSync?: boolean; sync?: SyncWorkerOptions; clock?: Clock; dir?: string } = {}): Promise<TestDesk> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'masa-desk-'));
  const open = async (o: { backgroundSync?: boolean; sync?: SyncWorkerOptions }) => {
    const s = composeServices({ dataDir: dir, host: 'cli', hardware: false, backgroundSync: o.backgroundSync ?? false, sync: o.sync ?? FAST_SYNC, clock: opts.clock });
    if (!s.auth.isSetUp()) {
      await s.auth.setup({ office: 'Test office', desk: opts.name ?? 'desk-1', adminUsername: 'boss', adminDisplayName: 'Boss', adminPassword: TEST_PASSWORD, language: 'en' });
    }
    await s.auth.signIn('boss', TEST_PASSWORD);
    return s;
  };
  const desk: TestDesk = {
    dir,
    services: await open(opts),
    recordVisits(n) {
      const ids: string[] = [];
      for (let i = 0; i < n; i++) ids.push(desk.services.visits.create({ identity: syntheticIdentity(), identityMethod: 'chip', identityCheck: { chipRead: true } }).id);
      return ids;
    },
    enqueue(kind, subject, payload) {
      const id = uuidv7();
      desk.services.db.transaction(() => desk.services.outbox.enqueue({ id, kind, subject, payload }))();
      return id;
    },
    localOpIds() {
      return desk.services.db.prepare('SELECT id FROM outbox ORDER BY seq').pluck().all() as string[];
    },
    async close() {
      await desk.services.close();
    },
    async reopen(o = {}) {
      desk.services = await open({ backgroundSync: o.backgroundSync ?? opts.backgroundSync, sync: o.sync ?? opts.sync });
    },
  };
  return desk;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

const ROOT = resolve(import.meta.dirname, '../..');

/** Runs `masa <name> …` (cli/masa.ts) in a child process on the desk's data folder. */
export function spawnDeskCommand(dataDir: string, name: string, args: string[]): ChildProcess {
  // Node itself with the tsx loader (not the tsx CLI, which forks a second process that a SIGKILL would orphan).
  return spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'cli/masa.ts'), name, ...args], {
    cwd: ROOT,
    env: { ...process.env, MASA_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function runDeskCommand(dataDir: string, name: string, args: string[], timeoutMs = 60_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawnDeskCommand(dataDir, name, args);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((res) => child.on('exit', (code) => (clearTimeout(timer), res({ code, stdout, stderr }))));
}

/** Polls until `check` is true, at most `timeoutMs` (bounded loops only). */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 20_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
