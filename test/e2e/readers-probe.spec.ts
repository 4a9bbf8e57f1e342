// Issue 11, deliver 1: cards whose ATRs no table lists are found by their answers. The readers panel and the status
// bar show the kind the desk found by asking each card, in az, en and ru (screenshots readers-probe-<lang>.png).
import { test, expect } from './support/fixtures';
import { shot } from './support/flows-host';
import { makeTd1 } from '../fixtures/vcards/emrtd-mrz';

test.use({ virtualCards: true });

const UNLISTED_SIM_ATR = Uint8Array.of(0x3b, 0x08, 0x55, 0x4e, 0x4c, 0x49, 0x53, 0x54, 0x45, 0x44);
const UNLISTED_ID_ATR = Uint8Array.of(0x3b, 0x08, 0x4f, 0x54, 0x48, 0x45, 0x52, 0x43, 0x52, 0x44);

const expected = {
  en: { sim: 'SIM card', id: 'ID card', probe: 'the card answered', bar: 'Card readers: 2 · ID card, SIM card' },
  az: { sim: 'SIM kart', id: 'Şəxsiyyət vəsiqəsi', probe: 'kart özü cavab verdi', bar: '· Şəxsiyyət vəsiqəsi, SIM kart' },
  ru: { sim: 'SIM-карта', id: 'Удостоверение', probe: 'карта ответила сама', bar: '· Удостоверение личности, SIM-карта' },
} as const;

test('readers panel and status bar show the kinds found by asking the cards', async ({ page, cards }) => {
  await page.keyboard.press('F4');
  await expect(page.getByTestId('hardware-service')).toContainText('running');
  await cards.insertSim('8999401000000000117', { atr: UNLISTED_SIM_ATR });
  await cards.insertIdCard(makeTd1({ documentNumber: 'AA1111111', birthDate: '900101', expiryDate: '300101', surname: 'TEST', givenNames: 'CARD', fin: '1AB2CD3' }), { atr: UNLISTED_ID_ATR });
  const simKind = page.getByTestId(`reader-kind-${cards.pcsc.simReader.name}`);
  const idKind = page.getByTestId(`reader-kind-${cards.pcsc.idReader.name}`);
  for (const language of ['en', 'az', 'ru'] as const) {
    await page.getByTestId('language').selectOption(language);
    const e = expected[language];
    await expect(simKind).toContainText(e.sim);
    await expect(simKind).toContainText(e.probe);
    await expect(idKind).toContainText(e.id);
    await expect(idKind).toContainText(e.probe);
    await expect(page.getByTestId('status-cards')).toContainText(e.bar);
    await shot(page, `readers-probe-${language}`);
  }
  await page.getByTestId('language').selectOption('en');
});

test('Settings names the ID and SIM readers; the same reader twice is refused', async ({ page, cards }) => {
  await page.getByRole('link', { name: 'Settings' }).click();
  const form = page.getByTestId('reader-settings');
  await expect(form.getByTestId('input-idReader')).toContainText(cards.pcsc.idReader.name);
  await form.getByTestId('input-idReader').selectOption(cards.pcsc.simReader.name);
  await form.getByTestId('input-simReader').selectOption(cards.pcsc.simReader.name);
  await form.getByTestId('reader-settings-save').click();
  await expect(form.getByTestId('error-simReader')).toHaveText('The ID reader and the SIM reader must be two different readers.');
  await form.getByTestId('input-idReader').selectOption(cards.pcsc.idReader.name);
  await form.getByTestId('reader-settings-save').click();
  await expect(form.getByTestId('reader-settings-saved')).toHaveText('The card readers are saved.');
  // Saved: coming back to the page shows the named readers.
  await page.keyboard.press('F4');
  await expect(page.getByTestId('hardware-page')).toBeVisible();
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByTestId('reader-settings').getByTestId('input-simReader')).toHaveValue(cards.pcsc.simReader.name);
  const heading = { en: 'Card readers', az: 'Kart oxuyucuları', ru: 'Считыватели карт' } as const;
  for (const language of ['en', 'az', 'ru'] as const) {
    await page.getByTestId('language').selectOption(language);
    await expect(page.getByTestId('reader-settings').getByRole('heading', { name: heading[language] })).toBeVisible();
    await shot(page, `reader-settings-${language}`);
  }
  await page.getByTestId('language').selectOption('en');
});
