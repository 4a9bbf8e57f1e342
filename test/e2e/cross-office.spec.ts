// Issue 9's "done when", tried as a new user would: two offices and three desks on one sync server (masa-server on
// PGlite). Desk A and desk B are at ASXM, desk C at an operator office; each is set up from its first-run form and
// enrolled from its Sync page with a one-time code. The same two stories as test/integration/cross-office.test.ts,
// through the screens: a POA registered at desk A is used at desk B (and still with the server stopped, from B's
// replica); a certificate issued at A, a SIM duplicate at C, and back at A the certificate must be — and is —
// re-issued onto the new SIM. All three desks share the two virtual readers (one pcscd); they take turns.
import type { Browser, Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { test, expect } from './support/fixtures';
import { completeSetup, removeDataDir, signIn, startHost, type RunningHost } from './support/host';
import { CUSTOMER, startMrzVisit } from './support/flows-host';
import { SyncServer, enrolFromSyncPage, enrolmentCode, syncNow } from './support/sync-server';
import type { VirtualDesk } from './support/virtual-cards';
import type { Td1Fields } from '../support/mrz-builder';
import { appendLuhn } from '../../common/domain/checksums';

test.use({ virtualCards: true });

const SCREENSHOTS = 'test-results/screenshots';
mkdirSync(SCREENSHOTS, { recursive: true });

const ASXM = 'ASXM Bakı-1';
const OPERATOR = 'Bakcell Nizami';
const TRUSTEE: Td1Fields = { documentNumber: 'AA7654321', fin: '7XYZ123', birth: '850310', expiry: '330310', sex: 'M', surname: 'BAGIROV', givenNames: 'ELDAR' };
const PRINCIPAL = { fin: '6PRN4CP', name: 'Əliyev Rəşad Tofiq oğlu', number: 'N-2026/777', validTo: '2030-12-31' };
const ACTING_FOR = `Under a power of attorney from ${PRINCIPAL.name} (FIN ${PRINCIPAL.fin}), valid to ${PRINCIPAL.validTo} — valid`;
const MSISDN = '+994551110001';
const OLD_SIM = appendLuhn('899940100000000201');
const NEW_SIM = appendLuhn('899940100000000202');
const TRUSTEE_SIM = appendLuhn('899940100000000203');

type Language = 'az' | 'en' | 'ru';
const CERT_TITLE: Record<Language, string> = { az: 'Asan İmza sertifikatları', en: 'Asan İmza certificates', ru: 'Сертификаты Asan İmza' };

interface Desk {
  page: Page;
  host: RunningHost;
}

/** Another desk: its own browser host (fresh data folder, same readers) in its own browser context, set up. */
async function openDesk(browser: Browser, started: Desk[]): Promise<Desk> {
  const host = await startHost();
  const page = await browser.newPage();
  started.push({ page, host });
  await completeSetup(page, host);
  await signIn(page);
  await page.getByTestId('language').selectOption('en');
  return { page, host };
}

/** The screen in az, en and ru (the heading proves the switch), back in English for the assertions. */
async function shots(page: Page, name: string, title: Record<Language, string>): Promise<void> {
  for (const language of ['az', 'en', 'ru'] as const) {
    await page.getByTestId('language').selectOption(language);
    await expect(page.getByRole('heading', { name: title[language] })).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOTS}/cross-office-${name}-${language}.png`, fullPage: true });
  }
  await page.getByTestId('language').selectOption('en');
  await expect(page.getByRole('heading', { name: title.en })).toBeVisible();
}

/** Puts `iccid` in the SIM reader and reads it on the open flow's SIM step. */
async function readSim(page: Page, cards: VirtualDesk, iccid: string): Promise<void> {
  await cards.insertSim(iccid);
  // pcscd notices a swapped card on its next poll; a read in between says "card removed" and the clerk presses again.
  await expect(async () => {
    await page.getByTestId('sim-read').click();
    await expect(page.getByTestId('sim-read-result')).toContainText(iccid, { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
}

/** From the visit page: the certificate screen's Issue tab (Alt+C, Alt+2). */
async function openCertIssue(page: Page): Promise<void> {
  await page.keyboard.press('Alt+KeyC');
  await expect(page.getByTestId('cert-status')).toBeVisible();
  await page.keyboard.press('Alt+Digit2');
  await expect(page.getByTestId('cert-issue-form')).toBeVisible();
}

test('two offices, three desks: a POA used at the other desk (also offline); SIM duplicate at the operator, re-issue at ASXM', async ({ page, browser, cards }) => {
  test.setTimeout(240_000);
  const started: Desk[] = [];
  let server: SyncServer | undefined;
  try {
    // The server and the two other desks start side by side (each is a process of its own); all settled before
    // anything is checked, so the finally block has everything that did start.
    const [up, deskB, deskC] = await Promise.allSettled([SyncServer.start([ASXM, OPERATOR]).then((s) => (server = s)), openDesk(browser, started), openDesk(browser, started)]);
    for (const r of [up, deskB, deskC]) if (r.status === 'rejected') throw r.reason;
    const [a, b, c] = [page, (deskB as PromiseFulfilledResult<Desk>).value.page, (deskC as PromiseFulfilledResult<Desk>).value.page];
    const sync = (up as PromiseFulfilledResult<SyncServer>).value;
    const [codeA, codeB, codeC] = await Promise.all([ASXM, ASXM, OPERATOR].map((office) => enrolmentCode(sync.dataDir, office)));
    await Promise.all([
      enrolFromSyncPage(a, sync.url, codeA, ASXM, 'Desk A'),
      enrolFromSyncPage(b, sync.url, codeB, ASXM, 'Desk B'),
      enrolFromSyncPage(c, sync.url, codeC, OPERATOR, 'Desk C'),
    ]);
    for (const [p, office] of [[a, ASXM], [b, ASXM], [c, OPERATOR]] as const) {
      await p.keyboard.press('F1');
      // Each desk goes by its central office's name, and every host sees the same two virtual readers.
      await expect(p.getByTestId('status-office')).toContainText(office);
      await expect(p.getByTestId('status-cards')).toHaveText('Card readers: 2');
    }

    await test.step('desk A registers the trustee’s POA; desk B finds it and issues a certificate under it', async () => {
      await startMrzVisit(a, TRUSTEE);
      await a.keyboard.press('Alt+KeyP');
      await a.getByTestId('input-principal.fin').fill(PRINCIPAL.fin);
      await a.getByTestId('input-principal.name').fill(PRINCIPAL.name);
      await a.getByTestId('input-notaryRegistryNumber').fill(PRINCIPAL.number);
      await a.getByTestId('input-validTo').fill(PRINCIPAL.validTo);
      for (const kind of ['cert.issue', 'imei.register']) await a.getByTestId(`scope-${kind}`).check();
      await a.getByTestId('flow-submit').click();
      await expect(a.getByTestId('poa-done')).toContainText(PRINCIPAL.name);
      await syncNow(a);

      await syncNow(b);
      await startMrzVisit(b, TRUSTEE);
      await openCertIssue(b);
      const actingFor = b.getByTestId('input-actingFor');
      await expect(actingFor.locator('option')).toHaveText(['Themselves (the identified customer)', ACTING_FOR]);
      await actingFor.selectOption({ index: 1 });
      await b.getByTestId('input-holder').selectOption('trustee');
      await b.getByTestId('input-msisdn').fill('+994501234567');
      await shots(b, '01-desk-b-poa-from-desk-a', CERT_TITLE);
      await readSim(b, cards, TRUSTEE_SIM);
      await b.getByTestId('flow-submit').click();
      await expect(b.getByTestId('cert-done')).toHaveText(new RegExp(`^Fərdi \\(individual\\) · \\+994501234567 · valid to \\d{4}-\\d{2}-\\d{2} · ICCID ${TRUSTEE_SIM}$`));
      await b.keyboard.press('Escape');
      await expect(b.getByTestId('operation-cert.issue')).toContainText('under a power of attorney');
      await syncNow(b);
    });

    await test.step('desk A issues a Fərdi certificate onto the SIM read from the reader', async () => {
      await a.keyboard.press('F1');
      await startMrzVisit(a, CUSTOMER);
      await openCertIssue(a);
      await a.getByTestId('input-certType').selectOption('ferdi');
      await a.getByTestId('input-holder').selectOption('self');
      await a.getByTestId('input-msisdn').fill(MSISDN);
      await readSim(a, cards, OLD_SIM);
      await a.getByTestId('flow-submit').click();
      await expect(a.getByTestId('cert-done')).toContainText(`ICCID ${OLD_SIM}`);
      await a.keyboard.press('Escape');
      await expect(a.getByTestId('operation-cert.issue')).toBeVisible();
      await syncNow(a);
    });

    await test.step('desk C, at the operator office, makes the SIM duplicate onto a new SIM', async () => {
      await startMrzVisit(c, CUSTOMER);
      await c.keyboard.press('Alt+KeyD');
      await expect(c.getByTestId('sim-dup-form')).toBeVisible();
      await c.getByTestId('input-msisdn').fill(MSISDN);
      await c.getByTestId('input-reason').selectOption('damaged');
      await c.getByTestId('input-oldIccid').fill(OLD_SIM);
      await readSim(c, cards, NEW_SIM);
      await c.getByTestId('flow-submit').click();
      await expect(c.getByTestId('sim-dup-summary')).toContainText(NEW_SIM);
      await expect(c.getByTestId('sim-dup-summary')).toContainText(OLD_SIM);
      // Whether this desk already knows the ASXM certificate (and says it must be re-issued) depends on what it has
      // of the customer; the server flags it either way, which is what desk A checks below.
      await c.getByTestId('done-back').click();
      await syncNow(c);
    });

    await test.step('back at desk A: the certificate must be re-issued, and it is, onto the new SIM', async () => {
      await syncNow(a);
      await startMrzVisit(a, CUSTOMER);
      await a.keyboard.press('Alt+KeyC');
      const oldRow = a.getByTestId('cert-list').locator('tr', { hasText: OLD_SIM });
      await expect(oldRow).toContainText('must be re-issued');
      await expect(a.getByTestId('cert-reissue-why-ferdi')).toHaveText('the SIM was replaced: re-issue onto the new SIM (Alt+3)');
      await shots(a, '02-desk-a-must-reissue', CERT_TITLE);

      await a.keyboard.press('Alt+Digit3');
      await expect(a.getByTestId('cert-reissue-form')).toBeVisible();
      await a.getByTestId('choose-ferdi').check();
      await readSim(a, cards, NEW_SIM);
      await a.getByTestId('flow-submit').click();
      await expect(a.getByTestId('cert-done')).toContainText(`ICCID ${NEW_SIM}`);
      await shots(a, '03-desk-a-reissued', CERT_TITLE);
      await a.keyboard.press('Escape');
      await expect(a.getByTestId('operation-cert.reissue')).toBeVisible();

      await a.keyboard.press('Alt+KeyC');
      await expect(oldRow).toContainText('replaced');
      await expect(a.getByTestId('cert-list').locator('tr', { hasText: NEW_SIM })).toContainText('active');
      await shots(a, '04-desk-a-old-replaced', CERT_TITLE);
      await a.keyboard.press('Escape');
      await syncNow(a);
    });

    await test.step('server stopped: desk B still finds the POA for a new visit of the trustee and acts under it', async () => {
      await sync.stop();
      await b.keyboard.press('F1');
      await startMrzVisit(b, TRUSTEE);
      await b.keyboard.press('Alt+KeyI');
      await expect(b.getByTestId('imei-form')).toBeVisible();
      await expect(b.getByTestId('input-actingFor').locator('option')).toHaveText(['Themselves (the identified customer)', ACTING_FOR]);
      await b.getByTestId('input-actingFor').selectOption({ index: 1 });
      // The device is the principal's: their FIN comes from the POA, their document from the copy the trustee brings.
      await expect(b.getByTestId('input-fin')).toHaveValue(PRINCIPAL.fin);
      await expect(b.getByTestId('input-documentNumber')).toHaveValue('');
      await b.getByTestId('input-documentSeries').fill('AA');
      await b.getByTestId('input-documentNumber').fill('1112223');
      await b.getByTestId('input-imei').fill(appendLuhn('35693803564381'));
      await b.getByTestId('input-securityCode').fill('4471');
      await b.getByTestId('input-msisdn').fill('+994501234567');
      await b.getByTestId('input-devicePriceMinor').fill('899.00');
      await shots(b, '05-desk-b-offline-under-poa', { az: 'IMEI qeydiyyatı', en: 'IMEI registration', ru: 'Регистрация IMEI' });
      await b.getByTestId('flow-submit').click();
      await expect(b.getByTestId('imei-done')).toBeVisible();
      await b.keyboard.press('Escape');
      await expect(b.getByTestId('operation-imei.register')).toContainText('under a power of attorney');
      await expect(b.getByTestId('operation-sync-imei.register')).toHaveAttribute('data-sync', 'provisional');
    });
  } finally {
    for (const d of started) {
      await d.page.context().close();
      await d.host.stop();
      removeDataDir(d.host.dataDir);
    }
    await server?.destroy();
  }
});

