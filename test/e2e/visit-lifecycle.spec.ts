// Issue 9, items 5 and 6, as a clerk sees them: an operation recorded on a desk that has not synced is provisional
// on the visit page, the receipt says so, the desk offers to close the visit after the receipt (Enter closes it),
// a closed visit offers no new operations, and the journal shows it closed with its provisional operation.
import { test, expect } from './support/fixtures';
import { pdfText, shot, startMrzVisit, submitImei } from './support/flows-host';
import { appendLuhn } from '../../common/domain/checksums';

const words = {
  az: { provisional: 'İlkin', receiptLine: 'İlkin: mərkəzi ofis hələ təsdiqləməyib', closeNow: 'Müraciət indi bağlansın?', closed: 'Bu müraciət bağlanıb (qəbzdən sonra bağlanıb)', state: 'Bağlı', journal: '1 ilkin' },
  en: { provisional: 'Provisional', receiptLine: 'Provisional: not yet confirmed by the central office', closeNow: 'Close the visit now?', closed: 'This visit is closed (closed after the receipt)', state: 'Closed', journal: '1 provisional' },
} as const;

for (const language of ['az', 'en'] as const) {
  test(`provisional receipt, then the visit closed after it from the keyboard (${language})`, async ({ page }) => {
    const w = words[language];
    await page.getByTestId('language').selectOption(language);
    await startMrzVisit(page);

    await submitImei(page, { imei: appendLuhn('35693803564381'), price: '1299.90' });
    await expect(page.getByTestId('imei-done')).toBeVisible();
    await page.keyboard.press('Escape');

    // Not yet acknowledged by the central office: provisional.
    await expect(page.getByTestId('operation-sync-imei.register')).toHaveText(w.provisional);
    await expect(page.getByTestId('close-visit')).toBeVisible();

    // Paid before it closes (issue 12): Alt+M, the IMEI form's method preselected, Enter confirms.
    await page.keyboard.press('Alt+KeyM');
    await expect(page.getByTestId('payment-confirm')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('payment-notice')).toBeVisible();

    const download = page.waitForEvent('download');
    await page.keyboard.press('Alt+KeyR');
    const text = (await pdfText(await download)).replace(/\s+/g, ' ');
    expect(text).toContain(w.receiptLine);

    // The offer to close comes up focused: Enter closes the visit.
    await expect(page.getByTestId('close-offer')).toContainText(w.closeNow);
    await expect(page.getByTestId('close-offer-yes')).toBeFocused();
    await shot(page, `visit-lifecycle-${language}-01-close-offer`);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('visit-closed')).toContainText(w.closed);
    await expect(page.getByTestId('start-imei')).toHaveCount(0);
    // A closed visit's flow shortcuts do nothing.
    await page.keyboard.press('Alt+KeyI');
    await expect(page.getByTestId('visit-page')).toBeVisible();
    await expect(page.getByTestId('operation-sync-imei.register')).toHaveText(w.provisional);
    await shot(page, `visit-lifecycle-${language}-02-closed`);

    await page.keyboard.press('F1');
    await expect(page.getByTestId('visit-state-1')).toHaveText(w.state);
    await expect(page.getByTestId('visit-sync-1')).toHaveText(w.journal);
    await shot(page, `visit-lifecycle-${language}-03-journal`);
  });
}

test('an empty visit is cancelled from the visit page', async ({ page }) => {
  await startMrzVisit(page);
  await page.getByTestId('cancel-visit').click();
  await expect(page.getByTestId('visit-cancelled')).toContainText('This visit was cancelled.');
  await expect(page.getByTestId('start-imei')).toHaveCount(0);
});
