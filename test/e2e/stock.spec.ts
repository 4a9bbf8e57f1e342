// The Stock page (issue 12, deliver 3) in az, en and ru, keyboard-first: a supervisor types a range of blank SIMs'
// ICCIDs, Enter checks it (main expands and Luhn-checks it: the count is shown before the confirm), Enter receives
// it; the counts show the SIMs on the shelf; Alt+F finds one by part of its ICCID, with its history.
import { test, expect } from './support/fixtures';
import { shot } from './support/flows-host';
import { appendLuhn } from '../../common/domain/checksums';

const words = {
  az: { count: '5 SIM kart', onShelf: 'Rəfdə', received: 'Qəbul edildi' },
  en: { count: '5 SIMs', onShelf: 'On the shelf', received: 'Received' },
  ru: { count: '5 SIM-карт', onShelf: 'На полке', received: 'Принято' },
} as const;

for (const language of ['az', 'en', 'ru'] as const) {
  test(`a supervisor receives a range of SIMs and finds one (${language})`, async ({ page }) => {
    const w = words[language];
    await page.getByTestId('language').selectOption(language);
    await page.getByTestId('nav-stock').click();
    await expect(page.getByTestId('stock-page')).toBeVisible();
    await expect(page.getByTestId('input-query')).toBeFocused();
    const first = appendLuhn('899940177000000001');
    const last = appendLuhn('899940177000000005');
    await page.keyboard.press('Alt+KeyR');
    await expect(page.getByTestId('input-first')).toBeFocused();
    await page.keyboard.type(first);
    await page.keyboard.press('Enter');
    await page.keyboard.type(last);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('stock-range-preview')).toContainText(w.count);
    await expect(page.getByTestId('stock-receive')).toBeFocused();
    await shot(page, `stock-${language}-01-range`);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('stock-notice')).toBeVisible();
    await expect(page.getByTestId('stock-count-sim').locator('td').nth(1)).toHaveText('5');
    await expect(page.getByTestId('stock-counts')).toContainText(w.onShelf);
    await page.keyboard.press('Alt+KeyF');
    await expect(page.getByTestId('input-query')).toBeFocused();
    await page.keyboard.type(first.slice(-8));
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('stock-found')).toContainText(first);
    await expect(page.getByTestId('stock-found')).toContainText(w.received);
    await shot(page, `stock-${language}-02-found`);
  });
}
