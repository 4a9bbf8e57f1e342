// One date format per language (issue 14, item 11): the fields and screens of an az or ru desk write 15.02.1990,
// an en desk 1990-02-15 — never the browser's mm/dd/yyyy; dates are typed in the same format.
import { test, expect } from './support/fixtures';
import { CUSTOMER, shot } from './support/flows-host';
import { buildTd1 } from '../support/mrz-builder';

test('dates in the language of the desk: MRZ-filled, typed and shown', async ({ page }) => {
  await page.getByTestId('language').selectOption('az');
  await page.keyboard.press('F2');
  await page.getByTestId('input-mrz').fill(buildTd1(CUSTOMER).join('\n'));
  await expect(page.getByTestId('input-birthDate')).toHaveValue('15.02.1990');
  await expect(page.getByTestId('input-expiryDate')).toHaveValue('15.02.2032');
  await expect(page.getByTestId('input-birthDate')).toHaveAttribute('placeholder', 'gg.aa.iiii');
  await shot(page, 'dates-01-az-visit');

  // The same form in Russian and English: the same dates, each language's one way.
  await page.getByTestId('language').selectOption('ru');
  await expect(page.getByTestId('input-birthDate')).toHaveValue('15.02.1990');
  await page.getByTestId('language').selectOption('en');
  await expect(page.getByTestId('input-birthDate')).toHaveValue('1990-02-15');

  // Typed by hand in Russian: read as day.month.year (the English screen shows what was understood).
  await page.getByTestId('language').selectOption('ru');
  await page.getByTestId('input-expiryDate').fill('01.03.2033');
  await page.getByTestId('language').selectOption('en');
  await expect(page.getByTestId('input-expiryDate')).toHaveValue('2033-03-01');
  await page.getByTestId('language').selectOption('ru');
  await page.getByTestId('input-expiryDate').fill('15.02.2032');
  await page.getByTestId('visit-save').click();
  await expect(page.getByTestId('visit-page')).toBeVisible();
  // The visit page shows the identity's dates the same way.
  await expect(page.getByTestId('visit-page')).toContainText('15.02.1990');
  await expect(page.getByTestId('visit-page')).toContainText('15.02.2032');

  // A power of attorney's validity, typed in Russian, listed in Russian.
  await page.keyboard.press('Alt+KeyP');
  await expect(page.getByTestId('input-validTo')).toHaveAttribute('placeholder', 'дд.мм.гггг');
  // …and its file picker speaks Russian too, not the browser's "Choose File / No file chosen" (issue 14, item 10).
  await expect(page.getByTestId('letter-choose')).toHaveText('Выбрать файл…');
  await expect(page.getByTestId('letter-none')).toHaveText('Файл ещё не выбран.');
  await shot(page, 'dates-02-ru-poa');
});
