/**
 * The one desk harness of the integration tests: the real composed services (as the CLI and the browser host build
 * them) on a temporary data folder, set up with the accounts of accounts.ts and signed in. Options cover what the
 * flows tests need (a settable clock, a fake SIM reader and token or virtual cards, a PDF renderer, working as a
 * clerk) and what the sync tests need (fast worker timings, background sync, reopening the same folder, recording
 * operations, running the `masa` CLI on the folder).
 */
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { composeServices, type ComposeOptions, type Services } from '../../electron/main/compose';
import { withTx } from '../../electron/main/db/database';
import type { Clock } from '../../electron/main/services/clock';
import type { SyncWorkerOptions } from '../../electron/main/sync/sync-worker';
import type { FlowPorts } from '../../electron/main/flows/ports';
import type { ErrorPayload } from '../../common/errors';
import type { Language } from '../../common/i18n/languages';
import { uuidv7 } from '../../common/ids';
import { syntheticIdentity } from '../../cli/commands/load';
import { ADMIN, CLERK, DESK, OFFICE } from './accounts';
import { FakeIdChip, FakeSim, FakeToken, citizen } from './desk-doubles';
import type { IdChipPort } from '../../electron/main/services/chip-reads';
import { syntheticChipRead, typedPermitOf } from '../../cli/commands/synthetic-chip';

export { ADMIN, CLERK, DESK, OFFICE } from './accounts';
export * from './desk-doubles';
export { waitFor } from './wait';

/** What a dispatched call returns, loosely typed so a test can read `.error?.code` of any result. */
export interface CallResult {
  ok: boolean;
  value?: unknown;
  error?: ErrorPayload;
}

/**
 * scrypt's N for the test desks' passwords: 2^17 (production) costs ~0.4 s per hash and the suite hashes and signs in
 * hundreds of times. Hashes of any N verify, so a desk made here still opens in the real CLI (which raises the hash).
 */
export const TEST_PASSWORD_COST = 2 ** 10;

/** Short timeouts and backoff so sync and chaos cases finish quickly; loopback only. */
export const FAST_SYNC: SyncWorkerOptions = { requestTimeoutMs: 3_000, backoffBaseMs: 50, backoffCapMs: 500, pollIntervalMs: 500, debounceMs: 10 };

/** A clock the test moves: follows the machine's clock until set. */
export class TestClock implements Clock {
  private current: Date | null;
  constructor(start?: string | Date) {
    this.current = start === undefined ? null : new Date(start);
  }
  now(): Date {
    return this.current ? new Date(this.current) : new Date();
  }
  set(iso: string): void {
    this.current = new Date(iso);
  }
}

export interface DeskOptions {
  /** An existing data folder (e.g. a desk made by the CLI); default a new temporary one. */
  dataDir?: string;
  /** Run the first-run set-up (skipped when the folder is already set up). Default true. */
  setUp?: boolean;
  /** Who is signed in once open: the administrator (default), a clerk (added on first open), or nobody. */
  signIn?: 'admin' | 'clerk' | null;
  /** The desk's name at set-up (sync tests tell desks apart by it). Default DESK. */
  name?: string;
  /** The administrator's language at set-up. Default 'az'. */
  language?: Language;
  /** Freeze the clock at this instant (desk.clock.set moves it); default it follows the machine's clock. */
  now?: string;
  /** A clock of the test's own instead of desk.clock. */
  clock?: Clock;
  /** Real card readers through pcscd (the card service); default false. */
  hardware?: boolean;
  /** desk.sim and desk.token stand in for the flows' SIM reader and e-İmza token. Default false. */
  fakeCards?: boolean;
  /** The ID chip reader; default a FakeIdChip reading `newVisit`'s identity as a genuine chip would. */
  idChip?: IdChipPort;
  /** Flow ports of the test's own (e.g. the real adapters over a virtual card); they take the services lazily. */
  flowPorts?: (services: () => Services) => Partial<FlowPorts>;
  pdfRenderer?: ComposeOptions['pdfRenderer'];
  /** The sync worker's options; default FAST_SYNC (replaced, not merged). */
  sync?: SyncWorkerOptions;
  backgroundSync?: boolean;
  /**
   * Open a shift (float 0) for whoever signs in, unless one is open, so the desk may record operations and payments
   * (issue 12: nothing is recorded outside a shift). Default true; false for the shift tests themselves and for the
   * sync tests that count the queue of a desk recording only visits (a shift.open record would be one more).
   */
  openShift?: boolean;
  /** scrypt's N for the desk's passwords; default TEST_PASSWORD_COST. */
  passwordCost?: number;
}

/** The flows tests' desk: a clerk at work on 2026-06-01 (the administrator approves), desk.sim and desk.token as cards. */
export const FLOWS = { signIn: 'clerk', now: '2026-06-01T08:00:00Z', fakeCards: true } as const satisfies DeskOptions;

export interface TestDesk {
  readonly services: Services;
  readonly dataDir: string;
  readonly clock: TestClock;
  readonly sim: FakeSim;
  readonly token: FakeToken;
  /** A dispatched call (as the renderer makes it) that throws on failure and returns the value. */
  call<T = unknown>(channel: string, input?: unknown): Promise<T>;
  /** A dispatched call returning {ok, value} | {ok: false, error} as the renderer gets it. */
  callRaw(channel: string, input?: unknown): Promise<CallResult>;
  /** A visit for `identity` (a citizen by default) read from the chip, or from the MRZ. */
  newVisit(identity?: Record<string, unknown>, method?: 'chip' | 'mrz'): Promise<{ id: string }>;
  /** Puts a SIM with `iccid` in the fake reader and reads it as the flows do; the read's single-use id. */
  readSim(iccid: string): Promise<string>;
  /** The administrator's approval of `action`; returns its id. */
  approve(action: string, reason?: string): Promise<string>;
  /** n visits of synthetic customers recorded through VisitService (real outbox payloads); their ids. */
  recordVisits(n: number): string[];
  /** An operation written straight into the outbox (kinds no desk flow makes); its id. */
  enqueue(kind: string, subject: string, payload: Record<string, unknown>): string;
  localOpIds(): string[];
  /** Closes the services; the data folder stays for reopen(). */
  close(): Promise<void>;
  /** Composes the services again on the same folder (closing them first if open) and signs in again. */
  reopen(options?: Pick<DeskOptions, 'backgroundSync' | 'sync' | 'signIn'>): Promise<void>;
  /** Closes the services and removes the data folder. */
  dispose(): Promise<void>;
}

export function tempDir(prefix = 'masa-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export async function openDesk(options: DeskOptions = {}): Promise<TestDesk> {
  const dataDir = options.dataDir ?? tempDir('masa-desk-');
  const clock = new TestClock(options.now);
  const sim = new FakeSim();
  const chip = new FakeIdChip(() => (options.clock ?? clock).now());
  const token = new FakeToken();
  let services: Services | null = null;
  let open = false;

  const compose = (o: Pick<DeskOptions, 'backgroundSync' | 'sync'>): Services => {
    const ports: Partial<FlowPorts> = {
      ...(options.fakeCards ? { sim, tokens: token } : {}),
      ...options.flowPorts?.(() => services!),
    };
    return composeServices({
      dataDir,
      host: 'cli',
      clock: options.clock ?? clock,
      hardware: options.hardware ?? false,
      backgroundSync: o.backgroundSync ?? false,
      sync: o.sync ?? FAST_SYNC,
      flowPorts: ports,
      idChip: options.idChip ?? chip,
      pdfRenderer: options.pdfRenderer,
      passwordCost: options.passwordCost ?? TEST_PASSWORD_COST,
    });
  };
  const callRaw = (channel: string, input?: unknown) => services!.dispatch(channel, input, { origin: 'in-process' }) as Promise<CallResult>;
  const call = async <T,>(channel: string, input?: unknown): Promise<T> => {
    const r = await callRaw(channel, input);
    if (!r.ok) throw Object.assign(new Error(`${channel}: ${r.error!.code} ${r.error!.message} ${JSON.stringify(r.error!.fields ?? {})}`), { payload: r.error });
    return r.value as T;
  };
  const start = async (o: Pick<DeskOptions, 'backgroundSync' | 'sync' | 'signIn'>): Promise<void> => {
    services = compose(o);
    open = true;
    if (options.setUp === false) return;
    const who = o.signIn === undefined ? 'admin' : o.signIn;
    if (!services.auth.isSetUp()) {
      await call('app:setup', { office: OFFICE, desk: options.name ?? DESK, adminUsername: ADMIN.username, adminDisplayName: ADMIN.displayName, adminPassword: ADMIN.password, language: options.language ?? 'az' });
      if (who === 'clerk') {
        await call('auth:signIn', ADMIN);
        await call('clerks:add', { username: CLERK.username, displayName: CLERK.displayName, password: CLERK.password, role: 'clerk', language: 'en' });
      }
    }
    if (who) await call('auth:signIn', who === 'clerk' ? CLERK : ADMIN);
    if (who && options.openShift !== false && !(await call('shifts:current'))) await call('shifts:open', { openingFloatMinor: 0 });
  };
  const close = async (): Promise<void> => {
    if (!open) return;
    open = false;
    await services!.close();
  };

  await start({ backgroundSync: options.backgroundSync, sync: options.sync, signIn: options.signIn });
  const desk: TestDesk = {
    get services() {
      return services!;
    },
    dataDir,
    clock,
    sim,
    token,
    call,
    callRaw,
    newVisit: async (identity = citizen(), method = 'chip') => {
      if (method !== 'chip') return call('visits:create', { identity, identityMethod: method });
      // As at the desk: the chip is read (main keeps the read), then the visit names the read.
      chip.identity = identity;
      const read = await call<{ readId: string }>('idcard:readChip', { documentNumber: 'AA0000000', birthDate: '900101', expiryDate: '<<<<<<' });
      return call('visits:create', { identityMethod: 'chip', chipReadId: read.readId, residencePermit: typedPermitOf(identity) });
    },
    readSim: async (iccid) => {
      sim.iccid = iccid;
      return (await call<{ readId: string }>('sim:readIccid', {})).readId;
    },
    approve: async (action, reason = 'approved for the test') =>
      (await call<{ approvalId: string }>('auth:approve', { username: ADMIN.username, password: ADMIN.password, reason, action })).approvalId,
    recordVisits(n) {
      const ids: string[] = [];
      const clerkId = services!.auth.requireClerk().id;
      for (let i = 0; i < n; i++) {
        const read = services!.chipReads.keep(clerkId, undefined, syntheticChipRead(syntheticIdentity(), services!.clock.now()));
        ids.push(services!.visits.create({ identityMethod: 'chip', identityCheck: {}, chipReadId: read.readId }).id);
      }
      return ids;
    },
    enqueue(kind, subject, payload) {
      const id = uuidv7();
      withTx(services!.db, (tx) => services!.outbox.enqueue(tx, { id, kind, subject, payload }));
      return id;
    },
    localOpIds: () => services!.db.prepare('SELECT id FROM outbox ORDER BY seq').pluck().all() as string[],
    close,
    async reopen(o = {}) {
      await close();
      await start({ backgroundSync: o.backgroundSync ?? options.backgroundSync, sync: o.sync ?? options.sync, signIn: o.signIn === undefined ? options.signIn : o.signIn });
    },
    async dispose() {
      await close();
      removeDir(dataDir);
    },
  };
  return desk;
}

/** Runs the first-run set-up and signs the administrator in (for a desk opened with setUp: false). */
export async function setUpDesk(desk: TestDesk): Promise<void> {
  const r = await desk.callRaw('app:setup', { office: OFFICE, desk: DESK, adminUsername: ADMIN.username, adminDisplayName: ADMIN.displayName, adminPassword: ADMIN.password, language: 'az' });
  if (!r.ok) throw new Error(`set-up failed: ${JSON.stringify(r.error)}`);
  const s = await desk.callRaw('auth:signIn', { username: ADMIN.username, password: ADMIN.password });
  if (!s.ok) throw new Error(`sign-in failed: ${JSON.stringify(s.error)}`);
  // As openDesk does for whoever signs in: operations are recorded only inside a shift (issue 12).
  const o = await desk.callRaw('shifts:open', { openingFloatMinor: 0 });
  if (!o.ok) throw new Error(`shift open failed: ${JSON.stringify(o.error)}`);
}

/** The error of a call that must fail. */
export async function failure(desk: TestDesk, channel: string, input: unknown): Promise<ErrorPayload> {
  const r = await desk.callRaw(channel, input);
  if (r.ok) throw new Error(`${channel} succeeded but should have failed`);
  return r.error!;
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

/** A desk opened (with `options`) before each test of the file and disposed after it, handed to `use`. */
export function withDeskPerTest(options: DeskOptions, use: (desk: TestDesk) => void): void {
  withDesk(beforeEach, afterEach, options, use);
}

/** The same for the enclosing describe: one desk for all its tests. */
export function withDeskPerSuite(options: DeskOptions, use: (desk: TestDesk) => void): void {
  withDesk(beforeAll, afterAll, options, use);
}

function withDesk(before: typeof beforeAll, after: typeof afterAll, options: DeskOptions, use: (desk: TestDesk) => void): void {
  let desk: TestDesk | undefined;
  before(async () => {
    desk = await openDesk(options);
    use(desk);
  }, 60_000);
  after(async () => {
    await desk?.dispose();
  });
}
