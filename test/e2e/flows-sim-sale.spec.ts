// Asan İmza SIM sale at an operator office, in each language: number and tariff chosen, the new SIM read from the
// (virtual) SIM reader, the fee from reference data, the journal and the printed receipt name the sale; a number
// already on an active SIM is refused on its field.
import { test, expect } from './support/fixtures';
import { pdfText, shot, startMrzVisit } from './support/flows-host';
import { appendLuhn } from '../../common/domain/checksums';

test.use({ virtualCards: true });

const words = {
  az: { title: 'Asan İmza SIM kartının satışı', kind: 'Asan İmza SIM kartının satışı', tariff: 'Biznes', taken: 'Artıq aktiv SIM kartdadır.', fee: '5.00 AZN' },
  en: { title: 'Asan İmza SIM sale', kind: 'Asan İmza SIM sale', tariff: 'Biznes (business)', taken: 'Already on an active SIM.', fee: '5.00 AZN' },
  ru: { title: 'Продажа SIM-карты Asan İmza', kind: 'Продажа SIM-карты Asan İmza', tariff: 'Biznes (бизнес)', taken: 'Уже на активной SIM-карте.', fee: '5.00 AZN' },
} as const;

for (const [i, language] of (['az', 'en', 'ru'] as const).entries()) {
  test(`SIM sale: number and tariff onto the SIM read from the reader, receipt (${language})`, async ({ page, cards }) => {
    const w = words[language];
    const iccid = appendLuhn(`89994010000000007${i}`);
    await page.getByTestId('language').selectOption(language);
    await startMrzVisit(page);

    await page.keyboard.press('Alt+KeyN');
    await expect(page.getByRole('heading', { name: w.title })).toBeVisible();
    await expect(page.getByTestId('input-msisdn')).toBeFocused();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('+994557001122');
    await page.getByTestId('input-tariff').selectOption('biznes');
    await cards.insertSim(iccid);
    await page.getByTestId('sim-read').click();
    await expect(page.getByTestId('sim-read-result')).toContainText(iccid, { timeout: 20_000 });
    await expect(page.getByTestId('flow-submit')).toBeFocused();
    await shot(page, `sim-sale-${language}-01-read`);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('sim-sale-summary')).toContainText(`+994557001122`);
    await expect(page.getByTestId('sim-sale-summary')).toContainText(iccid);
    await expect(page.getByTestId('sim-sale-summary')).toContainText(w.tariff);
    await shot(page, `sim-sale-${language}-02-done`);
    await page.getByTestId('done-back').press('Enter');

    const row = page.getByTestId('operation-sim.sell');
    await expect(row).toContainText(w.kind);
    await expect(row).toContainText(iccid);
    await expect(row).toContainText(w.fee);

    // The same number again: refused on the number, nothing recorded.
    await page.keyboard.press('Alt+KeyN');
    await page.getByTestId('input-msisdn').fill('+994557001122');
    const another = appendLuhn(`89994010000000008${i}`);
    await cards.insertSim(another);
    // pcscd notices the swap on its next poll; a read in between says "card removed" and the clerk presses again.
    await expect(async () => {
      await page.getByTestId('sim-read').click();
      await expect(page.getByTestId('sim-read-result')).toContainText(another, { timeout: 2_000 });
    }).toPass({ timeout: 20_000 });
    await page.getByTestId('flow-submit').click();
    await expect(page.getByTestId('error-msisdn')).toHaveText(w.taken);
    await shot(page, `sim-sale-${language}-03-number-taken`);
    // The form holds what the clerk typed: Esc asks first, Esc again leaves.
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('leave-dialog')).toBeVisible();
    await page.keyboard.press('Escape');

    await expect(page.getByTestId('visit-page')).toBeVisible();
    await expect(page.getByTestId('operation-sim.sell')).toHaveCount(1);
    const download = page.waitForEvent('download');
    await page.keyboard.press('Alt+KeyR');
    const text = await pdfText(await download);
    // The kind's name may wrap inside its table cell (pdftotext -layout keeps columns side by side): word by word.
    for (const word of w.kind.split(' ')) expect(text).toContain(word);
    expect(text).toContain(iccid);
    expect(text).toContain('+994557001122');
  });
}
