// The sync server as the e2e specs run it: `masa-server` as a child process on PGlite in a temp folder, its CLI for
// offices and one-time enrolment codes, and a desk enrolled the way a supervisor does it, from the Sync page.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, type Page } from '@playwright/test';
import { freePort } from '../../support/postgres';

const ROOT = resolve(import.meta.dirname, '../../..');

/**
 * `masa-server …` as one Node process (no wrapper), so a signal reaches the server itself. Asynchronous, so several
 * commands (offices, enrolment codes) run side by side: with the server up they go to it over HTTP.
 */
export function serverCli(dataDir: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    // `env`: e.g. MASA_ADMIN_PASSWORD for `admin add` (a password never goes on the command line).
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server/cli.ts'), ...args, '--data', dataDir], { cwd: ROOT, timeout: 60_000, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.once('error', fail);
    child.once('close', (code) => done({ code, stdout, stderr }));
  });
}

export async function startSyncServer(dataDir: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server/cli.ts'), 'start', '--port', String(port), '--data', dataDir, '--http'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  // Read all along, so a chatty server never blocks on a full pipe; the last words go into a failure's message.
  let output = '';
  const keep = (d: unknown) => (output = (output + String(d)).slice(-2000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  // A loaded machine (PGlite's start and migrations are CPU-bound) can take well over ten seconds.
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`sync server exited with ${child.exitCode}: ${output}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/v1/health`);
      if (r.ok) return child;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      await stopProcess(child);
      throw new Error(`sync server did not start in 60 s: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** A one-time enrolment code for a desk of `office` (`masa-server enrolment-code`). */
export async function enrolmentCode(dataDir: string, office: string): Promise<string> {
  const out = await serverCli(dataDir, ['enrolment-code', office]);
  const code = /[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(out.stdout)?.[0];
  expect(code, out.stdout + out.stderr).toBeTruthy();
  return code!;
}

/** A sync server on a fresh PGlite folder and a free port, with `offices` added. stop() is safe to call twice. */
export class SyncServer {
  private child: ChildProcess | undefined;
  private constructor(
    readonly dataDir: string,
    readonly port: number,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  static async start(offices: readonly string[] = []): Promise<SyncServer> {
    const server = new SyncServer(mkdtempSync(join(tmpdir(), 'masa-e2e-server-')), await freePort());
    try {
      await server.restart();
      for (const r of await Promise.all(offices.map((office) => serverCli(server.dataDir, ['office', 'add', office])))) expect(r.code, r.stderr).toBe(0);
    } catch (e) {
      await server.destroy();
      throw e;
    }
    return server;
  }

  /** Starts the server again on the same folder and port (after stop()). */
  async restart(): Promise<void> {
    this.child = await startSyncServer(this.dataDir, this.port);
  }

  async stop(): Promise<void> {
    await stopProcess(this.child);
    this.child = undefined;
  }

  /** Stops the server and removes its data folder. */
  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** A supervisor enrols the desk from the Sync page with a one-time code; the page stays open on "Up to date". */
export async function enrolFromSyncPage(page: Page, serverUrl: string, code: string, office: string, deskName?: string): Promise<void> {
  await page.getByTestId('nav-sync').click();
  await expect(page.getByTestId('sync-state')).toContainText('Not enrolled');
  await page.getByTestId('input-serverUrl').fill(serverUrl);
  await page.getByTestId('input-code').fill(code);
  if (deskName) await page.getByTestId('input-deskName').fill(deskName);
  await page.getByTestId('enrol-submit').click();
  await expect(page.getByTestId('sync-notice')).toContainText(office);
  await expect(page.getByTestId('sync-state')).toContainText('Up to date');
}

/** Sync now from the Sync page: everything sent and received ("Waiting: 0"), then back to today's journal (F1). */
export async function syncNow(page: Page): Promise<void> {
  await page.getByTestId('nav-sync').click();
  await page.getByTestId('sync-now').click();
  await expect(page.getByTestId('sync-notice')).toContainText('Waiting: 0', { timeout: 30_000 });
  await expect(page.getByTestId('sync-state')).toContainText('Up to date');
  await page.keyboard.press('F1');
}
