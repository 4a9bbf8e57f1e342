// A lost SIM (issue 14 #8): the customer no longer has it, so the old ICCID may stay empty; for the other reasons it
// is still required.
import { test, expect } from './support/fixtures';
import { addSupervisor, shot, startMrzVisit, typeIccidApproved } from './support/flows-host';
import { appendLuhn } from '../../common/domain/checksums';

test('lost: no old ICCID needed, the number moves to the new SIM; damaged: the old ICCID is required', async ({ page }) => {
  await addSupervisor(page);
  await startMrzVisit(page);
  await page.keyboard.press('Alt+KeyD');
  await page.getByTestId('input-msisdn').fill('+994551112299');
  await page.getByTestId('input-reason').selectOption('damaged');
  await typeIccidApproved(page, appendLuhn('899940100000000077'), 'Reader broken at this desk');
  await page.getByTestId('flow-submit').click();
  await expect(page.getByTestId('error-oldIccid')).toHaveText('Required.');

  await page.getByTestId('input-reason').selectOption('lost');
  await expect(page.getByText('A lost SIM: leave empty, the SIM on this number is retired.')).toBeVisible();
  await page.getByTestId('flow-submit').click();
  await expect(page.getByTestId('sim-dup-summary')).toHaveText(
    `+994551112299 now on SIM ${appendLuhn('899940100000000077')}; the lost SIM on this number is retired centrally.`,
  );
  await shot(page, 'sim-dup-lost-done');
});
