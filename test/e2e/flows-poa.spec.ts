// Powers of attorney at the desk: the visit page after an MRZ check, registering a POA (each refusal named next to
// its field), then acting under it — refused when it is revoked or does not cover the operation.
import { test, expect } from './support/fixtures';
import { ADMIN } from './support/host';
import { addSupervisor, imeiUnderFirstPoa, leaveTypedFlow, registerPersonPoa, shot, startMrzVisit, typeIccidApproved } from './support/flows-host';
import { appendLuhn } from '../../common/domain/checksums';

// Approvals need a second person: the administrator at the desk asks another supervisor.
test.beforeEach(({ page }) => addSupervisor(page));

test('visit page shows the identity, its check and the flows; POA registration refusals and success', async ({ page }) => {
  await startMrzVisit(page);
  await expect(page.getByTestId('visit-fin')).toHaveText('5ZX8K2P');
  await expect(page.getByTestId('visit-verdicts')).toContainText('MRZ checked');
  await expect(page.getByTestId('operations-empty')).toBeVisible();
  await shot(page, 'poa-01-visit');

  // While the screen is locked the visit's shortcuts do nothing underneath the lock.
  await page.getByTestId('lock').click();
  await expect(page.getByTestId('lock-overlay')).toBeVisible();
  await page.keyboard.press('Alt+KeyP');
  await page.keyboard.press('Escape');
  await page.getByTestId('input-unlock-password').fill(ADMIN.password);
  await page.getByTestId('unlock').click();
  await expect(page.getByTestId('lock-overlay')).toHaveCount(0);
  await expect(page.getByTestId('visit-page')).toBeVisible();

  // Alt+P opens the power of attorney screen; focus is in the principal's FIN.
  await page.keyboard.press('Alt+KeyP');
  await expect(page.getByTestId('poa-form')).toBeVisible();
  await expect(page.getByTestId('input-principal.fin')).toBeFocused();

  // Nothing ticked: the scope error is named.
  await page.getByTestId('input-principal.fin').fill('7HJ2K4M');
  await page.getByTestId('input-principal.name').fill('Həsənov Rauf Əli oğlu');
  await page.getByTestId('input-notaryRegistryNumber').fill('N-2026/118');
  await page.getByTestId('input-validTo').fill('2027-12-31');
  await page.getByTestId('flow-submit').click();
  await expect(page.getByTestId('error-scope')).toBeVisible();

  // The trustee written on the document is someone else: refused.
  await page.getByTestId('scope-sim.duplicate').check();
  await page.getByTestId('input-trustee.fin').fill('9QW3E4R');
  await page.getByTestId('flow-submit').click();
  await expect(page.getByTestId('form-error')).toContainText(/trustee/i);
  await page.getByTestId('input-trustee.fin').fill('5ZX8K2P');

  // Already expired: refused at the date.
  await page.getByTestId('input-validFrom').fill('2024-01-01');
  await page.getByTestId('input-validTo').fill('2025-01-01');
  await page.getByTestId('flow-submit').click();
  await expect(page.getByTestId('error-validTo')).toBeVisible();
  await page.getByTestId('input-validTo').fill('2027-12-31');

  // A legal entity needs its letter: refused without the scan.
  await page.getByTestId('principal-entity').check();
  await page.getByTestId('input-principal.voen').fill('1400057421');
  await page.getByTestId('input-principal.name').fill('Xəzər Logistika MMC');
  await page.getByTestId('input-principal.representative.name').fill('Quliyev Elçin');
  await page.getByTestId('flow-submit').click();
  await expect(page.getByTestId('form-error')).toContainText(/letter/i);
  await shot(page, 'poa-02-letter-refused');

  // With the scan attached but not confirmed as signed and sealed: refused again, at the checkbox.
  await page.getByTestId('input-letter').setInputFiles({ name: 'letter.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%test letter\n') });
  await expect(page.getByTestId('letter-attached')).toContainText('letter.pdf');
  await page.getByTestId('flow-submit').click();
  await expect(page.getByTestId('error-signedSealed')).toBeVisible();
  await page.getByTestId('input-signedSealed').check();
  await page.getByTestId('flow-submit').click();
  await expect(page.getByTestId('flow-done')).toBeVisible();
  await expect(page.getByTestId('poa-done')).toContainText('Xəzər Logistika MMC');
  await expect(page.getByTestId('poa-row-N-2026/118')).toContainText('valid');
  await shot(page, 'poa-03-registered');

  // Back on the visit, the registration is listed.
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('operations')).toContainText('Power of attorney registration');

  // Acting under it for an operation it does not cover (IMEI registration): refused.
  await imeiUnderFirstPoa(page);
  await expect(page.getByTestId('form-error')).toContainText('does not cover this operation');
  await shot(page, 'poa-04-out-of-scope');

  // Revoked on the POA screen, then used for a SIM duplicate it covers: refused as revoked.
  await leaveTypedFlow(page);
  await expect(page.getByTestId('visit-page')).toBeVisible();
  await page.keyboard.press('Alt+KeyP');
  await page.getByTestId('poa-revoke-N-2026/118').click();
  await page.getByTestId('input-revokeReason').fill('The company withdrew it by letter');
  await page.getByTestId('poa-revoke-confirm').click();
  await expect(page.getByTestId('poa-row-N-2026/118')).toContainText('revoked');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('visit-page')).toBeVisible();
  await page.keyboard.press('Alt+KeyD');
  await expect(page.getByTestId('sim-dup-form')).toBeVisible();
  await page.getByTestId('input-actingFor').selectOption({ index: 1 });
  await page.getByTestId('input-msisdn').fill('+994501234567');
  await page.getByTestId('input-oldIccid').fill(appendLuhn('899940100000000001'));
  await typeIccidApproved(page, appendLuhn('899940100000000002'), 'SIM chip damaged, number printed on the card');
  await page.getByTestId('flow-submit').click();
  await expect(page.getByTestId('form-error')).toContainText('revoked');
  await shot(page, 'poa-05-revoked');
});

test('a trustee gets a certificate issued for the principal under a registered power of attorney', async ({ page }) => {
  await startMrzVisit(page);
  await registerPersonPoa(page, { fin: '7HJ2K4M', name: 'Həsənov Rauf Əli oğlu', number: 'N-2026/204', validTo: '2027-06-30', scope: ['cert.issue'] });

  // A trustee without choosing the POA: refused, the POA is asked for.
  await page.keyboard.press('Alt+KeyC');
  await expect(page.getByTestId('cert-status')).toBeVisible();
  await page.keyboard.press('Alt+Digit2');
  await page.getByTestId('input-holder').selectOption('trustee');
  await page.getByTestId('input-msisdn').fill('+994775554433');
  await typeIccidApproved(page, appendLuhn('899940400000000041'), 'Principal’s SIM kept by the trustee, reader broken');
  await page.getByTestId('flow-submit').click();
  await expect(page.getByTestId('error-actingFor')).toBeVisible();

  // Under the POA: issued to the principal.
  await page.getByTestId('input-actingFor').selectOption({ index: 1 });
  await page.getByTestId('flow-submit').click();
  await expect(page.getByTestId('cert-done')).toContainText('+994775554433');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('operation-cert.issue')).toContainText('under a power of attorney');
  await shot(page, 'poa-06-trustee-certificate');
});
