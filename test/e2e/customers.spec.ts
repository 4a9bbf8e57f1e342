// Issue 9, items 4, 5 and 7 as a clerk meets them on a desk enrolled with masa-server (PGlite): an operation is
// provisional until the central office acknowledges it, then final — and the reprinted receipt says so, as a copy;
// the customer page (F6) finds the customer by the Azerbaijani spelling of an MRZ name and shows what the central
// office knows, then, with the server stopped, what the desk's copy knew and since when; and a SIM duplicate for a
// customer never checked centrally is marked unavailable offline before the clerk starts, with the reason.
import { test, expect } from './support/fixtures';
import { pdfText, startMrzVisit, submitImei } from './support/flows-host';
import { SyncServer, enrolFromSyncPage, enrolmentCode, syncNow } from './support/sync-server';
import type { Page } from '@playwright/test';
import { appendLuhn } from '../../common/domain/checksums';
import { mkdirSync } from 'node:fs';

const SCREENSHOTS = 'test-results/screenshots';
mkdirSync(SCREENSHOTS, { recursive: true });
const OFFICE = 'ASXM Bakı-1';
const STRANGER = { documentNumber: 'AA5550001', fin: '4STU567', birth: '880101', expiry: '330101', sex: 'M' as const, surname: 'QULIYEV', givenNames: 'KAMRAN' };

async function shots(page: Page, name: string, heading: Record<'az' | 'en' | 'ru', string>): Promise<void> {
  for (const language of ['az', 'en', 'ru'] as const) {
    await page.getByTestId('language').selectOption(language);
    await expect(page.getByRole('heading', { name: heading[language] }).first()).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOTS}/customers-${name}-${language}.png`, fullPage: true });
  }
  await page.getByTestId('language').selectOption('en');
}

test('provisional → final, the customer page online and offline, and the offline policy shown before the clerk starts', async ({ page }) => {
  const server = await SyncServer.start([OFFICE]);
  try {
    await enrolFromSyncPage(page, server.url, await enrolmentCode(server.dataDir, OFFICE), OFFICE);

    // An IMEI registration: provisional until the server acknowledges it.
    await startMrzVisit(page);
    await submitImei(page, { imei: appendLuhn('35693803564381'), price: '1299.90' });
    await expect(page.getByTestId('imei-done')).toBeVisible();
    await page.keyboard.press('Escape');
    const visitUrl = page.url();

    await syncNow(page);
    await page.goto(visitUrl);
    await expect(page.getByTestId('operation-sync-imei.register')).toHaveText('Final');
    // The visit page's summary of its customer comes from the central office.
    await expect(page.getByTestId('customer-glance-freshness')).toContainText('From the central office, as of');
    const download = page.waitForEvent('download');
    await page.keyboard.press('Alt+KeyR');
    const receipt = (await pdfText(await download)).replace(/\s+/g, ' ');
    expect(receipt).toContain('Final: confirmed by the central office');
    expect(receipt).not.toContain('Provisional');

    // The customer page: the MRZ's Latin MAMMADOVA is found as Məmmədova.
    await page.keyboard.press('F6');
    await page.getByTestId('customer-search').fill('Məmmədova');
    await expect(page.getByTestId('customer-hits')).toContainText('5ZX8K2P');
    await page.getByTestId('customer-hits').getByRole('link').first().click();
    await expect(page.getByTestId('customer-name')).toContainText('MAMMADOVA LEYLA');
    await expect(page.getByTestId('customer-freshness')).toContainText('From the central office, as of');
    await expect(page.getByTestId('customer-activity')).toContainText(`IMEI ${appendLuhn('35693803564381')}`);
    await expect(page.getByTestId('customer-activity')).toContainText(OFFICE);
    await expect(page.getByTestId('customer-visits')).toContainText('MRZ checked');
    await shots(page, 'page-online', { az: 'MAMMADOVA LEYLA', en: 'MAMMADOVA LEYLA', ru: 'MAMMADOVA LEYLA' });

    // The server goes away: the same page from the desk's copy, saying since when.
    await server.stop();
    await page.getByTestId('customer-refresh').click();
    await expect(page.getByTestId('customer-freshness')).toContainText('The central office did not answer: shown from this desk’s copy, last confirmed');
    await expect(page.getByTestId('customer-activity')).toContainText(`IMEI ${appendLuhn('35693803564381')}`);
    await shots(page, 'page-offline', { az: 'MAMMADOVA LEYLA', en: 'MAMMADOVA LEYLA', ru: 'MAMMADOVA LEYLA' });

    // A customer never checked centrally, met offline: a SIM duplicate is unavailable, and the clerk sees why first.
    await page.getByTestId('nav-sync').click();
    await page.getByTestId('sync-now').click();
    await expect(page.getByTestId('sync-state')).toContainText('Offline', { timeout: 30_000 });
    await startMrzVisit(page, STRANGER);
    await expect(page.getByTestId('unavailable-simDuplicate')).toHaveText('· not available offline');
    await page.keyboard.press('Alt+KeyD');
    await expect(page.getByTestId('offline-policy-refused')).toHaveText(
      'SIM duplicate: not available now — it needs a central check of the customer within 24 h; the customer was never checked centrally from this desk.',
    );
    await shots(page, 'policy-refused', { az: 'SIM dublikatı', en: 'SIM duplicate', ru: 'Дубликат SIM' });
  } finally {
    await server.destroy();
  }
});
