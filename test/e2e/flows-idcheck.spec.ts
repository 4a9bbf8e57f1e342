// ID check with the chip, on a virtual ID card in a vpcd reader: photo, per-field comparison, expiry and passive
// authentication shown; a visit starts from a good read. Refusals: no card, wrong MRZ (BAC refused), printed data
// that differs from the chip, an expired card, altered chip data.
import type { Page } from '@playwright/test';
import { test, expect } from './support/fixtures';
import { shot } from './support/flows-host';
import { makeTd1, makeTd3, type Td1Data } from '../fixtures/vcards/emrtd-mrz';

test.use({ virtualCards: true });

const CARD: Td1Data = { documentNumber: 'AA7712345', birthDate: '880412', expiryDate: '340412', surname: 'HUSEYNOVA', givenNames: 'NARMIN', sex: 'F', fin: '6PL4M2X' };

async function readChip(page: Page, mrz: string): Promise<void> {
  await page.getByTestId('input-mrz').fill(mrz);
  await page.getByTestId('chip-read').click();
}

test('a good chip read shows photo, comparison and authenticity, and starts the visit', async ({ page, cards }) => {
  await page.keyboard.press('F3');
  await expect(page.getByTestId('input-mrz')).toBeFocused();

  // No card on the reader yet: named, and the read starts by itself once the card is put on the reader.
  await readChip(page, makeTd1(CARD));
  await expect(page.getByTestId('form-error')).toContainText('Put the card');
  await expect(page.getByTestId('chip-waiting')).toBeVisible();
  await cards.insertIdCard(makeTd1(CARD));
  await expect(page.getByTestId('chip-result')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('chip-photo')).toBeVisible();
  await expect(page.getByTestId('cmp-surname')).toContainText('same');
  await expect(page.getByTestId('cmp-fin')).toContainText('6PL4M2X');
  await expect(page.getByTestId('chip-passive')).toContainText('data intact');
  await expect(page.getByTestId('chip-refusal')).toHaveCount(0);
  await shot(page, 'idcheck-01-read');
  await expect(page.getByTestId('chip-start-visit')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('visit-page')).toBeVisible();
  await expect(page.getByTestId('visit-verdicts')).toContainText('Chip read');
  await expect(page.getByTestId('visit-fin')).toHaveText('6PL4M2X');
  await shot(page, 'idcheck-02-visit');
});

test('refusals: wrong MRZ, printed data differing from the chip, expired card, altered chip data', async ({ page, cards }) => {
  await page.keyboard.press('F3');

  // The MRZ of another document: the chip refuses access.
  await cards.insertIdCard(makeTd1(CARD));
  await readChip(page, makeTd1({ ...CARD, documentNumber: 'AA7712346' }));
  await expect(page.getByTestId('form-error')).toContainText(/MRZ/);
  await shot(page, 'idcheck-03-access-denied');

  // Same BAC data but another printed name: the chip disagrees with the card, refused.
  await readChip(page, makeTd1({ ...CARD, surname: 'HUSEYNOV' }));
  await expect(page.getByTestId('chip-refusal')).toContainText('does not match');
  await expect(page.getByTestId('cmp-surname')).toContainText('different');
  await expect(page.getByTestId('chip-start-visit')).toBeDisabled();
  await shot(page, 'idcheck-04-mismatch');
  await page.keyboard.press('Escape');

  // An expired card: refused with its date.
  const expired = { ...CARD, expiryDate: '240101' };
  await cards.insertIdCard(makeTd1(expired));
  await readChip(page, makeTd1(expired));
  await expect(page.getByTestId('chip-refusal')).toContainText('expired');
  await page.keyboard.press('Escape');

  // Chip data altered after signing: the authenticity check fails, refused.
  await cards.insertIdCard(makeTd1(CARD), { tamperAfterSigning: [2] });
  await readChip(page, makeTd1(CARD));
  await expect(page.getByTestId('chip-refusal')).toContainText('authenticity');
  await shot(page, 'idcheck-05-tampered');
});

test('a foreign passport chip: the residence permit is typed, then the visit starts', async ({ page, cards }) => {
  const passport = makeTd3({ documentNumber: 'U12345678', birthDate: '860705', expiryDate: '310705', surname: 'YILMAZ', givenNames: 'AYSE', sex: 'F', nationality: 'TUR', issuingState: 'TUR' });
  await cards.insertIdCard(passport);
  await page.keyboard.press('F3');
  await readChip(page, passport);
  await expect(page.getByTestId('chip-result')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('input-residencePermitNumber')).toBeFocused();
  await page.getByTestId('input-residencePermitNumber').fill('MYİ1234567');
  await page.getByTestId('input-residencePermitExpiry').fill('2030-01-31');
  await page.getByTestId('chip-start-visit').click();
  await expect(page.getByTestId('visit-page')).toBeVisible();
  await expect(page.getByTestId('visit-identity')).toContainText('TUR U12345678');
  await shot(page, 'idcheck-06-passport-visit');
});

test('the three BAC fields typed instead of the MRZ open the chip too', async ({ page, cards }) => {
  await cards.insertIdCard(makeTd1(CARD));
  await page.keyboard.press('F3');
  await page.getByTestId('mode-fields').check();
  await page.getByTestId('input-documentNumber').fill(CARD.documentNumber);
  await page.getByTestId('input-birthDate').fill(CARD.birthDate);
  await page.getByTestId('input-expiryDate').fill(CARD.expiryDate);
  await page.getByTestId('input-expiryDate').press('Enter');
  await expect(page.getByTestId('chip-result')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('chip-name')).toContainText('HUSEYNOVA');
  // Only the BAC fields were typed: the other fields have nothing printed to compare with.
  await expect(page.getByTestId('cmp-surname')).toContainText('—');
  await expect(page.getByTestId('chip-refusal')).toHaveCount(0);
});

test('Enter in the MRZ box reads the chip: a scanner CR after each line only moves on, the one after the last reads', async ({ page, cards }) => {
  await cards.insertIdCard(makeTd1(CARD));
  await page.keyboard.press('F3');
  const box = page.getByTestId('input-mrz');
  await expect(box).toBeFocused();
  const lines = makeTd1(CARD).split('\n');
  // A keyboard-wedge scanner: each line, then a carriage return (Enter).
  await page.keyboard.type(lines[0]);
  await page.keyboard.press('Enter');
  await page.keyboard.type(lines[1]);
  await page.keyboard.press('Enter');
  await expect(box).toHaveValue(`${lines[0]}\n${lines[1]}\n`);
  await expect(page.getByTestId('chip-progress')).toHaveCount(0);
  await page.keyboard.type(lines[2]);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('chip-result')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('chip-name')).toContainText('HUSEYNOVA');

  // Typed by hand and Enter pressed on the last line: the same.
  await page.keyboard.press('Escape');
  await box.fill(makeTd1(CARD));
  await box.press('Enter');
  await expect(page.getByTestId('chip-result')).toBeVisible({ timeout: 30_000 });
});
