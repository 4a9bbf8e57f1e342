// Issue 13's "Done when", tried as new users would, in az, en and ru: a central administrator (made with `masa-server
// admin add`) creates an office and its manager in the console; the manager makes an enrolment code, and the desk
// enrols by scanning its QR code (read off the screen with zbarimg, typed into the code field as a scanner types it);
// the manager adds a clerk, who signs in at that desk; the desk's IMEI registration, made while another desk had
// registered the same IMEI first, comes back a conflict, and the manager resolves it in the console with a note — the
// desk then shows the decision. Screenshots: test-results/console/done-when-<language>-NN-*.png.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { test, expect } from './support/fixtures';
import { SyncServer, enrolmentCode, serverCli, startSyncServer, stopProcess } from './support/sync-server';
import { SHOTS, chooseLanguage, registerImeiElsewhere, say, signIn as consoleSignIn } from './support/console';
import { signIn as deskSignIn } from './support/host';
import { startMrzVisit, submitImei } from './support/flows-host';
import { freePort } from '../support/postgres';
import { translate } from '../../common/i18n/messages';
import { appendLuhn } from '../../common/domain/checksums';
import type { Language } from '../../common/i18n/languages';

mkdirSync(SHOTS, { recursive: true });

const CENTRAL = { username: 'resad', password: 'central-admin-2026', name: 'Rəşad Quliyev' };
const MANAGER = { username: 'leyla', password: 'office-manager-2026', name: 'Leyla Həsənova' };
const CLERK = { username: 'elvin', password: 'clerk-pass-2026', displayName: 'Elvin Babayev' };
// An operator office: its desks register IMEIs (DOMAIN.md §7; the server publishes which office type offers what).
const OFFICE = 'Bakcell Gəncə';

/** A QR code on the screen as a desk's scanner reads it: zbarimg decodes the element's pixels. */
async function scanQr(page: Page, testId: string, file: string): Promise<string> {
  await page.getByTestId(testId).screenshot({ path: file });
  return execFileSync('zbarimg', ['--quiet', '--raw', file], { encoding: 'utf8' }).trim();
}

async function openConsole(browser: Browser, url: string, language: Language): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await page.goto(`${url}/console/`);
  await chooseLanguage(page, language);
  return page;
}

for (const language of ['az', 'en', 'ru'] as const) {
  test(`the console's Done-when: office, manager, enrolment by QR, clerk at the desk, a conflict resolved (${language})`, async ({ page, browser }) => {
    test.setTimeout(300_000);
    const shot = (p: Page, n: string) => p.screenshot({ path: join(SHOTS, `done-when-${language}-${n}.png`), fullPage: true });
    const desk = (key: string, params?: Record<string, string | number>) => translate(language, key, params);
    const server = await SyncServer.start([]);
    try {
      // The first account, on the server machine: the central administrator.
      const made = await serverCli(server.dataDir, ['admin', 'add', CENTRAL.username, '--role', 'central', '--name', CENTRAL.name, '--language', language], { MASA_ADMIN_PASSWORD: CENTRAL.password });
      expect(made.code, made.stdout + made.stderr).toBe(0);
      // The central reference data, office_operations among it.
      const seeded = await serverCli(server.dataDir, ['reference', 'seed']);
      expect(seeded.code, seeded.stdout + seeded.stderr).toBe(0);

      // The central administrator creates the office and its manager.
      const central = await openConsole(browser, server.url, language);
      await consoleSignIn(central, server.url, CENTRAL);
      await expect(central.getByTestId('who')).toContainText(CENTRAL.name);
      await central.getByTestId('nav-offices').click();
      await central.getByTestId('input-officeName').fill(OFFICE);
      await central.getByTestId('input-officeType').selectOption('operator');
      await central.getByTestId('office-add').click();
      await expect(central.getByTestId(`office-${OFFICE}`)).toBeVisible();
      await shot(central, '01-office');
      await central.getByTestId('nav-accounts').click();
      await central.getByTestId('input-accountDisplayName').fill(MANAGER.name);
      await central.getByTestId('input-accountUsername').fill(MANAGER.username);
      await central.getByTestId('input-accountPassword').fill(MANAGER.password);
      await central.getByTestId('input-accountRole').selectOption('manager');
      await central.getByTestId('input-accountLanguage').selectOption(language);
      await central.getByTestId(`account-office-${OFFICE}`).check();
      await central.getByTestId('account-add').click();
      await expect(central.getByTestId(`account-${MANAGER.username}`)).toContainText(MANAGER.name);
      await shot(central, '02-manager');
      await central.getByTestId('sign-out').click();
      await central.context().close();

      // The manager makes an enrolment code: the code, the server's address and pin, and the QR code.
      const manager = await openConsole(browser, server.url, language);
      await consoleSignIn(manager, server.url, MANAGER);
      await manager.getByTestId('nav-codes').click();
      await manager.getByTestId('input-codeOffice').selectOption({ label: OFFICE });
      await manager.getByTestId('code-make').click();
      await expect(manager.getByTestId('made-code-value')).toHaveText(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      await expect(manager.getByTestId('made-code-server')).toHaveText(server.url);
      await shot(manager, '03-code');
      const code = (await manager.getByTestId('made-code-value').textContent())!.trim();
      const link = await scanQr(manager, 'made-code-qr', join(SHOTS, `done-when-${language}-03-qr.png`));
      expect(link).toContain(`code=${code}`);

      // The desk (its local administrator, working in the same language) enrols by scanning the QR code: the scanner
      // types the line into the code field and ends with Enter.
      await page.getByTestId('language').selectOption(language);
      await page.getByTestId('nav-sync').click();
      await page.getByTestId('input-code').fill(link);
      await page.getByTestId('input-code').press('Enter');
      await expect(page.getByTestId('sync-notice')).toHaveText(desk('sync.enrol.done', { office: OFFICE }));
      await expect(page.getByTestId('sync-state')).toContainText(desk('sync.state.idle'));
      await shot(page, '04-desk-enrolled');

      // The console sees the desk; the manager adds a clerk to the office.
      await manager.reload();
      await expect(manager.getByTestId('codes')).toContainText(say(language, 'codes.states.used'));
      await manager.getByTestId('nav-desks').click();
      await expect(manager.getByTestId('desks')).toContainText(OFFICE);
      await manager.getByTestId('nav-clerks').click();
      await manager.getByTestId('input-clerkOffice').selectOption({ label: OFFICE });
      await manager.getByTestId('input-clerkDisplayName').fill(CLERK.displayName);
      await manager.getByTestId('input-clerkUsername').fill(CLERK.username);
      await manager.getByTestId('input-clerkPassword').fill(CLERK.password);
      await manager.getByTestId('input-clerkRole').selectOption('clerk');
      await manager.getByTestId('input-clerkLanguage').selectOption(language);
      await manager.getByTestId('clerk-add').click();
      await expect(manager.getByTestId(`clerk-${CLERK.username}`)).toContainText(CLERK.displayName);
      await shot(manager, '05-clerk');

      // The desk takes the account at its next sync; the clerk signs in there (and opens a shift).
      await page.getByTestId('sync-now').click();
      // "… Waiting: 0." — everything sent and received.
      await expect(page.getByTestId('sync-notice')).toContainText(desk('sync.result', { pushed: 0, pulled: 0, pending: 0 }).split('. ')[1]);
      await page.getByTestId('sign-out').click();
      await deskSignIn(page, CLERK);
      await shot(page, '06-clerk-signed-in');

      // Another desk registers a phone's IMEI first, while this desk cannot reach the server (it runs on another
      // port for that moment); this desk then registers the same IMEI for its customer.
      const imei = appendLuhn('35693803564391');
      const otherCode = await enrolmentCode(server.dataDir, OFFICE);
      await server.stop();
      const otherPort = await freePort();
      const other = await startSyncServer(server.dataDir, otherPort);
      try {
        await registerImeiElsewhere(`http://127.0.0.1:${otherPort}`, otherCode, imei);
      } finally {
        await stopProcess(other);
      }
      await startMrzVisit(page);
      await submitImei(page, { imei, price: '449.00' });
      await expect(page.getByTestId('imei-done')).toBeVisible();
      await server.restart();
      await page.getByTestId('nav-sync').click();
      await expect(page.getByTestId('sync-conflicts-table')).toContainText(desk('sync.conflictReason.imei_registered_elsewhere'), { timeout: 60_000 });
      await shot(page, '07-desk-conflict');

      // The manager finds it in the console, both sides shown, and keeps the central record with a note.
      await manager.getByTestId('nav-conflicts').click();
      const card = manager.locator('[data-testid^="conflict-"]').filter({ has: manager.getByTestId('desk-side') }).first();
      await expect(card.getByTestId('desk-side')).toContainText(imei);
      await expect(card.getByTestId('central-side')).toContainText('Masa 9');
      // Who it is about, in words: the other desk's customer by FIN (the desk's own name for it).
      await expect(card.getByTestId('central-side')).toContainText(desk('sync.subjects.fin', { value: '7QW3R5T' }));
      await expect(card.getByTestId('conflict-subject')).toHaveText(desk('sync.subjects.fin', { value: '5ZX8K2P' }));
      await shot(manager, '08-conflict');
      await card.getByTestId('conflict-reject').click();
      const note = { az: 'IMEI Masa 9-da əvvəl qeydə alınıb; müştəriyə zəng edildi.', en: 'IMEI registered first at Masa 9; customer called.', ru: 'IMEI раньше зарегистрирован на Masa 9; клиенту позвонили.' }[language];
      await manager.getByTestId('input-conflictNote').fill(note);
      await manager.getByTestId('dialog-confirm').click();
      await expect(card.getByTestId('conflict-resolved')).toContainText(`${MANAGER.name} (${MANAGER.username})`);
      await expect(card.getByTestId('conflict-resolved')).toContainText(note);
      await shot(manager, '09-resolved');

      // The desk hears of the decision at its next sync.
      await page.getByTestId('sync-now').click();
      await expect(page.getByTestId('sync-conflicts-table')).toContainText(`${desk('sync.queue.rejected')} — ${note}`, { timeout: 30_000 });
      await shot(page, '10-desk-decision');
    } finally {
      await server.destroy();
    }
  });
}
