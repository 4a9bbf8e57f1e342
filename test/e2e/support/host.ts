// Starts the real browser host (same services as Electron's main process) on a fresh data folder, as a child
// process, and drives it from Playwright. The renderer must have been built (npm test builds it first).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { expect, type Page } from '@playwright/test';
import { ADMIN, DESK, OFFICE } from '../../support/accounts';

export { ADMIN };

export interface RunningHost {
  /** The one-time launch address: the first page.goto(url) gets the session cookie; the same page may open it
   * again (it holds the cookie), another browser context may not. */
  url: string;
  origin: string;
  dataDir: string;
  process: ChildProcess;
  stop(): Promise<void>;
  /** Stops the host and starts it again on the same data folder (url and process change). */
  restart(): Promise<void>;
}

export interface HostOptions {
  dataDir?: string;
  env?: Record<string, string>;
  port?: number;
  /** The renderer to serve; default $MASA_E2E_RENDERER (a private build), else electron-vite's out/renderer. */
  rendererDir?: string;
}

export async function startHost(options: HostOptions = {}): Promise<RunningHost> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'masa-e2e-'));
  // One process (no npx/tsx wrappers), so stopping it stops the host.
  const args = ['--import', 'tsx', process.env.MASA_E2E_HOST_ENTRY ?? 'electron/browser-host/cli.ts', '--json', '--no-open'];
  if (options.port) args.push('--port', String(options.port));
  const rendererDir = options.rendererDir ?? process.env.MASA_E2E_RENDERER;
  if (rendererDir) args.push('--renderer', rendererDir);
  const child = spawn(process.execPath, args, {
    // No session bus: the host's database key goes to the key file fallback, never the developer's own keyring.
    env: { ...process.env, MASA_DATA_DIR: dataDir, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/masa-tests-have-no-session-bus', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += String(d)));
  const first = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`browser host did not start in time: ${stderr}`)), 30_000);
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      if (line.startsWith('{')) {
        clearTimeout(timer);
        resolve(line);
      }
    });
    child.once('exit', (code) => reject(new Error(`browser host exited with ${code}: ${stderr}`)));
  });
  const info = JSON.parse(first) as { url: string; origin: string };
  const host: RunningHost = {
    ...info,
    dataDir,
    process: child,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        // A host that does not stop in 15 s is killed, and the test says so rather than timing out in teardown.
        const stuck = setTimeout(() => {
          console.error(`browser host (pid ${child.pid}) did not stop in 15 s after SIGTERM: killed`);
          child.kill('SIGKILL');
        }, 15_000);
        await exited;
        clearTimeout(stuck);
      }
    },
    restart: async () => {
      await host.stop();
      const next = await startHost({ ...options, dataDir });
      Object.assign(host, { url: next.url, origin: next.origin, process: next.process, stop: next.stop });
    },
  };
  return host;
}

export function removeDataDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** First run: the set-up form creates the office, desk and administrator. */
export async function completeSetup(page: Page, host: RunningHost): Promise<void> {
  await page.goto(host.url);
  await expect(page.getByTestId('setup-form')).toBeVisible();
  await page.getByTestId('input-office').fill(OFFICE);
  await page.getByTestId('input-desk').fill(DESK);
  await page.getByTestId('input-adminDisplayName').fill(ADMIN.displayName);
  await page.getByTestId('input-adminUsername').fill(ADMIN.username);
  await page.getByTestId('input-adminPassword').fill(ADMIN.password);
  await page.getByTestId('input-repeat').fill(ADMIN.password);
  await page.getByTestId('setup-submit').click();
  await expect(page.getByTestId('sign-in-form')).toBeVisible();
}

export async function signIn(page: Page, user: { username: string; password: string; displayName: string } = ADMIN): Promise<void> {
  await expect(page.getByTestId('sign-in-form')).toBeVisible();
  await page.getByTestId('input-username').fill(user.username);
  await page.getByTestId('input-password').fill(user.password);
  await page.getByTestId('input-password').press('Enter');
  await expect(page.getByTestId('status-clerk')).toContainText(user.displayName);
  // Nothing is recorded outside a shift (issue 12): a clerk without one is led to the shift page; open it with a
  // float of 0 and go on where the sign-in was going.
  await page.waitForURL((u) => !u.hash.startsWith('#/sign-in'));
  if (new URL(page.url()).hash.startsWith('#/shift')) {
    await page.getByTestId('input-float').fill('0');
    await page.getByTestId('input-float').press('Enter');
    await page.waitForURL((u) => !u.hash.startsWith('#/shift'));
  }
}
