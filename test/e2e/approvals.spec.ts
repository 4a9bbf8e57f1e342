// Approvals need a second person (issue 14 #4): the supervisor signed in at the desk cannot approve her own manual
// entry; another supervisor can, and the visit names who approved.
import { test, expect } from './support/fixtures';
import { ADMIN } from './support/host';
import { SUPERVISOR } from '../support/accounts';
import { addSupervisor, shot } from './support/flows-host';

test('own approval refused with a clear sentence; a second supervisor approves and is named on the visit', async ({ page }) => {
  await addSupervisor(page);
  await page.keyboard.press('F2');
  await page.getByTestId('input-fin').fill('5ZX8K2P');
  await page.getByTestId('input-documentNumber').fill('AA1234567');
  await page.getByTestId('input-surname').fill('MAMMADOVA');
  await page.getByTestId('input-givenName').fill('LEYLA');
  await page.getByTestId('input-birthDate').fill('1990-02-15');
  await page.getByTestId('input-expiryDate').fill('2032-02-15');
  await page.getByTestId('visit-save').click();

  await expect(page.getByTestId('approval-dialog')).toBeVisible();
  await page.getByTestId('input-approval-reason').fill('MRZ worn off');
  await page.getByTestId('input-approval-username').fill(ADMIN.username);
  await page.getByTestId('input-approval-password').fill(ADMIN.password);
  await page.getByTestId('approval-submit').click();
  await expect(page.getByTestId('error-approval-username')).toHaveText('A second person must approve: you cannot approve your own request. Ask another supervisor.');
  await shot(page, 'approvals-01-own-refused');

  await page.getByTestId('input-approval-username').fill(SUPERVISOR.username);
  await page.getByTestId('input-approval-password').fill(SUPERVISOR.password);
  await page.getByTestId('approval-submit').click();
  await expect(page.getByTestId('visit-page')).toBeVisible();
  await expect(page.getByTestId('visit-approval')).toHaveText(`Entered by hand, approved by ${SUPERVISOR.displayName}: MRZ worn off`);
  await shot(page, 'approvals-02-visit-names-approver');
});
