// KÖMİS registration: at least one valid account, the subscriber code on screen, and the initial password only on
// the registration sheet (never on the screen).
import { test, expect } from './support/fixtures';
import { pdfText, shot, startMrzVisit } from './support/flows-host';

test('KÖMİS: account refusals, subscriber code, password only on the sheet', async ({ page }) => {
  await startMrzVisit(page);
  await page.keyboard.press('Alt+KeyK');
  await expect(page.getByTestId('input-accounts.azeriqaz')).toBeFocused();

  await page.getByTestId('flow-submit').click();
  await expect(page.getByTestId('error-accounts')).toBeVisible();

  await page.getByTestId('input-accounts.azersu').fill('12');
  await page.getByTestId('flow-submit').click();
  await expect(page.getByTestId('error-accounts.azersu')).toBeVisible();
  await shot(page, 'komis-01-refused');

  await page.getByTestId('input-accounts.azersu').fill('AS-0045128');
  await page.getByTestId('input-accounts.azeriqaz').fill('1002003004');
  const sheet = page.waitForEvent('download');
  await page.getByTestId('flow-submit').click();
  const text = await pdfText(await sheet);
  const code = (await page.getByTestId('komis-done').textContent())!.split(':').pop()!.trim();
  expect(code.length).toBeGreaterThan(3);
  expect(text).toContain(code);
  expect(text).toContain('AS-0045128');
  // The sheet carries the initial password; the screen does not.
  const password = /Initial password:\s+(\S+)/.exec(text)?.[1];
  expect(password, text).toBeTruthy();
  await expect(page.locator('body')).not.toContainText(password!);
  await expect(page.getByTestId('komis-sheet')).toBeVisible();
  await shot(page, 'komis-02-registered');

  // In Azerbaijani and Russian the same screen speaks the clerk's language.
  await page.getByTestId('language').selectOption('az');
  await expect(page.getByTestId('komis-done')).toContainText('Abunəçi kodu');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('operation-komis.register')).toContainText('KÖMİS qeydiyyatı');
  await page.getByTestId('language').selectOption('ru');
  await expect(page.getByTestId('operation-komis.register')).toContainText('Регистрация в KÖMİS');
  await shot(page, 'komis-03-visit-ru');
});
