// PACE on the ID check (issue 11, deliver 3), on a virtual PACE-only ID card in a vpcd reader: the CAN field
// (6 digits printed on the card) is checked before the read, a wrong CAN is refused with a sentence about the
// CAN, the right one opens the chip and the result says how (PACE, curve, cipher, CAN). Screenshots in en, az, ru.
import type { Page } from '@playwright/test';
import { test, expect } from './support/fixtures';
import { shot } from './support/flows-host';
import { makeTd1, type Td1Data } from '../fixtures/vcards/emrtd-mrz';

test.use({ virtualCards: true });

const CARD: Td1Data = { documentNumber: 'AA6630172', birthDate: '880512', expiryDate: '340512', surname: 'HASANOVA', givenNames: 'LALA', sex: 'F', fin: '5PR8K1M' };
const MRZ = makeTd1(CARD);
const CAN = '318204';

async function read(page: Page, can: string): Promise<void> {
  await page.getByTestId('input-can').fill(can);
  await page.getByTestId('chip-read').click();
}

test('a PACE-only chip opens with the CAN typed in the ID check; a wrong CAN is refused (en, az, ru)', async ({ page, cards }) => {
  await cards.insertIdCard(MRZ, { pace: { parameterId: 13, cipher: 'AES-128', can: CAN, paceOnly: true } });
  await page.keyboard.press('F3');
  await page.getByTestId('input-mrz').fill(MRZ);

  await read(page, '31820');
  await expect(page.getByTestId('error-can')).toHaveText('The CAN is 6 digits.');
  await read(page, '999999');
  await expect(page.getByTestId('form-error')).toHaveText('Access denied — check the CAN (the 6 digits printed on the card).', { timeout: 30_000 });
  await shot(page, 'idcheck-pace-01-wrong-can-en');
  await page.getByTestId('language').selectOption('az');
  await expect(page.getByTestId('form-error')).toHaveText('Giriş rədd edildi — CAN-ı yoxlayın (kartda çap olunmuş 6 rəqəm).');
  await expect(page.locator('label[for="field-can"]')).toHaveText('CAN (istəyə bağlı)');
  await shot(page, 'idcheck-pace-02-wrong-can-az');
  await page.getByTestId('language').selectOption('ru');
  await expect(page.getByTestId('form-error')).toHaveText('Доступ запрещён — проверьте CAN (6 цифр, напечатанных на карте).');
  await shot(page, 'idcheck-pace-03-wrong-can-ru');
  await page.getByTestId('language').selectOption('en');

  // Enter in the CAN field reads the chip (the field is never Enter's next stop from the MRZ or the three fields).
  await page.getByTestId('input-can').fill(CAN);
  await page.getByTestId('input-can').press('Enter');
  await expect(page.getByTestId('chip-result')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('chip-access')).toHaveText('Chip opened with: PACE (brainpoolP256r1, AES-128) with the CAN');
  await expect(page.getByTestId('chip-name')).toHaveText('HASANOVA LALA');
  await expect(page.getByTestId('chip-start-visit')).toBeEnabled();
  await shot(page, 'idcheck-pace-04-opened-en');
  await page.getByTestId('language').selectOption('az');
  await expect(page.getByTestId('chip-access')).toHaveText('Çip açıldı: PACE (brainpoolP256r1, AES-128), CAN ilə');
  await shot(page, 'idcheck-pace-05-opened-az');
  await page.getByTestId('language').selectOption('ru');
  await expect(page.getByTestId('chip-access')).toHaveText('Чип открыт: PACE (brainpoolP256r1, AES-128) по CAN');
  await shot(page, 'idcheck-pace-06-opened-ru');
});
