// Operator's Asan İmza service: activation, extension, type correction, and the refusals (extend a number never
// activated, activate twice).
import { test, expect } from './support/fixtures';
import { shot, startMrzVisit } from './support/flows-host';

test('activate, refuse a second activation and an extension of an unknown number, extend, correct the type', async ({ page }) => {
  await startMrzVisit(page);

  // Extending a number that never had the service: refused next to the number.
  await page.keyboard.press('Alt+KeyS');
  await expect(page.getByTestId('input-msisdn')).toBeFocused();
  await page.getByTestId('service-extend').check();
  await page.getByTestId('input-msisdn').fill('+994707778899');
  await expect(page.getByTestId('service-none')).toBeVisible();
  await page.getByTestId('flow-submit').click();
  await expect(page.getByTestId('error-msisdn')).toBeVisible();
  await expect(page.getByTestId('form-error')).toBeVisible();

  // A number that is not mobile: refused at the field.
  await page.getByTestId('service-activate').check();
  await page.getByTestId('input-msisdn').fill('+994124567890');
  await page.getByTestId('flow-submit').click();
  await expect(page.getByTestId('error-msisdn')).toBeVisible();

  // Activate Fərdi for 12 months.
  await page.getByTestId('input-msisdn').fill('+994707778899');
  await page.getByTestId('input-certType').selectOption('ferdi');
  await page.getByTestId('input-months').fill('12');
  await page.getByTestId('input-months').press('Enter');
  await expect(page.getByTestId('service-done')).toContainText('+994707778899');
  await shot(page, 'service-01-activated');
  await page.keyboard.press('Escape');

  // Activating again: refused (extend instead).
  await page.keyboard.press('Alt+KeyS');
  await page.getByTestId('input-msisdn').fill('+994707778899');
  await expect(page.getByTestId('service-current')).toContainText('Fərdi');
  await page.getByTestId('flow-submit').click();
  await expect(page.getByTestId('form-error')).toBeVisible();

  // Extend by 6 months.
  await page.getByTestId('service-extend').check();
  await page.getByTestId('input-months').fill('6');
  await page.getByTestId('flow-submit').click();
  await expect(page.getByTestId('service-done')).toBeVisible();
  await page.keyboard.press('Escape');

  // Correct a wrongly activated type.
  await page.keyboard.press('Alt+KeyS');
  await page.getByTestId('service-correctType').check();
  await page.getByTestId('input-msisdn').fill('+994707778899');
  await page.getByTestId('input-certType').selectOption('biznes');
  await page.getByTestId('input-reason').fill('Activated as Fərdi by mistake');
  await page.getByTestId('flow-submit').click();
  await expect(page.getByTestId('service-done')).toContainText('Biznes');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('operation-service.activate')).toBeVisible();
  await expect(page.getByTestId('operation-service.extend')).toBeVisible();
  await expect(page.getByTestId('operation-service.correctType')).toBeVisible();
  await shot(page, 'service-02-visit');
});
