// SIM duplicate without a card reader: the SIM read fails with a clear message, the clerk types the new ICCID and a
// supervisor approves it; each refusal of DOMAIN.md §6 is named; then the receipt is printed with the operation.
import type { Page } from '@playwright/test';
import { test, expect } from './support/fixtures';
import { addSupervisor, approveAsSupervisor, leaveTypedFlow, pdfText, shot, startMrzVisit, typeIccidApproved } from './support/flows-host';
import { appendLuhn } from '../../common/domain/checksums';

const OLD = appendLuhn('899940100000000011');
const NEW = appendLuhn('899940100000000012');
const OTHER = appendLuhn('899940100000000013');

async function typeNewSim(page: Page, iccid: string): Promise<void> {
  await typeIccidApproved(page, iccid, 'Reader broken at this desk');
  await expect(page.getByTestId('sim-typed-approved')).toContainText(iccid);
}

// Approvals need a second person: the administrator at the desk asks another supervisor.
test.beforeEach(({ page }) => addSupervisor(page));

test('SIM duplicate: typed ICCID with approval, refusals, flagged certificates, receipt', async ({ page }) => {
  await startMrzVisit(page);
  await page.keyboard.press('Alt+KeyD');
  await expect(page.getByTestId('input-msisdn')).toBeFocused();

  // No card service on this host: reading the SIM says so, and nothing is recorded.
  await page.getByTestId('input-msisdn').fill('+994551112233');
  await page.getByTestId('input-oldIccid').fill(OLD);
  await page.getByTestId('sim-read').click();
  await expect(page.getByTestId('sim-read-error')).toBeVisible();
  await shot(page, 'sim-01-no-reader');

  // A malformed typed ICCID is caught before asking the supervisor.
  await page.getByTestId('sim-type').click();
  await page.getByTestId('input-typedIccid').fill('8999401000000000110');
  await page.getByTestId('sim-typed-confirm').click();
  await expect(page.getByTestId('error-typedIccid')).toContainText('check digit');

  // The new SIM typed as the old one: refused at the new SIM.
  await page.getByTestId('input-typedIccid').fill(OLD);
  await page.getByTestId('sim-typed-confirm').click();
  await approveAsSupervisor(page, 'Reader broken at this desk');
  await page.getByTestId('flow-submit').click();
  await expect(page.getByTestId('error-newSim')).toContainText('old SIM');

  // Correct: recorded; the old SIM is retired.
  await typeNewSim(page, NEW);
  await page.getByTestId('flow-submit').click();
  await expect(page.getByTestId('sim-dup-summary')).toContainText(NEW);
  await expect(page.getByTestId('sim-dup-summary')).toContainText(OLD);
  await shot(page, 'sim-02-done');
  await page.getByTestId('done-back').press('Enter');
  await expect(page.getByTestId('operation-sim.duplicate')).toContainText(NEW);

  // Again with the retired SIM given as old: refused.
  await page.keyboard.press('Alt+KeyD');
  await page.getByTestId('input-msisdn').fill('+994551112233');
  await page.getByTestId('input-oldIccid').fill(OLD);
  await typeNewSim(page, OTHER);
  await page.getByTestId('flow-submit').click();
  await expect(page.getByTestId('form-error')).toBeVisible();
  await expect(page.getByTestId('error-oldIccid')).toContainText(/retired|Retired/);

  // A SIM already bound to the number used as the new one: refused as in use.
  await page.getByTestId('input-oldIccid').fill(NEW);
  await typeNewSim(page, NEW);
  await page.getByTestId('flow-submit').click();
  await expect(page.getByTestId('error-newSim')).toBeVisible();
  await shot(page, 'sim-03-refused');

  // Another customer asking for this number's duplicate: refused (the subscriber must come).
  await leaveTypedFlow(page);
  await startMrzVisit(page, { documentNumber: 'AB7654321', fin: '6TR4W2Z', birth: '850101', expiry: '330101', sex: 'M', surname: 'ALIYEV', givenNames: 'RASHAD' });
  await page.keyboard.press('Alt+KeyD');
  await page.getByTestId('input-msisdn').fill('+994551112233');
  await page.getByTestId('input-oldIccid').fill(NEW);
  await typeNewSim(page, OTHER);
  await page.getByTestId('flow-submit').click();
  await expect(page.getByTestId('form-error')).toContainText('another subscriber');
  await shot(page, 'sim-04-other-subscriber');
});

test('the combined receipt lists the visit’s operations and can be reprinted', async ({ page }) => {
  await startMrzVisit(page);
  await page.keyboard.press('Alt+KeyD');
  await page.getByTestId('input-msisdn').fill('+994551112244');
  await page.getByTestId('input-oldIccid').fill(OLD);
  await typeNewSim(page, NEW);
  await page.getByTestId('flow-submit').click();
  await expect(page.getByTestId('flow-done')).toBeVisible();
  await page.getByTestId('done-back').click();

  const first = page.waitForEvent('download');
  await page.keyboard.press('Alt+KeyR');
  const text = await pdfText(await first);
  expect(text).toContain('MAMMADOVA');
  expect(text).toContain(NEW);
  await expect(page.getByTestId('receipt-ready')).toBeVisible();
  await expect(page.getByTestId('print-receipt')).toContainText('Reprint');

  const again = page.waitForEvent('download');
  await page.getByTestId('print-receipt').click();
  expect(await pdfText(await again)).toContain(NEW);
  await shot(page, 'sim-05-receipt');
});
