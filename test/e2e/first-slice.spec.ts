// The first slice as a new user meets it: first run, administrator, sign in, a visit with validation errors
// corrected, saved, and still listed after the host restarts — in each language.
import type { Page } from '@playwright/test';
import { test, expect } from './support/fixtures';
import { completeSetup, signIn } from './support/host';
import { breakDocumentCheckDigit, buildTd1 } from '../support/mrz-builder';
import { mkdirSync } from 'node:fs';

const SCREENSHOTS = 'test-results/screenshots';
mkdirSync(SCREENSHOTS, { recursive: true });

const expectations = {
  az: { saved: 'yadda saxlanıldı', finError: 'FİN düz 7 simvoldan', mrzError: 'sənəd nömrəsinin yoxlama rəqəmi səhvdir', empty: 'Bu gün hələ müraciət yoxdur' },
  en: { saved: 'saved', finError: 'A FIN has exactly 7 characters', mrzError: 'check digit of the document number is wrong', empty: 'No visits yet today' },
  ru: { saved: 'сохранено', finError: 'FIN состоит ровно из 7 символов', mrzError: 'контрольная цифра номера документа', empty: 'Сегодня обращений ещё нет' },
} as const;

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
}

// The first-run screen itself is under test: the host starts bare.
test.use({ signedIn: false });

for (const language of ['az', 'en', 'ru'] as const) {
  test(`first run → visit with errors corrected → survives a restart (${language})`, async ({ page, host }) => {
    const words = expectations[language];
    await page.goto(host.url);
    await page.getByTestId('language').selectOption(language);
    await completeSetup(page, host);
    await signIn(page);
    await page.getByTestId('language').selectOption(language);
    await expect(page.getByTestId('journal-empty')).toContainText(words.empty);
    await shot(page, `${language}-01-today-empty`);

    // F2 opens a new visit, focus lands in the MRZ box (a scanner types there).
    await page.keyboard.press('F2');
    await expect(page.getByTestId('visit-form')).toBeVisible();
    const mrz = buildTd1({ documentNumber: 'AA1234567', fin: '5ZX8K2P', birth: '900215', expiry: '320215', sex: 'F', surname: 'MAMMADOVA', givenNames: 'LEYLA' });

    // A wrong check digit in the MRZ is named precisely and nothing is saved.
    await page.getByTestId('input-mrz').fill(breakDocumentCheckDigit(mrz).join('\n'));
    await page.getByTestId('visit-save').click();
    await expect(page.getByTestId('error-mrz')).toContainText(words.mrzError);

    // The correct MRZ fills the fields; a FIN typed wrongly is caught next to the field.
    await page.getByTestId('input-mrz').fill(mrz.join('\n'));
    await expect(page.getByTestId('input-surname')).toHaveValue('MAMMADOVA');
    await expect(page.getByTestId('input-fin')).toHaveValue('5ZX8K2P');
    await page.getByTestId('input-fin').fill('5ZX8');
    await page.getByTestId('input-patronymic').fill('ƏLİ QIZI');
    await page.getByTestId('visit-save').click();
    await expect(page.getByTestId('error-fin')).toContainText(words.finError);
    await shot(page, `${language}-02-visit-errors`);

    // Corrected, the MRZ and the typed fields agree, and the visit saves.
    await page.getByTestId('input-fin').fill('5ZX8K2P');
    await expect(page.getByTestId('error-fin')).toHaveCount(0);
    await page.getByTestId('visit-save').click();
    await expect(page.getByTestId('saved-notice')).toContainText(words.saved);
    // The visit page opens for the first operation; F1 returns to today's journal.
    await page.keyboard.press('F1');
    await expect(page.getByTestId('visit-row-1')).toContainText('MAMMADOVA');
    await expect(page.getByTestId('visit-row-1')).toContainText('5ZX8K2P');
    await shot(page, `${language}-03-visit-saved`);

    // Restart the host on the same data folder: the visit is still there after signing in again.
    await host.restart();
    await page.goto(host.url);
    await signIn(page);
    await expect(page.getByTestId('visit-row-1')).toContainText('MAMMADOVA');
    // The clerk's language choice was kept.
    await expect(page.getByTestId('language')).toHaveValue(language);
    await shot(page, `${language}-04-after-restart`);
  });
}
