// e-İmza card with a blocked PIN, on a virtual PIN card in a vpcd reader: the state is shown, a wrong PUK is refused
// (and the secret inputs emptied), the right PUK unblocks the PIN with the new value and the visit records it.
import { test, expect } from '@playwright/test';
import { removeDataDir, type RunningHost } from './support/host';
import { shot, signedInDesk, startMrzVisit } from './support/flows-host';
import { VirtualDesk, pcscSkipReason } from './support/virtual-cards';

const skip = pcscSkipReason();
test.skip(!!skip, skip ?? '');

let desk: VirtualDesk;
let host: RunningHost;
test.afterEach(async () => {
  await host?.stop();
  if (host) removeDataDir(host.dataDir);
  await desk?.stop();
});

test('blocked PIN: state, wrong PUK refused, unblocked with the PUK', async ({ page }) => {
  desk = await VirtualDesk.start();
  const card = await desk.insertPinCard({ pin: '1234', puk: '87654321', pinTries: 10 });
  card.pinCounter.left = 0;
  host = await signedInDesk(page);
  await startMrzVisit(page);

  await page.keyboard.press('Alt+KeyT');
  await expect(page.getByTestId('token-pin')).toContainText('blocked');
  await shot(page, 'token-card-01-blocked');

  await page.keyboard.type('11112222');
  await page.keyboard.press('Enter');
  await page.keyboard.type('4321');
  await page.keyboard.press('Enter');
  await page.keyboard.type('4321');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('form-error')).toBeVisible();
  for (const f of ['puk', 'newPin', 'repeatPin']) await expect(page.getByTestId(`input-${f}`)).toHaveValue('');
  expect(card.pukTriesLeft).toBe(2);

  await page.getByTestId('input-puk').fill('87654321');
  await page.getByTestId('input-newPin').fill('4321');
  await page.getByTestId('input-repeatPin').fill('4321');
  await page.getByTestId('input-repeatPin').press('Enter');
  await expect(page.getByTestId('token-done')).toContainText('unblocked');
  expect(card.pinTriesLeft).toBe(10);
  await page.getByTestId('done-back').press('Enter');
  await expect(page.getByTestId('operation-token.unblock')).toBeVisible();
  await shot(page, 'token-card-02-unblocked');
});
