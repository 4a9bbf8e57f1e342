// Payments and voids as a clerk sees them (issue 12), in az, en and ru: the payment step (Alt+M, the method
// preselected, a waived fee's reason from reference data), then a void with a second supervisor's approval — the
// line marked voided, the refund by the method it was paid by, and the refund slip.
import { test, expect } from './support/fixtures';
import { addSupervisor, approveAsSupervisor, pdfText, shot, startMrzVisit, submitImei } from './support/flows-host';
import { appendLuhn } from '../../common/domain/checksums';

const words = {
  az: { title: 'Ödəniş', voided: 'Ləğv edilib', refund: 'Geri qaytarma', slip: 'Geri qaytarma qəbzi', card: 'Kart' },
  en: { title: 'Payment', voided: 'Voided', refund: 'Refund', slip: 'Refund slip', card: 'Card' },
  ru: { title: 'Оплата', voided: 'Аннулирована', refund: 'Возврат', slip: 'Квитанция о возврате', card: 'Карта' },
} as const;

for (const language of ['az', 'en', 'ru'] as const) {
  test(`payment step and a void with approval (${language})`, async ({ page }) => {
    const w = words[language];
    await addSupervisor(page);
    await page.getByTestId('language').selectOption(language);
    await startMrzVisit(page);
    await submitImei(page, { imei: appendLuhn(language === 'az' ? '35693803564390' : language === 'en' ? '35693803564391' : '35693803564392'), price: '1299.90' });
    await expect(page.getByTestId('imei-done')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('payment-status')).toBeVisible();
    // Something is due: the visit page offers to take it.
    await expect(page.getByTestId('take-payment')).toBeVisible();

    // A waived fee needs its reason: 3 picks "free", the reasons come from reference data in the clerk's language.
    await page.keyboard.press('Alt+KeyM');
    await expect(page.getByTestId('payment-step')).toContainText(w.title);
    await expect(page.getByTestId('payment-confirm')).toBeFocused();
    await page.keyboard.press('3');
    await expect(page.getByTestId('free-reason')).toBeFocused();
    await shot(page, `payments-${language}-01-free-reason`);
    // Back to card (2), Enter confirms.
    await page.getByTestId('payment-confirm').focus();
    await page.keyboard.press('2');
    await shot(page, `payments-${language}-02-payment-step`);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('paid-card')).toContainText(w.card);
    // Paid: nothing more to take, so no "Take payment" button.
    await expect(page.getByTestId('take-payment')).toHaveCount(0);

    await page.getByTestId('void-imei.register').click();
    await expect(page.getByTestId('approval-dialog')).toBeVisible();
    await shot(page, `payments-${language}-03-void-approval`);
    await approveAsSupervisor(page, 'wrong IMEI typed');
    await expect(page.getByTestId('operation-voided-imei.register')).toContainText(w.voided);
    await expect(page.getByTestId('refunded')).toBeVisible();
    await expect(page.getByTestId('void-imei.register')).toHaveCount(0);
    const slip = page.waitForEvent('download');
    await page.getByTestId('print-refund-slip').click();
    const text = await pdfText(await slip);
    expect(text).toContain(w.slip);
    expect(text).toContain(w.card);
    await shot(page, `payments-${language}-04-voided`);
    // The journal says the visit has a voided operation.
    await page.keyboard.press('F1');
    await expect(page.getByTestId('visit-voided-1')).toBeVisible();
    await shot(page, `payments-${language}-05-journal`);
  });
}
