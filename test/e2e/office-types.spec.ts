// An office type limits which operations its desks offer (DOMAIN.md §7), once the central office publishes the
// office_operations table: a post office desk's visit page offers the IMEI and KÖMİS registrations only, in the
// clerk's language; a flow's address opened anyway says why it cannot be done there (main refuses it too).
import { test, expect } from './support/fixtures';
import { SyncServer, enrolFromSyncPage, enrolmentCode, serverCli, syncNow } from './support/sync-server';
import { shot, startMrzVisit } from './support/flows-host';
import { translate } from '../../common/i18n/messages';

const OFFICE = 'Azərpoçt Nəsimi';

test('a post office desk offers IMEI and KÖMİS registration only; a SIM sale is refused with the reason (az, en, ru)', async ({ page }) => {
  const server = await SyncServer.start();
  try {
    for (const args of [['office', 'add', OFFICE, '--type', 'post'], ['reference', 'seed']]) {
      const r = await serverCli(server.dataDir, args);
      expect(r.code, r.stdout + r.stderr).toBe(0);
    }
    await enrolFromSyncPage(page, server.url, await enrolmentCode(server.dataDir, OFFICE), OFFICE);
    await syncNow(page);
    await startMrzVisit(page);
    const offered = page.locator('[data-testid^="start-"]');
    await expect(offered).toHaveCount(2);
    await expect(page.getByTestId('start-imei')).toBeVisible();
    await expect(page.getByTestId('start-komis')).toBeVisible();
    // The visit page's address without the "saved" notice's query.
    const visitUrl = page.url().replace(/\?.*$/, '');
    for (const language of ['az', 'en', 'ru'] as const) {
      await page.getByTestId('language').selectOption(language);
      await expect(page.getByTestId('start-imei')).toContainText(translate(language, 'visitPage.flows.imei'));
      await shot(page, `office-types-${language}-01-post-visit`);
      // The SIM sale's address, opened anyway: the reason, before anything is typed or read.
      await page.goto(`${visitUrl}/sim-sale`);
      await expect(page.getByTestId('offline-policy-refused')).toHaveText(
        translate(language, 'offlinePolicy.refused.NOT_OFFERED_HERE', { kind: translate(language, 'kinds.sim.sell') }),
      );
      await shot(page, `office-types-${language}-02-sim-sale-refused`);
      await page.goto(visitUrl);
    }
  } finally {
    await server.destroy();
  }
});
