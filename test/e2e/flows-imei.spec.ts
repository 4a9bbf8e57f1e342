// IMEI registration: check-digit errors caught at the field, a document that is not the customer's refused, a
// registration with its notice code and fee, the same IMEI refused the second time, and the printed form.
import { test, expect } from './support/fixtures';
import { pdfText, shot, startMrzVisit } from './support/flows-host';
import { appendLuhn } from '../../common/domain/checksums';

test('IMEI registration: refusals, notice code, duplicate refused, printed form', async ({ page }) => {
  await startMrzVisit(page);
  const imei = appendLuhn('35693803564381');
  const wrongCheck = imei.slice(0, 14) + String((Number(imei[14]) + 1) % 10);

  await page.keyboard.press('Alt+KeyI');
  await expect(page.getByTestId('input-imei')).toBeFocused();
  // The document fields come from the visit's ID card.
  await expect(page.getByTestId('input-documentSeries')).toHaveValue('AA');
  await expect(page.getByTestId('input-documentNumber')).toHaveValue('1234567');

  await page.getByTestId('input-imei').fill(wrongCheck);
  await page.getByTestId('input-securityCode').fill('4471');
  await page.getByTestId('input-msisdn').fill('+994501234567');
  await page.getByTestId('input-devicePriceMinor').fill('1299.90');
  await page.getByTestId('flow-submit').click();
  await expect(page.getByTestId('error-imei')).toContainText('check digit');

  // Someone else's card number: refused at the field.
  await page.getByTestId('input-imei').fill(imei);
  await page.getByTestId('input-documentNumber').fill('7654321');
  await page.getByTestId('flow-submit').click();
  await expect(page.getByTestId('error-documentNumber')).toBeVisible();
  await shot(page, 'imei-01-document-mismatch');

  await page.getByTestId('input-documentNumber').fill('1234567');
  await page.getByTestId('flow-submit').click();
  await expect(page.getByTestId('imei-done')).toContainText('Notice code');
  await shot(page, 'imei-02-registered');

  const form = page.waitForEvent('download');
  await page.getByTestId('print-form').click();
  expect(await pdfText(await form)).toContain(imei);
  await page.keyboard.press('Escape');

  // The same IMEI again: refused.
  await page.keyboard.press('Alt+KeyI');
  await page.getByTestId('input-imei').fill(imei);
  await page.getByTestId('input-securityCode').fill('4471');
  await page.getByTestId('input-msisdn').fill('+994501234567');
  await page.getByTestId('input-devicePriceMinor').fill('1299.90');
  await page.getByTestId('flow-submit').click();
  await expect(page.getByTestId('error-imei')).toContainText('Already registered');
  await expect(page.getByTestId('form-error')).toContainText('already registered');
});
