// The supervisors' audit page (issue 10, deliver 5): in the navigation for a supervisor, the chain's state at the top
// and the desk's entries (set-up, sign-in, a wrong password) with who and what, newest first.
import { test, expect } from './support/fixtures';
import { shot } from './support/flows-host';
import { signIn } from './support/host';
import { ADMIN } from '../support/accounts';

test('a supervisor reads the audit log and sees the chain intact', async ({ page }) => {
  // A wrong password first, so the log has a failure to show (the username tried, no password).
  await page.getByTestId('sign-out').click();
  await page.getByTestId('input-username').fill(ADMIN.username);
  await page.getByTestId('input-password').fill('not-the-password');
  await page.getByTestId('sign-in-submit').click();
  await expect(page.getByTestId('form-error')).toBeVisible();
  await signIn(page);

  await page.getByTestId('nav-audit').click();
  await expect(page.getByTestId('audit-chain')).toHaveText(/The chain is intact: \d+ entries checked\./);
  const rows = page.getByTestId('audit-entries').locator('tbody tr');
  await expect(rows.first()).toContainText('Signed in');
  await expect(rows.first()).toContainText(ADMIN.displayName);
  await expect(page.getByTestId('audit-entries')).toContainText('Wrong password');
  await expect(page.getByTestId('audit-entries')).toContainText(`username: ${ADMIN.username}`);
  await expect(page.getByTestId('audit-entries')).toContainText('Desk set up');
  await shot(page, 'audit-01-page');
});
