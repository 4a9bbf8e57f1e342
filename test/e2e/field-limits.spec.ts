// Limits are checked at the field before anyone is asked to approve, and an empty required field says "Required"
// (not "Not valid") — on the set-up form too (issue 14 #7).
import { test, expect } from './support/fixtures';
import { shot } from './support/flows-host';

test('a manual entry with a too-long surname is stopped at the field, before the supervisor is asked', async ({ page }) => {
  await page.keyboard.press('F2');
  await page.getByTestId('input-fin').fill('5ZX8K2P');
  await page.getByTestId('input-documentNumber').fill('AA1234567');
  await page.getByTestId('input-surname').fill('MAMMADOVA'.repeat(10));
  await page.getByTestId('input-givenName').fill('LEYLA');
  await page.getByTestId('input-birthDate').fill('1990-02-15');
  await page.getByTestId('input-expiryDate').fill('2032-02-15');
  await page.getByTestId('visit-save').click();
  await expect(page.getByTestId('error-surname')).toHaveText('At most 80 characters.');
  await expect(page.getByTestId('approval-dialog')).toHaveCount(0);
  await page.getByTestId('input-givenName').fill('');
  await expect(page.getByTestId('error-givenName')).toHaveText('Required.');
  await shot(page, 'limits-01-surname-too-long');
});

test.describe('set-up form', () => {
  test.use({ signedIn: false });

  test('empty fields say "Required", a too-short office name its minimum (in az, the first-run language)', async ({ page, host }) => {
    await page.goto(host.url);
    await expect(page.getByTestId('setup-form')).toBeVisible();
    await page.getByTestId('setup-submit').click();
    for (const f of ['office', 'desk', 'adminDisplayName', 'adminUsername', 'adminPassword']) {
      await expect(page.getByTestId(`error-${f}`), f).toHaveText('Məcburi sahədir.');
    }
    await page.getByTestId('input-office').fill('X');
    await page.getByTestId('setup-submit').click();
    await expect(page.getByTestId('error-office')).toHaveText('Ən azı 2 simvol.');
    await shot(page, 'limits-02-setup-required');
  });
});
