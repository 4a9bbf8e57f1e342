// e-İmza card with a blocked PIN, on a virtual PIN card in a vpcd reader: the state is shown, a wrong PUK is refused
// (and the secret inputs emptied), the right PUK unblocks the PIN with the new value and the visit records it.
import { test, expect } from './support/fixtures';
import { shot, startMrzVisit } from './support/flows-host';
import type { PinCardApplet } from '../fixtures/vcards/pin-card-applet';

// The blocked card is on the reader before the desk starts, so the token screen finds it when it opens.
let card: PinCardApplet;
test.use({
  virtualCards: true,
  beforeHost: {
    async run(cards) {
      card = await cards.insertPinCard({ pin: '1234', puk: '87654321', pinTries: 10 });
      card.pinCounter.left = 0;
    },
  },
});

test('blocked PIN: state, wrong PUK refused, unblocked with the PUK', async ({ page }) => {
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
