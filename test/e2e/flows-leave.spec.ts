// A half-filled flow is not dropped without asking (issue 14, item 13): Esc, the back button and F1 ask "Leave this
// form?"; Stay keeps what was typed, Esc again leaves; an untouched form and a recorded operation leave at once.
import { test, expect } from './support/fixtures';
import { shot, startMrzVisit } from './support/flows-host';

test('leaving a flow with typed input asks first; untouched or recorded forms leave at once', async ({ page }) => {
  await startMrzVisit(page);

  // Untouched (only the screen's own defaults): Esc goes straight back.
  await page.keyboard.press('Alt+KeyI');
  await expect(page.getByTestId('input-imei')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('visit-page')).toBeVisible();
  await expect(page.getByTestId('leave-dialog')).toHaveCount(0);

  // Typed into: Esc asks; Stay (the default button) keeps the value.
  await page.keyboard.press('Alt+KeyI');
  await page.getByTestId('input-imei').fill('490154203237518');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('leave-dialog')).toContainText('Leave this form?');
  await expect(page.getByTestId('leave-stay')).toBeFocused();
  await shot(page, 'leave-01-asked');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('leave-dialog')).toHaveCount(0);
  await expect(page.getByTestId('input-imei')).toHaveValue('490154203237518');

  // F1 (today's journal) asks too; Esc again leaves.
  await page.keyboard.press('F1');
  await expect(page.getByTestId('leave-dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(/#\/today$/);

  // In Azerbaijani, by the back button.
  await page.getByTestId('language').selectOption('az');
  await page.goBack();
  await expect(page.getByTestId('input-imei')).toBeVisible();
  await page.getByTestId('input-imei').fill('4901');
  await page.getByTestId('flow-back').click();
  await expect(page.getByTestId('leave-dialog')).toContainText('Formadan çıxılsın?');
  await page.getByTestId('leave-confirm').click();
  await expect(page.getByTestId('visit-page')).toBeVisible();
});
