// The sync slice as an administrator meets it: the sync server runs (`masa-server start`, PGlite), a supervisor enrols
// the desk from the Sync page with a one-time code, the server goes down, a visit is recorded offline, and as soon as
// the server is back the desk's worker sends it — the Sync page shows the queue draining, and the server has the visit.
// Renderer: MASA_E2E_RENDERER (default out/renderer); build one with
// `MASA_E2E_RENDERER=out/e2e-sync npx vite build --config test/e2e/support/renderer.vite.config.ts`.
import type { Page } from '@playwright/test';
import { test, expect } from './support/fixtures';
import { mkdirSync } from 'node:fs';
import { buildTd1 } from '../support/mrz-builder';
import { SyncServer, enrolFromSyncPage, enrolmentCode, serverCli } from './support/sync-server';

const SCREENSHOTS = 'test-results/screenshots';
mkdirSync(SCREENSHOTS, { recursive: true });

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
  const server = await SyncServer.start(['ASXM Bakı-1']);
  try {
    // A supervisor enrols the desk from the Sync page.
    await enrolFromSyncPage(page, server.url, await enrolmentCode(server.dataDir, 'ASXM Bakı-1'), 'ASXM Bakı-1');

    // The server goes away; the clerk keeps working.
    await server.stop();
    await recordVisit(page);
    await page.getByTestId('nav-sync').click();
    await expect(page.getByTestId('sync-pending')).toHaveText('1', { timeout: 15_000 });
    await expect(page.getByTestId('sync-state')).toContainText('Offline', { timeout: 15_000 });
    await expect(page.getByTestId('sync-pending-table')).toContainText('FIN 7QW3R5T');
    await page.screenshot({ path: `${SCREENSHOTS}/sync-01-offline.png`, fullPage: true });

    // The server is back: the worker sends the visit without anyone pressing a button.
    await server.restart();
    await expect(page.getByTestId('sync-pending')).toHaveText('0', { timeout: 30_000 });
    await expect(page.getByTestId('sync-state')).toContainText('Up to date');
    await expect(page.getByTestId('sync-last-success')).not.toContainText('never');
    await expect(page.getByTestId('sync-pending-table')).toHaveCount(0);
    await expect(page.getByTestId('sync-recent-table')).toContainText('FIN 7QW3R5T');
    await page.screenshot({ path: `${SCREENSHOTS}/sync-02-synced.png`, fullPage: true });

    await server.stop();
    const stats = await serverCli(server.dataDir, ['stats', '--json']);
    expect(stats.code, stats.stderr).toBe(0);
    // The visit, and the clerk's shift.open (recorded at sign-in, sent right after the enrolment).
    expect(JSON.parse(stats.stdout)).toMatchObject({ applied: 2 });
  } finally {
    await server.destroy();
  }
});
