// Helpers for the flow specs (the desk itself comes from fixtures.ts): visits started the way a clerk starts them,
// supervisor approvals, the text of printed PDFs, screenshots.
import { mkdirSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { expect, type Download, type Page } from '@playwright/test';
import { SUPERVISOR } from '../../support/accounts';
import { buildTd1, type Td1Fields } from '../../support/mrz-builder';
import { appendLuhn } from '../../../common/domain/checksums';

export const SCREENSHOTS = 'test-results/screenshots/flows';
mkdirSync(SCREENSHOTS, { recursive: true });

export const CUSTOMER: Td1Fields = { documentNumber: 'AA1234567', fin: '5ZX8K2P', birth: '900215', expiry: '320215', sex: 'F', surname: 'MAMMADOVA', givenNames: 'LEYLA' };

/** F2, paste the MRZ, save: the app continues into the visit page. Returns the visit id. */
export async function startMrzVisit(page: Page, customer: Td1Fields = CUSTOMER): Promise<string> {
  await page.keyboard.press('F2');
  await expect(page.getByTestId('visit-form')).toBeVisible();
  await page.getByTestId('input-mrz').fill(buildTd1(customer).join('\n'));
  await expect(page.getByTestId('input-surname')).toHaveValue(customer.surname);
  await page.getByTestId('visit-save').click();
  await expect(page.getByTestId('visit-page')).toBeVisible();
  await expect(page.getByTestId('visit-name')).toContainText(customer.surname);
  return page.url().split('/visit/')[1];
}

/** Esc out of a flow the clerk has typed into: it asks "Leave this form?" first, and Esc again leaves. */
export async function leaveTypedFlow(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('leave-dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('leave-dialog')).toHaveCount(0);
}

/**
 * The administrator adds a second supervisor on the Clerks page (an approval needs someone other than the clerk who
 * asks, and the specs work signed in as the administrator), then returns to today's journal.
 */
export async function addSupervisor(page: Page): Promise<void> {
  await page.getByTestId('nav-clerks').click();
  await page.getByTestId('input-displayName').fill(SUPERVISOR.displayName);
  await page.getByTestId('input-username').fill(SUPERVISOR.username);
  await page.getByTestId('input-password').fill(SUPERVISOR.password);
  await page.getByTestId('input-role').selectOption('supervisor');
  await page.getByTestId('clerk-add').click();
  await expect(page.getByTestId('clerks')).toContainText(SUPERVISOR.username);
  await page.keyboard.press('F1');
}

/** "Type the ICCID instead" on a SIM step, approved by the second supervisor. */
export async function typeIccidApproved(page: Page, iccid: string, reason: string): Promise<void> {
  await page.getByTestId('sim-type').click();
  await page.getByTestId('input-typedIccid').fill(iccid);
  await page.getByTestId('sim-typed-confirm').click();
  await approveAsSupervisor(page, reason);
}

/** From the visit page: registers a person's power of attorney with `scope` (Alt+P), and returns to the visit. */
export async function registerPersonPoa(page: Page, poa: { fin: string; name: string; number: string; validTo: string; scope: string[] }): Promise<void> {
  await page.keyboard.press('Alt+KeyP');
  await page.getByTestId('input-principal.fin').fill(poa.fin);
  await page.getByTestId('input-principal.name').fill(poa.name);
  await page.getByTestId('input-notaryRegistryNumber').fill(poa.number);
  await page.getByTestId('input-validTo').fill(poa.validTo);
  for (const kind of poa.scope) await page.getByTestId(`scope-${kind}`).check();
  await page.getByTestId('flow-submit').click();
  await expect(page.getByTestId('poa-done')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('visit-page')).toBeVisible();
}

/** From the visit page: an IMEI registration acting under the first POA listed, submitted (POAs rarely cover it). */
export async function imeiUnderFirstPoa(page: Page): Promise<void> {
  await submitImei(page, { imei: appendLuhn('35693803564380'), price: '899.00', underFirstPoa: true });
}

/** From the visit page: Alt+I, a phone's IMEI with its security code, number and price, submitted. */
export async function submitImei(page: Page, o: { imei: string; price: string; underFirstPoa?: boolean }): Promise<void> {
  await page.keyboard.press('Alt+KeyI');
  await expect(page.getByTestId('imei-form')).toBeVisible();
  if (o.underFirstPoa) await page.getByTestId('input-actingFor').selectOption({ index: 1 });
  await page.getByTestId('input-imei').fill(o.imei);
  await page.getByTestId('input-securityCode').fill('4471');
  await page.getByTestId('input-msisdn').fill('+994501234567');
  await page.getByTestId('input-devicePriceMinor').fill(o.price);
  await page.getByTestId('flow-submit').click();
}

/** Approves the open supervisor dialog as the second supervisor (addSupervisor first). */
export async function approveAsSupervisor(page: Page, reason: string): Promise<void> {
  await expect(page.getByTestId('approval-dialog')).toBeVisible();
  await page.getByTestId('input-approval-reason').fill(reason);
  await page.getByTestId('input-approval-username').fill(SUPERVISOR.username);
  await page.getByTestId('input-approval-password').fill(SUPERVISOR.password);
  await page.getByTestId('approval-submit').click();
  await expect(page.getByTestId('approval-dialog')).toHaveCount(0);
}

/** The text of a downloaded PDF (poppler's pdftotext), to check what the customer gets on paper. */
export async function pdfText(download: Download): Promise<string> {
  const path = await download.path();
  const head = readFileSync(path).subarray(0, 5).toString('latin1');
  expect(head).toBe('%PDF-');
  const r = spawnSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pdftotext failed: ${r.stderr}`);
  return r.stdout;
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
}


/**
 * From a flow's done screen: Esc back to the visit, Alt+M opens the payment step with focus on Confirm, 1 (cash) or
 * 2 (card) picks the method, Enter takes the payment; the visit then says how it was paid (`paid` is that text).
 */
export async function payByKeyboard(page: Page, key: '1' | '2', paid: string): Promise<void> {
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('payment-status')).toBeVisible();
  await page.keyboard.press('Alt+KeyM');
  await expect(page.getByTestId('payment-confirm')).toBeFocused();
  await page.keyboard.press(key);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId(key === '1' ? 'paid-cash' : 'paid-card')).toContainText(paid);
}
