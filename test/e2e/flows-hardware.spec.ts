// The readers panel: both virtual readers listed, a SIM and an ID card recognised as they are inserted (live).
import { test, expect } from './support/fixtures';
import { shot } from './support/flows-host';
import { makeTd1 } from '../fixtures/vcards/emrtd-mrz';

test.use({ virtualCards: true });

test('readers panel shows readers and recognises the cards put in them', async ({ page, cards }) => {
  await page.keyboard.press('F4');
  await expect(page.getByTestId('hardware-service')).toContainText('running');
  // The status bar knew about the readers from the first screen on, not only after a later change.
  await expect(page.getByTestId('status-cards')).toContainText('Card readers: 2');
  const sim = page.getByTestId(`reader-${cards.pcsc.simReader.name}`);
  const id = page.getByTestId(`reader-${cards.pcsc.idReader.name}`);
  await expect(sim).toContainText('empty');
  await cards.insertSim('8999401000000000117');
  await expect(sim).toContainText('SIM card');
  await cards.insertIdCard(makeTd1({ documentNumber: 'AA1111111', birthDate: '900101', expiryDate: '300101', surname: 'TEST', givenNames: 'CARD', fin: '1AB2CD3' }));
  await expect(id).toContainText('card inserted');
  await shot(page, 'hardware-01-readers');
});
