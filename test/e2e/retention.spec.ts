// Issue 10, deliver 11, as a clerk sees it: months after a synced visit, once the desk's retention purge has run
// (here `masa retention purge`), the journal shows that the customer's details were removed, in the clerk's language,
// instead of the name; the visit page says the same and keeps the FIN.
import { spawnSync } from 'node:child_process';
import { test, expect } from './support/fixtures';
import { CUSTOMER, startMrzVisit } from './support/flows-host';

const words = {
  en: 'Customer details removed after 90 days (kept at the central server)',
  az: 'Müştəri məlumatları 90 gündən sonra silinib (mərkəzi serverdə saxlanılır)',
  ru: 'Данные клиента удалены через 90 дн. (хранятся на центральном сервере)',
} as const;

test('a purged visit in the journal says its details were removed (en, az, ru)', async ({ page, host }) => {
  // The page's address may carry a query (?saved=…) after the id.
  const visitId = (await startMrzVisit(page)).split(/[?#]/)[0];
  const env = { ...process.env, MASA_DATA_DIR: host.dataDir, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/masa-tests-have-no-session-bus' };
  const node = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', ...args], { env, encoding: 'utf8', timeout: 60_000 });
  const backdated = node(['test/e2e/support/backdate-visit.ts', visitId, '100']);
  expect(backdated.status, backdated.stderr).toBe(0);
  const purge = node(['cli/masa.ts', 'retention', 'purge', '--json']);
  expect(purge.status, purge.stderr).toBe(0);
  expect(JSON.parse(purge.stdout)).toMatchObject({ days: 90, visits: 1 });

  for (const language of ['en', 'az', 'ru'] as const) {
    await page.keyboard.press('F1');
    await page.getByTestId('language').selectOption(language);
    await page.getByTestId('visit-search').fill(CUSTOMER.fin);
    await expect(page.getByTestId('visit-purged-1')).toHaveText(words[language]);
    await expect(page.getByTestId('journal')).not.toContainText(CUSTOMER.surname);
  }
  await page.getByTestId('visit-purged-1').click();
  await expect(page.getByTestId('visit-name')).toHaveText(words.ru);
  await expect(page.getByTestId('visit-fin')).toHaveText(CUSTOMER.fin);
  await expect(page.getByTestId('visit-identity')).not.toContainText(CUSTOMER.documentNumber);
});
