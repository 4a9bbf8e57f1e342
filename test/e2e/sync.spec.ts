// The sync slice as an administrator meets it: the sync server runs (`masa-server start`, PGlite), a supervisor enrols
// the desk from the Sync page with a one-time code, the server goes down, a visit is recorded offline, and as soon as
// the server is back the desk's worker sends it — the Sync page shows the queue draining, and the server has the visit.
// Renderer: MASA_E2E_RENDERER (default out/renderer); build one with
// `MASA_E2E_RENDERER=out/e2e-sync npx vite build --config test/e2e/support/renderer.vite.config.ts`.
import type { Page } from '@playwright/test';
import { test, expect } from './support/fixtures';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { freePort } from '../support/postgres';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildTd1 } from '../support/mrz-builder';

const ROOT = resolve(import.meta.dirname, '../..');
const SCREENSHOTS = 'test-results/screenshots';
mkdirSync(SCREENSHOTS, { recursive: true });


/** `masa-server …` as one Node process (no wrapper), so a signal reaches the server itself. */
function serverCli(dataDir: string, args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'server/cli.ts'), ...args, '--data', dataDir], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function startSyncServer(dataDir: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server/cli.ts'), 'start', '--port', String(port), '--data', dataDir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`sync server exited with ${child.exitCode}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/v1/health`);
      if (r.ok) return child;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error('sync server did not start in 30 s');
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

async function recordVisit(page: Page): Promise<void> {
  await page.keyboard.press('F2');
  await expect(page.getByTestId('visit-form')).toBeVisible();
  const mrz = buildTd1({ documentNumber: 'AA7654321', fin: '7QW3R5T', birth: '880512', expiry: '330512', sex: 'M', surname: 'ALIYEV', givenNames: 'TURAL' });
  await page.getByTestId('input-mrz').fill(mrz.join('\n'));
  await expect(page.getByTestId('input-surname')).toHaveValue('ALIYEV');
  await page.getByTestId('input-patronymic').fill('RAUF OĞLU');
  await page.getByTestId('visit-save').click();
  // Saved: the desk opens the new visit's page.
  await expect(page).toHaveURL(/#\/visits?\/(?!new)[^/]+$/);
  await expect(page.getByText('7QW3R5T').first()).toBeVisible();
}

test('a visit recorded offline is synced as soon as the server comes up; the Sync page shows it', async ({ page }) => {
  const serverDir = mkdtempSync(join(tmpdir(), 'masa-e2e-server-'));
  const port = await freePort();
  let server: ChildProcess | undefined;
  try {
    server = await startSyncServer(serverDir, port);
    expect(serverCli(serverDir, ['office', 'add', 'ASXM Bakı-1']).code).toBe(0);
    const codeOut = serverCli(serverDir, ['enrolment-code', 'ASXM Bakı-1']);
    const code = /[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(codeOut.stdout)?.[0];
    expect(code, codeOut.stdout + codeOut.stderr).toBeTruthy();

    // A supervisor enrols the desk from the Sync page.
    await page.getByTestId('nav-sync').click();
    await expect(page.getByTestId('sync-state')).toContainText('Not enrolled');
    await page.getByTestId('input-serverUrl').fill(`http://127.0.0.1:${port}`);
    await page.getByTestId('input-code').fill(code!);
    await page.getByTestId('enrol-submit').click();
    await expect(page.getByTestId('sync-notice')).toContainText('ASXM Bakı-1');
    await expect(page.getByTestId('sync-state')).toContainText('Up to date');

    // The server goes away; the clerk keeps working.
    await stopProcess(server);
    server = undefined;
    await recordVisit(page);
    await page.getByTestId('nav-sync').click();
    await expect(page.getByTestId('sync-pending')).toHaveText('1', { timeout: 15_000 });
    await expect(page.getByTestId('sync-state')).toContainText('Offline', { timeout: 15_000 });
    await expect(page.getByTestId('sync-pending-table')).toContainText('FIN 7QW3R5T');
    await page.screenshot({ path: `${SCREENSHOTS}/sync-01-offline.png`, fullPage: true });

    // The server is back: the worker sends the visit without anyone pressing a button.
    server = await startSyncServer(serverDir, port);
    await expect(page.getByTestId('sync-pending')).toHaveText('0', { timeout: 30_000 });
    await expect(page.getByTestId('sync-state')).toContainText('Up to date');
    await expect(page.getByTestId('sync-last-success')).not.toContainText('never');
    await expect(page.getByTestId('sync-pending-table')).toHaveCount(0);
    await expect(page.getByTestId('sync-recent-table')).toContainText('FIN 7QW3R5T');
    await page.screenshot({ path: `${SCREENSHOTS}/sync-02-synced.png`, fullPage: true });

    await stopProcess(server);
    server = undefined;
    const stats = serverCli(serverDir, ['stats', '--json']);
    expect(stats.code, stats.stderr).toBe(0);
    expect(JSON.parse(stats.stdout)).toMatchObject({ applied: 1 });
  } finally {
    await stopProcess(server);
    rmSync(serverDir, { recursive: true, force: true });
  }
});
