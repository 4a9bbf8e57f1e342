// Trust lists on the ID check (issue 11, deliver 5), on a virtual ID card in a vpcd reader: the desk's trust folder
// ($MASA_CSCA_DIR) holds the chip's CSCA and its CRL. With the chip's document signer on the CRL the verdict line says
// the signer was revoked and the chip is refused; with an out-of-date CRL that does not list it the chip is trusted
// and a warning says the list needs updating. Screenshots in en, az and ru.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './support/fixtures';
import { shot } from './support/flows-host';
import { testPki } from '../fixtures/vcards/emrtd-harness';
import { buildCrl } from '../fixtures/pki/trust-lists';
import { makeTd1, type Td1Data } from '../fixtures/vcards/emrtd-mrz';

const CARD: Td1Data = { documentNumber: 'AA6631907', birthDate: '880521', expiryDate: '320521', surname: 'HASANOVA', givenNames: 'LEYLA', sex: 'F', fin: '6PR2K9T' };
const MRZ = makeTd1(CARD);
const folder = mkdtempSync(join(tmpdir(), 'masa-e2e-trust-'));
const saved = process.env.MASA_CSCA_DIR;

// The host inherits the environment when it starts (after beforeHost): the folder is the desk's CSCA folder.
test.use({
  virtualCards: true,
  beforeHost: {
    async run() {
      const pki = await testPki();
      writeFileSync(join(folder, 'csca.pem'), pki.csca.x509.toString());
      writeFileSync(join(folder, 'csca.crl'), await buildCrl(pki.csca, [pki.documentSigner]));
      process.env.MASA_CSCA_DIR = folder;
    },
  },
});
test.afterAll(() => {
  if (saved === undefined) delete process.env.MASA_CSCA_DIR;
  else process.env.MASA_CSCA_DIR = saved;
  rmSync(folder, { recursive: true, force: true });
});

async function readChip(page: Page): Promise<void> {
  await page.getByTestId('input-mrz').fill(MRZ);
  await page.getByTestId('chip-read').click();
  await expect(page.getByTestId('chip-result')).toBeVisible({ timeout: 30_000 });
}

test('a chip whose document signer is on its CSCA’s CRL is refused; an out-of-date CRL is a warning (en, az, ru)', async ({ page, cards }) => {
  await cards.insertIdCard(MRZ);
  await page.keyboard.press('F3');
  await readChip(page);
  await expect(page.getByTestId('chip-passive')).toHaveText('Chip authenticity: data intact, signature valid, signer revoked by its issuer');
  await expect(page.getByTestId('chip-passive')).toHaveClass(/error/);
  await expect(page.getByTestId('chip-warning')).toHaveText('The issuing state has revoked the certificate that signed this chip (it is on the CRL).');
  await expect(page.getByTestId('chip-refusal')).toHaveText('Refused: the chip’s data failed the authenticity check.');
  await expect(page.getByTestId('chip-start-visit')).toBeDisabled();
  await shot(page, 'idcheck-trust-01-revoked-en');
  await page.getByTestId('language').selectOption('az');
  await expect(page.getByTestId('chip-passive')).toHaveText('Çipin həqiqiliyi: məlumat toxunulmazdır, imza düzgündür, imzalayanı verən ləğv edib');
  await shot(page, 'idcheck-trust-02-revoked-az');
  await page.getByTestId('language').selectOption('ru');
  await expect(page.getByTestId('chip-warning')).toHaveText('Государство-издатель отозвало сертификат, которым подписан чип (он в списке CRL).');
  await shot(page, 'idcheck-trust-03-revoked-ru');
  await page.getByTestId('language').selectOption('en');
  await page.keyboard.press('Escape');

  // A CRL past its next update that does not list this signer: trusted, with a warning. The folder is read at each check.
  const pki = await testPki();
  writeFileSync(join(folder, 'csca.crl'), await buildCrl(pki.csca, [], { thisUpdate: new Date(Date.now() - 60 * 86_400_000), nextUpdate: new Date(Date.now() - 2 * 86_400_000) }));
  await readChip(page);
  await expect(page.getByTestId('chip-passive')).toHaveText('Chip authenticity: data intact, signature valid, issuer trusted');
  await expect(page.getByTestId('chip-passive')).toHaveClass(/ok/);
  await expect(page.getByTestId('chip-warning')).toHaveText('The issuer’s revocation list (CRL) is out of date: the trust list needs updating at the server.');
  await expect(page.getByTestId('chip-refusal')).toHaveCount(0);
  await expect(page.getByTestId('chip-start-visit')).toBeEnabled();
  await shot(page, 'idcheck-trust-04-crl-expired-en');
  await page.getByTestId('language').selectOption('az');
  await expect(page.getByTestId('chip-warning')).toHaveText('Verənin ləğv siyahısı (CRL) köhnəlib: etibar siyahısı serverdə yenilənməlidir.');
  await shot(page, 'idcheck-trust-05-crl-expired-az');
  await page.getByTestId('language').selectOption('ru');
  await expect(page.getByTestId('chip-warning')).toHaveText('Список отзыва издателя (CRL) устарел: список доверия нужно обновить на сервере.');
  await shot(page, 'idcheck-trust-06-crl-expired-ru');
});

