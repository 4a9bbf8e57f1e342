// The lock screen (idle or "Lock"): nothing of the customer can be read or photographed while the desk is locked, and
// the clerk's unsaved form is still there after unlocking.
import { test, expect } from './support/fixtures';
import { ADMIN } from './support/host';
import { CUSTOMER, shot, startMrzVisit } from './support/flows-host';

test('locked: no name, FIN, document number or birth date on screen; the half-filled form survives', async ({ page }) => {
  await startMrzVisit(page);
  await page.keyboard.press('Alt+KeyI');
  await expect(page.getByTestId('input-imei')).toBeFocused();
  await page.getByTestId('input-imei').fill('35693803564381');
  await page.getByTestId('input-securityCode').fill('4471');
  await expect(page.getByTestId('flow-customer')).toContainText(CUSTOMER.fin);

  await page.getByTestId('lock').click();
  await expect(page.getByTestId('lock-overlay')).toBeVisible();
  await shot(page, 'lock-01-locked-flow');
  for (const text of [CUSTOMER.surname, CUSTOMER.givenNames, CUSTOMER.fin, '1234567', '1990']) {
    await expect(page.getByText(text).filter({ visible: true }), `"${text}" is visible while locked`).toHaveCount(0);
  }
  await expect(page.getByTestId('flow-customer')).toBeHidden();
  await expect(page.getByTestId('input-documentNumber')).toBeHidden();
  // The overlay itself is opaque: nothing shows through it either.
  const background = await page.getByTestId('lock-overlay').evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(background).toMatch(/^rgb\(/);

  await page.getByTestId('input-unlock-password').fill(ADMIN.password);
  await page.getByTestId('unlock').click();
  await expect(page.getByTestId('lock-overlay')).toHaveCount(0);
  await expect(page.getByTestId('flow-customer')).toBeVisible();
  await expect(page.getByTestId('input-imei')).toHaveValue('35693803564381');
  await expect(page.getByTestId('input-securityCode')).toHaveValue('4471');
  await expect(page.getByTestId('input-documentNumber')).toHaveValue('1234567');
});

test('locked on the new-visit form: the typed identity is hidden, and still there after unlocking', async ({ page }) => {
  await page.keyboard.press('F2');
  await page.getByTestId('input-surname').fill('QULIYEV');
  await page.getByTestId('input-fin').fill('7AB3CD9');
  await page.getByTestId('lock').click();
  await expect(page.getByTestId('lock-overlay')).toBeVisible();
  await shot(page, 'lock-02-locked-new-visit');
  await expect(page.getByTestId('input-surname')).toBeHidden();
  await expect(page.getByTestId('input-fin')).toBeHidden();
  await page.getByTestId('input-unlock-password').fill(ADMIN.password);
  await page.getByTestId('unlock').click();
  await expect(page.getByTestId('input-surname')).toHaveValue('QULIYEV');
  await expect(page.getByTestId('input-fin')).toHaveValue('7AB3CD9');
});
