// Asan İmza certificates: issue onto a SIM (typed here, with a supervisor's approval: this host has no reader),
// status, the refusals of DOMAIN.md §3/§6 (documents, same type active, type change before the period, renewal
// before the window) with the supervisor overrides, and re-issue after a SIM duplicate.
import type { Page } from '@playwright/test';
import { test, expect } from './support/fixtures';
import { addSupervisor, approveAsSupervisor, shot, startMrzVisit, typeIccidApproved } from './support/flows-host';
import { appendLuhn } from '../../common/domain/checksums';

const MSISDN = '+994505556677';
const SIM1 = appendLuhn('899940100000000021');
const SIM2 = appendLuhn('899940100000000022');

const typeSim = (page: Page, iccid: string) => typeIccidApproved(page, iccid, 'SIM reader out of order');

async function openIssue(page: Page, certType: string, holder = 'self'): Promise<void> {
  await page.keyboard.press('Alt+KeyC');
  await expect(page.getByTestId('cert-status')).toBeVisible();
  await page.keyboard.press('Alt+Digit2');
  await expect(page.getByTestId('cert-issue-form')).toBeVisible();
  await page.getByTestId('input-certType').selectOption(certType);
  await page.getByTestId('input-holder').selectOption(holder);
  await page.getByTestId('input-msisdn').fill(MSISDN);
}

// Approvals need a second person: the administrator at the desk asks another supervisor.
test.beforeEach(({ page }) => addSupervisor(page));

test('issue, status, and the refusals: same type active, documents missing, type change before the period', async ({ page }) => {
  await startMrzVisit(page);

  await page.keyboard.press('Alt+KeyC');
  await expect(page.getByTestId('cert-none')).toBeVisible();

  // Fərdi for the customer: issued onto the typed SIM.
  await openIssue(page, 'ferdi');
  await typeSim(page, SIM1);
  await page.getByTestId('flow-submit').click();
  await expect(page.getByTestId('cert-done')).toContainText(SIM1);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('visit-page')).toBeVisible();
  await page.keyboard.press('Alt+KeyC');
  await expect(page.getByTestId('cert-row-ferdi')).toContainText('active');
  await shot(page, 'cert-01-status');
  await page.keyboard.press('Escape');

  // The same type again on the number: refused.
  await openIssue(page, 'ferdi');
  await typeSim(page, SIM1);
  await page.getByTestId('flow-submit').click();
  await expect(page.getByTestId('form-error')).toContainText('already');

  // Biznes without the VÖEN: the missing document is named.
  await page.getByTestId('input-certType').selectOption('biznes');
  await page.getByTestId('flow-submit').click();
  await expect(page.getByTestId('form-error')).toBeVisible();
  await expect(page.getByTestId('missing-documents')).toContainText('VÖEN');
  await shot(page, 'cert-02-documents-missing');

  // With the VÖEN: a type change inside the 3-year period is refused; the supervisor approves it; issued.
  await page.getByTestId('input-documents.voen').fill('1400057421');
  await page.getByTestId('flow-submit').click();
  await expect(page.getByTestId('approval-dialog')).toBeVisible();
  await expect(page.getByTestId('form-error')).toContainText('can only be changed from');
  await approveAsSupervisor(page, 'Customer opened a sole-trader business');
  await expect(page.getByTestId('cert-done')).toContainText('Biznes');
  await page.keyboard.press('Escape');

  // The operator's service: a Dövlət service on this number, which now holds a Biznes certificate, is warned about
  // (not refused); choosing the matching type clears the warning.
  await page.keyboard.press('Alt+KeyS');
  await page.getByTestId('input-msisdn').fill(MSISDN);
  await page.getByTestId('input-certType').selectOption('dovlet');
  await expect(page.getByTestId('service-type-warning')).toHaveText(
    'This number holds a Biznes (business) Asan İmza certificate: a Dövlət (government) service does not match it. Check with the customer before you go on.',
  );
  await shot(page, 'cert-03-service-type-warning');
  await page.getByTestId('input-certType').selectOption('biznes');
  await expect(page.getByTestId('service-type-warning')).toHaveCount(0);
});

test('renewal before the window needs a supervisor; after a SIM duplicate the certificate is re-issued', async ({ page }) => {
  await startMrzVisit(page);
  await openIssue(page, 'biznes');
  await page.getByTestId('input-documents.voen').fill('1400057421');
  await typeSim(page, SIM1);
  await page.getByTestId('flow-submit').click();
  await expect(page.getByTestId('cert-done')).toContainText('Biznes');
  await page.keyboard.press('Escape');

  // Renewal of a fresh certificate is before the window: refused, then approved by the supervisor.
  await page.keyboard.press('Alt+KeyC');
  await page.getByTestId('cert-tab-renew').click();
  await page.getByTestId('choose-biznes').check();
  await page.getByTestId('flow-submit').click();
  await expect(page.getByTestId('form-error')).toContainText('Renewal opens');
  await shot(page, 'cert-03-renewal-too-early');
  await approveAsSupervisor(page, 'Customer travels for a year');
  await expect(page.getByTestId('flow-done')).toContainText('renewal');
  await page.keyboard.press('Escape');

  // SIM duplicate: the certificates on the old SIM are flagged; renewing one is refused, re-issue works.
  await page.keyboard.press('Alt+KeyD');
  await page.getByTestId('input-msisdn').fill(MSISDN);
  await page.getByTestId('input-oldIccid').fill(SIM1);
  await typeSim(page, SIM2);
  await page.getByTestId('flow-submit').click();
  await expect(page.getByTestId('sim-dup-flagged')).toHaveText('The Asan İmza certificate on this number must be re-issued at ASXM.');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('visit-page')).toBeVisible();
  await page.keyboard.press('Alt+KeyC');
  await page.getByTestId('cert-tab-reissue').click();
  await page.getByTestId('choose-biznes').check();
  await typeSim(page, SIM2);
  await page.getByTestId('flow-submit').click();
  await expect(page.getByTestId('cert-done')).toContainText(SIM2);
  await shot(page, 'cert-04-reissued');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('operation-cert.reissue')).toBeVisible();
});
