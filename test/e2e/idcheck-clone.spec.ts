// Clone detection on the ID check (issue 11, deliver 4), on virtual ID cards in a vpcd reader: a genuine chip with
// Chip Authentication (DG14) and Active Authentication (DG15) shows both passed; a copy of it (same files, other
// private keys) shows both failed and is refused, the visit cannot start. Screenshots in en, az and ru.
import type { Page } from '@playwright/test';
import { test, expect } from './support/fixtures';
import { shot } from './support/flows-host';
import { makeTd1, type Td1Data } from '../fixtures/vcards/emrtd-mrz';

test.use({ virtualCards: true });

const CARD: Td1Data = { documentNumber: 'AA5523481', birthDate: '900217', expiryDate: '330217', surname: 'MAMMADOV', givenNames: 'ELVIN', sex: 'M', fin: '4KD7R2P' };
const MRZ = makeTd1(CARD);

async function readChip(page: Page): Promise<void> {
  await page.getByTestId('input-mrz').fill(MRZ);
  await page.getByTestId('chip-read').click();
  await expect(page.getByTestId('chip-result')).toBeVisible({ timeout: 30_000 });
}

test('a genuine chip shows Chip and Active Authentication passed; a copied chip is refused (en, az, ru)', async ({ page, cards }) => {
  await cards.insertIdCard(MRZ, { activeAuth: 'ec', chipAuth: '3DES' });
  await page.keyboard.press('F3');
  await readChip(page);
  await expect(page.getByTestId('chip-clone')).toHaveText('Clone detection: Chip Authentication passed · Active Authentication passed');
  await expect(page.getByTestId('chip-clone')).toHaveClass(/ok/);
  await expect(page.getByTestId('chip-refusal')).toHaveCount(0);
  await expect(page.getByTestId('chip-start-visit')).toBeEnabled();
  await shot(page, 'idcheck-clone-01-genuine-en');
  await page.getByTestId('language').selectOption('az');
  await expect(page.getByTestId('chip-clone')).toHaveText('Surət yoxlaması: Çip autentifikasiyası keçdi · Aktiv autentifikasiya keçdi');
  await shot(page, 'idcheck-clone-02-genuine-az');
  await page.getByTestId('language').selectOption('ru');
  await expect(page.getByTestId('chip-clone')).toHaveText('Проверка на копию: Аутентификация чипа пройдена · Активная аутентификация пройдена');
  await shot(page, 'idcheck-clone-03-genuine-ru');
  await page.getByTestId('language').selectOption('en');
  // The visit keeps what was checked.
  await page.getByTestId('chip-start-visit').click();
  await expect(page.getByTestId('visit-page')).toBeVisible();
  await expect(page.getByTestId('visit-verdicts').getByTestId('chip-clone')).toHaveText('Clone detection: Chip Authentication passed · Active Authentication passed');

  await page.keyboard.press('F3');
  await cards.insertIdCard(MRZ, { activeAuth: 'ec', chipAuth: '3DES', cloned: true });
  await readChip(page);
  await expect(page.getByTestId('chip-clone')).toHaveText(
    'Clone detection: Chip Authentication FAILED (the chip could not go on under the agreed keys) · Active Authentication FAILED (the chip’s signature is wrong)',
  );
  await expect(page.getByTestId('chip-clone')).toHaveClass(/error/);
  await expect(page.getByTestId('chip-refusal')).toHaveText('Refused: the chip failed Chip Authentication — it does not hold its own key. It is most likely a copied chip.');
  await expect(page.getByTestId('chip-passive')).toContainText('data intact');
  await expect(page.getByTestId('chip-start-visit')).toBeDisabled();
  await shot(page, 'idcheck-clone-04-copy-en');
  await page.getByTestId('language').selectOption('az');
  await expect(page.getByTestId('chip-refusal')).toContainText('surəti çıxarılmış çipdir');
  await shot(page, 'idcheck-clone-05-copy-az');
  await page.getByTestId('language').selectOption('ru');
  await expect(page.getByTestId('chip-refusal')).toContainText('копия чипа');
  await shot(page, 'idcheck-clone-06-copy-ru');
});
