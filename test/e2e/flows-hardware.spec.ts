// The readers panel: both virtual readers listed, a SIM and an ID card recognised as they are inserted (live).
import { test, expect } from '@playwright/test';
import { removeDataDir, type RunningHost } from './support/host';
import { shot, signedInDesk } from './support/flows-host';
import { VirtualDesk, pcscSkipReason } from './support/virtual-cards';
import { makeTd1 } from '../fixtures/vcards/emrtd-mrz';

const skip = pcscSkipReason();
test.skip(!!skip, skip ?? '');

let desk: VirtualDesk;
let host: RunningHost;
test.afterEach(async () => {
  await host?.stop();
  if (host) removeDataDir(host.dataDir);
  await desk?.stop();
});

test('readers panel shows readers and recognises the cards put in them', async ({ page }) => {
  desk = await VirtualDesk.start();
  host = await signedInDesk(page);
  await page.keyboard.press('F4');
  await expect(page.getByTestId('hardware-service')).toContainText('running');
  // The status bar knew about the readers from the first screen on, not only after a later change.
  await expect(page.getByTestId('status-cards')).toContainText('Card readers: 2');
  const sim = page.getByTestId(`reader-${desk.pcsc.simReader.name}`);
  const id = page.getByTestId(`reader-${desk.pcsc.idReader.name}`);
  await expect(sim).toContainText('empty');
  await desk.insertSim('8999401000000000117');
  await expect(sim).toContainText('SIM card');
  await desk.insertIdCard(makeTd1({ documentNumber: 'AA1111111', birthDate: '900101', expiryDate: '300101', surname: 'TEST', givenNames: 'CARD', fin: '1AB2CD3' }));
  await expect(id).toContainText('card inserted');
  await shot(page, 'hardware-01-readers');
});
