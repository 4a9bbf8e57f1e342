// A clerk's shift as a new user meets it (issue 12, deliver 2), in az, en and ru: signed in, the desk leads to the
// shift page with the float field focused; Enter opens the shift; three customers are served (cash; card; cash, then
// voided with a supervisor's approval and refunded in cash); the X-report prints; the till is counted 1 AZN short, which needs a reason and a supervisor's approval; the Z-report prints with
// the expected, counted and the difference.
import { test, expect } from './support/fixtures';
import { ADMIN, completeSetup } from './support/host';
import { CUSTOMER, addSupervisor, approveAsSupervisor, payByKeyboard, pdfText, shot, startMrzVisit, submitImei } from './support/flows-host';
import type { Page } from '@playwright/test';
import { appendLuhn } from '../../common/domain/checksums';

test.use({ signedIn: false });

const words = {
  az: { card: 'Kart', x: 'X-hesabat', z: 'Z-hesabat', expected: 'Gözlənilən', counted: 'Sayılan', difference: 'Fərq', reasonRequired: 'səbəbini yazın', cash: 'Nağd' },
  en: { card: 'Card', x: 'X-report', z: 'Z-report', expected: 'Expected', counted: 'Counted', difference: 'Difference', reasonRequired: 'say why', cash: 'Cash' },
  ru: { card: 'Карта', x: 'X-отчёт', z: 'Z-отчёт', expected: 'Ожидается', counted: 'Пересчитано', difference: 'Расхождение', reasonRequired: 'укажите причину', cash: 'Наличные' },
} as const;

/** "51.00 AZN" → 5100. */
const minorOf = (text: string) => Math.round(Number(/(-?\d+\.\d\d) AZN/.exec(text)![1]) * 100);
const azn = (minor: number) => (minor / 100).toFixed(2);

const customers = [
  CUSTOMER,
  { ...CUSTOMER, documentNumber: 'AA7654321', fin: '6ABCD12', sex: 'M', surname: 'HASANOV', givenNames: 'ELVIN' },
  { ...CUSTOMER, documentNumber: 'AA1112223', fin: '7QRST34', surname: 'ALIYEVA', givenNames: 'NIGAR' },
] as const;

/** A new visit with an IMEI registration (80 AZN at this price), paid by cash (1) or card (2) on the payment step. */
async function serve(page: Page, n: number, language: string, key: '1' | '2', paid: string): Promise<void> {
  await startMrzVisit(page, customers[n]);
  const base = { az: '3569380356430', en: '3569380356431', ru: '3569380356432' }[language]!;
  await submitImei(page, { imei: appendLuhn(`${base}${n}`), price: '1299.90' });
  await expect(page.getByTestId('imei-done')).toBeVisible();
  await payByKeyboard(page, key, paid);
}

for (const language of ['az', 'en', 'ru'] as const) {
  test(`open a shift, serve three customers (cash, card, voided), close 1 AZN short with approval, read the Z-report (${language})`, async ({ page, host }) => {
    const w = words[language];
    await completeSetup(page, host);
    await page.getByTestId('input-username').fill(ADMIN.username);
    await page.getByTestId('input-password').fill(ADMIN.password);
    await page.getByTestId('input-password').press('Enter');
    // Led to the shift page; the float field has the focus, Enter opens the shift and goes on to today's journal.
    await expect(page.getByTestId('shift-open-form')).toBeVisible();
    await page.getByTestId('language').selectOption(language);
    await expect(page.getByTestId('input-float')).toBeFocused();
    await page.keyboard.type('50');
    await shot(page, `shifts-${language}-01-open`);
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/#\/today/);

    await addSupervisor(page);
    await serve(page, 0, language, '1', w.cash);
    await serve(page, 1, language, '2', w.card);
    await serve(page, 2, language, '1', w.cash);
    // The third is voided with a supervisor's approval: the 80 AZN go back in cash.
    await page.getByTestId('void-imei.register').click();
    await approveAsSupervisor(page, 'wrong IMEI typed');
    await expect(page.getByTestId('refunded')).toBeVisible();

    // The shift page: X-report, then the count.
    await page.keyboard.press('F7');
    await expect(page.getByTestId('shift-status')).toContainText('50.00 AZN');
    const expected = minorOf((await page.getByTestId('shift-expected').textContent()) ?? '');
    // Float 50 + two cash payments of 80 − one cash refund of 80; the card payment is not in the till.
    expect(expected).toBe(13000);
    const x = page.waitForEvent('download');
    await page.keyboard.press('Alt+KeyX');
    const xText = (await pdfText(await x)).replace(/\s+/g, ' ');
    expect(xText).toContain(w.x);
    expect(xText).toContain(`${w.expected} ${azn(expected)} AZN`);
    expect(xText).toContain(`${w.card} 1 80.00 AZN ${w.cash} 2 160.00 AZN`);
    await shot(page, `shifts-${language}-02-open-shift`);

    await page.getByTestId('input-counted').fill(azn(expected - 100));
    await page.getByTestId('input-counted').press('Tab');
    await expect(page.getByTestId('shift-difference')).toContainText('-1.00 AZN');
    await expect(page.getByTestId('shift-open-visits')).toBeVisible();
    await page.getByTestId('shift-close').click();
    await expect(page.getByTestId('form-error')).toContainText(w.reasonRequired);
    await page.getByTestId('input-reason').fill('change given twice');
    await shot(page, `shifts-${language}-03-difference`);
    await page.getByTestId('shift-close').click();
    // Approved, the shift closes and its Z-report prints (a download: no printer is chosen on this desk).
    const z = page.waitForEvent('download');
    await approveAsSupervisor(page, 'counted the till together');
    await expect(page.getByTestId('shift-closed-text')).toContainText('-1.00 AZN');
    const zText = (await pdfText(await z)).replace(/\s+/g, ' ');
    expect(zText).toContain(w.z);
    expect(zText).toContain(`${w.expected} ${azn(expected)} AZN`);
    expect(zText).toContain(`${w.counted} ${azn(expected - 100)} AZN`);
    expect(zText).toContain(`${w.difference} -1.00 AZN`);
    expect(zText).toContain('change given twice');
    await shot(page, `shifts-${language}-04-closed`);
    // Closed: the shift page offers to open the next one.
    await expect(page.getByTestId('shift-open-form')).toBeVisible();
  });
}
