// Issue 12's first "Done when", tried as a new user would, with a REAL CUPS queue, in az, en and ru: the supervisor
// chooses the CUPS PDF queue for receipts in Settings → Printers (the desk's language switched as a user does) and
// adds a clerk; the clerk signs in, is led to the shift page and opens the shift with a 50 AZN float; three
// customers are served (cash; card; cash, then voided with a supervisor's approval and refunded), each receipt sent to
// the queue; the till is counted 1 AZN short, closed with a reason and a supervisor's approval, and the Z-report
// prints to the same queue on the 80 mm roll. The test waits for the files cups-pdf writes (CUPS says the job is
// completed and the file is there) and reads them: cups-pdf keeps a text mapping for Latin glyphs only (docs/flows.md,
// Printing), so figures, AZN and the ASCII names are checked in every language and the words in English.
import { test, expect } from './support/fixtures';
import { completeSetup } from './support/host';
import { CUSTOMER, SCREENSHOTS, approveAsSupervisor, payByKeyboard, shot, startMrzVisit } from './support/flows-host';
import { ADMIN, CLERK, SUPERVISOR } from '../support/accounts';
import { useCupsPdfQueue } from './support/cups-queue';
import { CupsHarness } from '../support/cups';
import { appendLuhn } from '../../common/domain/checksums';
import type { Page } from '@playwright/test';
import { execFileSync, spawnSync } from 'node:child_process';

test.use({ signedIn: false });

const queue = useCupsPdfQueue();
/** CUPS numbers jobs across the tests of this file (one cupsd): MasaPDF-1, -2, … */
let jobs = 0;

const words = {
  az: { saved: 'Printer parametrləri saxlanıldı.', sent: 'MasaPDF printerinə göndərildi.', cash: 'Nağd', card: 'Kart', voided: 'Ləğv edilib', imeiKind: 'Mobil cihazın (IMEI) qeydiyyatı' },
  en: { saved: 'Printer settings saved.', sent: 'Sent to MasaPDF.', cash: 'Cash', card: 'Card', voided: 'Voided', imeiKind: 'Mobile device (IMEI) registration' },
  ru: { saved: 'Настройки принтеров сохранены.', sent: 'Отправлено на MasaPDF.', cash: 'Наличные', card: 'Карта', voided: 'Аннулирована', imeiKind: 'Регистрация мобильного устройства (IMEI)' },
} as const;

const customers = [
  CUSTOMER,
  { ...CUSTOMER, documentNumber: 'AA7654321', fin: '6ABCD12', sex: 'M', surname: 'HASANOV', givenNames: 'ELVIN' },
  { ...CUSTOMER, documentNumber: 'AA1112223', fin: '7QRST34', surname: 'ALIYEVA', givenNames: 'NIGAR' },
] as const;

/** "51.00 AZN" → 5100. */
const minorOf = (text: string) => Math.round(Number(/(-?\d+\.\d\d) AZN/.exec(text)![1]) * 100);
const azn = (minor: number) => (minor / 100).toFixed(2);

async function signInAs(page: Page, who: { username: string; password: string }): Promise<void> {
  await expect(page.getByTestId('sign-in-form')).toBeVisible();
  await page.getByTestId('input-username').fill(who.username);
  await page.getByTestId('input-password').fill(who.password);
  await page.getByTestId('input-password').press('Enter');
}

async function addAccount(page: Page, who: { username: string; password: string; displayName: string }, role: 'clerk' | 'supervisor'): Promise<void> {
  await page.getByTestId('nav-clerks').click();
  await page.getByTestId('input-displayName').fill(who.displayName);
  await page.getByTestId('input-username').fill(who.username);
  await page.getByTestId('input-password').fill(who.password);
  await page.getByTestId('input-role').selectOption(role);
  await page.getByTestId('clerk-add').click();
  await expect(page.getByTestId('clerks')).toContainText(who.username);
}

/** The next job cups-pdf writes, once CUPS says it is completed; its text (whitespace collapsed). */
async function nextPrinted(name: string): Promise<{ file: string; text: string; layout: string }> {
  const file = await queue.cups.waitForPdf(`MasaPDF-${++jobs}`, 120_000);
  // What came out, kept as a picture next to the screenshots (cups-pdf's folder goes with the harness): the page as
  // printed, minus signs and non-Latin letters included, whatever the text mapping lost.
  const r = spawnSync('pdftoppm', ['-png', '-r', '110', '-singlefile', file, `${SCREENSHOTS}/${name}-paper`]);
  if (r.status !== 0) throw new Error(`pdftoppm failed: ${r.stderr}`);
  // The reading order (-layout: line by line) for the reports' label–figure rows; pdftotext's default groups columns.
  const layout = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  return { file, text: CupsHarness.text(file), layout };
}

/** A visit with an IMEI registration (80 AZN), paid by cash (1) or card (2) on the payment step (Alt+M). */
async function serve(page: Page, n: number, language: string, key: '1' | '2', paid: string): Promise<void> {
  await startMrzVisit(page, customers[n]);
  const base = { az: '3569380356440', en: '3569380356441', ru: '3569380356442' }[language]!;
  // The IMEI form asks how the registry's fee is paid (its notice prints it): the card customer says card there too,
  // and the payment step then preselects it.
  await page.keyboard.press('Alt+KeyI');
  await expect(page.getByTestId('imei-form')).toBeVisible();
  await page.getByTestId('input-imei').fill(appendLuhn(`${base}${n}`));
  await page.getByTestId('input-securityCode').fill('4471');
  await page.getByTestId('input-msisdn').fill('+994501234567');
  await page.getByTestId('input-devicePriceMinor').fill('1299.90');
  await page.getByTestId('input-paymentType').selectOption(key === '1' ? 'cash' : 'card');
  await page.getByTestId('flow-submit').click();
  await expect(page.getByTestId('imei-done')).toBeVisible();
  await payByKeyboard(page, key, paid);
}

/** Alt+R sends the receipt to the queue; the page says where it went; Enter on the close offer closes the visit. */
async function printReceiptAndClose(page: Page, language: string, name: string): Promise<string> {
  await page.keyboard.press('Alt+KeyR');
  // The first print starts the host's headless Chromium for the PDF: slow on a loaded machine.
  await expect(page.getByTestId('print-notice')).toHaveText(words[language as 'en'].sent, { timeout: 60_000 });
  const printed = await nextPrinted(name);
  await shot(page, name);
  expect(CupsHarness.pageSizeMm(printed.file).width).toBe(80);
  await expect(page.getByTestId('close-offer-yes')).toBeFocused();
  await page.keyboard.press('Enter');
  // Closed: the visit page stays, saying so.
  await expect(page.getByTestId('visit-closed')).toBeVisible();
  return printed.text;
}

for (const language of ['az', 'en', 'ru'] as const) {
  test(`a desk's day on a real CUPS queue: shift, three customers, a void, 1 AZN short, the Z-report (${language})`, async ({ page, host }) => {
    test.skip(queue.unavailable !== null, `no real CUPS here: ${queue.unavailable}`);
    // Four prints through Chromium, CUPS' filters and cups-pdf on a shared machine.
    test.setTimeout(600_000);
    const w = words[language];
    await completeSetup(page, host);
    await signInAs(page, ADMIN);
    await expect(page.getByTestId('shift-open-form')).toBeVisible();
    await page.getByTestId('language').selectOption(language);

    // The supervisor: receipts (and so the X/Z reports) to the CUPS queue on the 80 mm roll; a clerk and a second supervisor.
    await page.getByTestId('nav-settings').click();
    const form = page.getByTestId('printer-settings');
    await expect(form.getByTestId('printer-receipt')).toContainText('MasaPDF');
    await form.getByTestId('printer-receipt').selectOption('MasaPDF');
    await form.getByTestId('paper-receipt').selectOption('receipt80');
    await form.getByTestId('printer-settings-save').click();
    await expect(form.getByTestId('printer-settings-saved')).toHaveText(w.saved);
    await shot(page, `desk-day-${language}-01-printer`);
    await addAccount(page, SUPERVISOR, 'supervisor');
    await addAccount(page, CLERK, 'clerk');
    await page.getByTestId('sign-out').click();

    // The clerk: led to the shift page, the float field focused; Enter opens the shift.
    await signInAs(page, CLERK);
    await expect(page.getByTestId('shift-open-form')).toBeVisible();
    await page.getByTestId('language').selectOption(language);
    await expect(page.getByTestId('input-float')).toBeFocused();
    await page.keyboard.type('50');
    await shot(page, `desk-day-${language}-02-open-shift`);
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/#\/today/);

    await serve(page, 0, language, '1', w.cash);
    const first = await printReceiptAndClose(page, language, `desk-day-${language}-03-cash-receipt`);
    expect(first).toContain('80.00 AZN');
    await serve(page, 1, language, '2', w.card);
    const second = await printReceiptAndClose(page, language, `desk-day-${language}-04-card-receipt`);
    expect(second).toContain('80.00 AZN');
    await serve(page, 2, language, '1', w.cash);
    // The third is voided with a supervisor's approval: the 80 AZN go back in cash, a refund line on the receipt.
    await page.getByTestId('void-imei.register').click();
    await approveAsSupervisor(page, 'wrong IMEI typed');
    await expect(page.getByTestId('operation-voided-imei.register')).toContainText(w.voided);
    await expect(page.getByTestId('refunded')).toBeVisible();
    const third = await printReceiptAndClose(page, language, `desk-day-${language}-05-voided-receipt`);
    // The line, its refund and a total of nothing (the refund's minus sign, U+2212, has no text mapping after cups-pdf:
    // it is on the paper, see the -paper.png).
    expect(third).toContain('80.00 AZN');
    expect(third).toContain('0.00 AZN');
    if (language !== 'ru') {
      // Latin names survive cups-pdf's text mapping in az and en; the Russian receipt's are printed but unmapped.
      expect(first).toContain('MAMMADOVA LEYLA');
      expect(second).toContain('HASANOV ELVIN');
      expect(third).toContain('ALIYEVA NIGAR');
    }
    if (language === 'en') {
      expect(first).toContain('Payment: Cash');
      expect(second).toContain('Payment: Card');
      // The refund's minus sign (U+2212) comes out of cups-pdf as an unmapped character before 80.00.
      expect(third).toMatch(/Refund: Mobile device \(IMEI\) registration Cash\W{0,3}80\.00 AZN Total Paid by 0\.00 AZN Cash/u);
    }

    // The shift page (F7): expected = float 50 + two cash payments of 80 − the cash refund of 80; the card is not in the till.
    await page.keyboard.press('F7');
    await expect(page.getByTestId('shift-status')).toContainText('50.00 AZN');
    await expect(page.getByTestId('shift-expected')).toContainText('130.00 AZN');
    // Three IMEI registrations, one of them voided, their fees as charged (the refund is in the takings).
    await expect(page.getByTestId('shift-kind-imei.register').locator('td')).toHaveText([w.imeiKind, '3', '1', '240.00 AZN']);
    const expected = minorOf((await page.getByTestId('shift-expected').textContent()) ?? '');
    expect(expected).toBe(13000);
    await page.getByTestId('input-counted').fill(azn(expected - 100));
    await page.getByTestId('input-counted').press('Tab');
    await expect(page.getByTestId('input-counted')).toHaveValue('129.00');
    await expect(page.getByTestId('shift-difference')).toContainText('-1.00 AZN');
    await page.getByTestId('input-reason').fill('change given twice');
    await shot(page, `desk-day-${language}-06-count`);
    await page.getByTestId('shift-close').click();
    await approveAsSupervisor(page, 'counted the till together');
    // Closed: the Z-report goes to the receipt printer, and the page says so.
    await expect(page.getByTestId('shift-closed-text')).toContainText('-1.00 AZN');
    await expect(page.getByTestId('print-notice')).toHaveText(w.sent, { timeout: 60_000 });
    await shot(page, `desk-day-${language}-07-closed`);
    const z = await nextPrinted(`desk-day-${language}-07-z-report`);
    expect(CupsHarness.pageSizeMm(z.file).width).toBe(80);
    expect(z.layout).toContain('130.00 AZN');
    expect(z.layout).toContain('129.00 AZN');
    expect(z.layout).toContain('-1.00 AZN');
    if (language !== 'ru') {
      // The Russian roll's Latin text is printed but unmapped too (its figures above are mapped).
      // The reason wraps in its column on the roll: read in pdftotext's column order.
      expect(z.text).toContain('change given twice');
      // Operations by kind on the roll: one of the three voided, 240.00 AZN in fees — apart (they once touched and
      // read 1240.00 AZN).
      expect(z.layout).toContain(' 1 240.00 AZN');
    }
    if (language === 'en') {
      expect(z.layout).toContain('Z-report');
      expect(z.layout).toContain('Expected 130.00 AZN');
      expect(z.layout).toContain('Counted 129.00 AZN');
      expect(z.layout).toContain('Difference -1.00 AZN');
      expect(z.layout).toContain('Card 1 80.00 AZN Cash 2 160.00 AZN');
      expect(z.layout).toContain('Approved by Nigar Supervisor');
    }
  });
}
