// An error goes away once the clerk corrects its field: the field's own message and the form's message that referred
// to it (issue 14 #6). Errors about something else stay until the next try.
import { test, expect } from './support/fixtures';
import { CUSTOMER, imeiUnderFirstPoa, registerPersonPoa, shot, startMrzVisit } from './support/flows-host';
import { breakDocumentCheckDigit, buildTd1 } from '../support/mrz-builder';
import { appendLuhn } from '../../common/domain/checksums';

test('a wrong MRZ corrected: "Correct the marked fields" and the MRZ error disappear', async ({ page }) => {
  await page.keyboard.press('F2');
  await page.getByTestId('input-mrz').fill(breakDocumentCheckDigit(buildTd1(CUSTOMER)).join('\n'));
  await page.getByTestId('input-surname').fill(CUSTOMER.surname);
  await page.getByTestId('visit-save').click();
  await expect(page.getByTestId('form-error')).toHaveText('Correct the marked fields.');
  await expect(page.getByTestId('error-mrz')).toBeVisible();

  await page.getByTestId('input-mrz').fill(buildTd1(CUSTOMER).join('\n'));
  await expect(page.getByTestId('error-mrz')).toHaveCount(0);
  await expect(page.getByTestId('form-error')).toHaveCount(0);
  await shot(page, 'stale-01-mrz-corrected');
});

test('"does not cover this operation" goes away when the clerk switches back to the customer him- or herself', async ({ page }) => {
  await startMrzVisit(page);
  await registerPersonPoa(page, { fin: '7HJ2K4M', name: 'Həsənov Rauf Əli oğlu', number: 'N-2026/301', validTo: '2027-12-31', scope: ['sim.duplicate'] });

  await imeiUnderFirstPoa(page);
  await expect(page.getByTestId('form-error')).toHaveText('The power of attorney does not cover this operation.');

  await page.getByTestId('input-actingFor').selectOption({ index: 0 });
  await expect(page.getByTestId('form-error')).toHaveCount(0);
  await expect(page.getByTestId('error-actingFor')).toHaveCount(0);
  await shot(page, 'stale-02-poa-back-to-self');
  // Another field's error stays until that field is corrected.
  await page.getByTestId('input-imei').fill('35693803564381' === appendLuhn('35693803564380') ? '35693803564382' : '35693803564381');
  await page.getByTestId('flow-submit').click();
  await expect(page.getByTestId('error-imei')).toBeVisible();
  await page.getByTestId('input-msisdn').fill('+994501234568');
  await expect(page.getByTestId('error-imei')).toBeVisible();
  await page.getByTestId('input-imei').fill(appendLuhn('35693803564380'));
  await expect(page.getByTestId('error-imei')).toHaveCount(0);
});
