// e-İmza token: without a token service the state says so; an unblock attempt is refused and the PUK/PIN inputs are
// emptied right after the call; a lost token is reported (future dates and a missing serial refused).
import { test, expect } from './support/fixtures';
import { shot, startMrzVisit } from './support/flows-host';

test('token: state, refused unblock clears the secrets, lost-token report with its refusals', async ({ page }) => {
  await startMrzVisit(page);
  await page.keyboard.press('Alt+KeyT');
  await expect(page.getByTestId('token-status-error')).toBeVisible();
  await expect(page.getByTestId('input-puk')).toBeFocused();
  await expect(page.getByTestId('input-puk')).toHaveAttribute('type', 'password');
  await expect(page.getByTestId('input-newPin')).toHaveAttribute('type', 'password');

  // Two different new PINs: caught before anything is sent, the PINs are emptied.
  await page.getByTestId('input-puk').fill('12345678');
  await page.getByTestId('input-newPin').fill('1234');
  await page.getByTestId('input-repeatPin').fill('4321');
  await page.getByTestId('token-unblock').click();
  await expect(page.getByTestId('error-repeatPin')).toBeVisible();
  await expect(page.getByTestId('input-newPin')).toHaveValue('');

  // No token service: refused with its message, and every secret input is empty afterwards.
  await page.getByTestId('input-newPin').fill('1234');
  await page.getByTestId('input-repeatPin').fill('1234');
  await page.getByTestId('token-unblock').click();
  await expect(page.getByTestId('form-error')).toBeVisible();
  for (const f of ['puk', 'newPin', 'repeatPin']) await expect(page.getByTestId(`input-${f}`)).toHaveValue('');
  // The PUK never reaches the address bar.
  expect(page.url()).not.toContain('12345678');
  await shot(page, 'token-01-refused');

  // Lost token: a future date and a missing serial are refused at their fields.
  await page.getByTestId('input-lostAt').fill('2099-01-01');
  await page.getByTestId('token-report-lost').click();
  await page.getByTestId('token-lost-yes').click();
  await expect(page.getByTestId('error-tokenSerial').or(page.getByTestId('error-lostAt'))).toBeVisible();
  await page.getByTestId('input-tokenSerial').fill('TK-00912');
  await page.getByTestId('token-report-lost').click();
  await page.getByTestId('token-lost-yes').click();
  await expect(page.getByTestId('error-lostAt')).toBeVisible();
  await page.getByTestId('input-lostAt').fill('2026-01-10');
  await page.getByTestId('input-circumstances').fill('Left in a taxi');
  // One press only asks: nothing is reported until the clerk says yes (Enter on the focused "Yes").
  await page.getByTestId('token-report-lost').click();
  await expect(page.getByTestId('token-lost-confirm')).toHaveText(/Report token TK-00912 lost on 2026-01-10\? Its certificates will be revoked/);
  await expect(page.getByTestId('token-lost-yes')).toBeFocused();
  await shot(page, 'token-02-confirm-lost');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('token-done')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('operation-token.reportLost')).toContainText('Lost e-İmza carrier report');
});
