// JPEG 2000 faces on the ID check (issue 11, deliver 2), on a virtual ID card in a vpcd reader whose DG2 holds the
// test face as JP2: main decodes it and the clerk sees the face like a JPEG one (240×320 in the browser), with a line
// saying it was stored as JPEG 2000; a JPEG 2000 that cannot be decoded gives the warning to compare with the printed
// photo. Screenshots in en, az, ru.
import type { Page } from '@playwright/test';
import { test, expect } from './support/fixtures';
import { shot } from './support/flows-host';
import { FACE_JP2 } from '../fixtures/vcards/emrtd-harness';
import { fakeJpeg2000 } from '../fixtures/vcards/emrtd-lds';
import { makeTd1, type Td1Data } from '../fixtures/vcards/emrtd-mrz';

test.use({ virtualCards: true });

const CARD: Td1Data = { documentNumber: 'AA5520417', birthDate: '910307', expiryDate: '350307', surname: 'ALIYEV', givenNames: 'RASHAD', sex: 'M', fin: '3KT7R9D' };
const MRZ = makeTd1(CARD);

/** The photo's warning among the ID check's (the desk has no trust list here, so the issuer one shows too). */
function photoWarning(page: Page) {
  return page.getByTestId('chip-warning').filter({ hasText: 'JPEG 2000' });
}

async function readChip(page: Page): Promise<void> {
  await page.keyboard.press('F3');
  await page.getByTestId('input-mrz').fill(MRZ);
  await page.getByTestId('chip-read').click();
  await expect(page.getByTestId('chip-result')).toBeVisible({ timeout: 30_000 });
}

test('a JPEG 2000 face is shown like a JPEG one, noted as converted (en, az, ru)', async ({ page, cards }) => {
  await cards.insertIdCard(MRZ, { face: { image: FACE_JP2, type: 'jpeg2000' } });
  await readChip(page);
  const photo = page.getByTestId('chip-photo');
  await expect(photo).toBeVisible();
  // The browser decoded the PNG main made: the face's own size, not a broken-image icon.
  await expect.poll(() => photo.evaluate((img: HTMLImageElement) => [img.complete, img.naturalWidth, img.naturalHeight])).toEqual([true, 240, 320]);
  await expect(photo).toHaveAttribute('src', /^data:image\/png;base64,iVBORw0KGgo/);
  await expect(page.getByTestId('chip-photo-source')).toHaveText('Stored on the chip as JPEG 2000, converted for display.');
  await expect(photoWarning(page)).toHaveCount(0);
  await expect(page.getByTestId('chip-start-visit')).toBeEnabled();
  await shot(page, 'idcheck-jpeg2000-01-face-en');
  await page.getByTestId('language').selectOption('az');
  await expect(page.getByTestId('chip-photo-source')).toHaveText('Çipdə JPEG 2000 formatında saxlanılıb, göstərmək üçün çevrilib.');
  await shot(page, 'idcheck-jpeg2000-02-face-az');
  await page.getByTestId('language').selectOption('ru');
  await expect(page.getByTestId('chip-photo-source')).toHaveText('В чипе хранится в формате JPEG 2000, преобразовано для показа.');
  await shot(page, 'idcheck-jpeg2000-03-face-ru');
});

test('a JPEG 2000 face that cannot be decoded: compare with the printed photo (en, az, ru)', async ({ page, cards }) => {
  await cards.insertIdCard(MRZ, { face: { image: fakeJpeg2000(), type: 'jpeg2000' } });
  await readChip(page);
  await expect(page.getByTestId('chip-photo')).toHaveCount(0);
  await expect(photoWarning(page)).toHaveText('The chip’s JPEG 2000 photo could not be decoded: compare the face with the photo printed on the card.');
  await shot(page, 'idcheck-jpeg2000-04-broken-en');
  await page.getByTestId('language').selectOption('az');
  await expect(photoWarning(page)).toHaveText('Çipdəki JPEG 2000 şəkli açıla bilmədi: üzü vəsiqədə çap olunmuş şəkillə müqayisə edin.');
  await shot(page, 'idcheck-jpeg2000-05-broken-az');
  await page.getByTestId('language').selectOption('ru');
  await expect(photoWarning(page)).toHaveText('Фото JPEG 2000 из чипа не удалось декодировать: сравните лицо с фото, напечатанным на карте.');
  await shot(page, 'idcheck-jpeg2000-06-broken-ru');
});
