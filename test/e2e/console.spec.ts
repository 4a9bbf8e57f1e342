// The central office console (issue 13) in Debian's Chromium against a real `masa-server start --http`: signing in
// and out, a wrong password, a lockout, an office manager kept to their office (and told so when they force another
// office's address), each page's main action, the session ending mid-work — and pictures of the main pages in az,
// en and ru (test-results/console/).
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { SyncHttpError } from '../../common/sync/client';
import { CONSOLE_LOCKOUT_FAILURES } from '../../common/console/api';
import type { Language } from '../../common/i18n/languages';
import { ACCOUNTS, FIN, IMEI, OFFICES, chooseLanguage, consoleWorld, say, sayPrefix, shot, signIn, type Desk } from './support/console';
import type { SyncServer } from './support/sync-server';

test.describe.configure({ mode: 'serial' });

let server: SyncServer;
let bakuDesk: Desk;
let otherBakuDesk: Desk;
let ganjaDesk: Desk;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  ({ server, bakuDesk, otherBakuDesk, ganjaDesk } = await consoleWorld());
});
test.afterAll(async () => {
  await server?.destroy();
});

const base = () => server.url;
const central = (page: Page, path?: string) => signIn(page, base(), ACCOUNTS.central, path);

test('sign-in: a wrong password is refused, the right one opens the console, signing out ends it', async ({ page }) => {
  await page.goto(`${base()}/console/`);
  await expect(page.locator('html')).toHaveAttribute('lang', 'az');
  await page.getByTestId('input-username').fill(ACCOUNTS.central.username);
  await page.getByTestId('input-password').fill('not the password');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('sign-in-error')).toHaveText(say('az', 'errors.CONSOLE_BAD_CREDENTIALS'));

  await page.getByTestId('input-password').fill(ACCOUNTS.central.password);
  await page.getByTestId('sign-in-submit').click();
  await expect(page.getByTestId('who')).toContainText(ACCOUNTS.central.name);
  // A central administrator sees every page.
  for (const nav of ['offices', 'desks', 'codes', 'clerks', 'reference', 'conflicts', 'reports', 'customers', 'accounts', 'audit']) await expect(page.getByTestId(`nav-${nav}`)).toBeVisible();
  await page.getByTestId('sign-out').click();
  await expect(page.getByTestId('signed-out')).toHaveText(say('az', 'signIn.signedOut'));
  // The session is gone on the server too: an address inside the console asks to sign in.
  await page.goto(`${base()}/console/desks`);
  await expect(page.getByTestId('sign-in-form')).toBeVisible();
});

test('accounts: an office manager is added with their office, then deactivated; refusals in words', async ({ page }) => {
  await central(page, '/console/accounts');
  await page.getByTestId('input-accountDisplayName').fill('Kamran Səfərov');
  await page.getByTestId('input-accountUsername').fill('kamran');
  await page.getByTestId('input-accountPassword').fill('kamran-pass-2026');
  await page.getByTestId('account-add').click();
  // A manager without an office is refused before anything is sent.
  await expect(page.getByTestId('form-error')).toHaveText(say('az', 'errors.INVALID_INPUT'));
  await page.getByTestId(`account-office-${OFFICES.baku}`).check();
  await page.getByTestId('account-add').click();
  await expect(page.getByTestId('form-notice')).toHaveText(say('az', 'accounts.added', { name: 'Kamran Səfərov' }));
  const row = page.getByTestId('account-kamran');
  await expect(row).toContainText(OFFICES.baku);
  await row.getByTestId('account-deactivate').click();
  await page.getByTestId('dialog-confirm').click();
  await expect(row.getByTestId('account-state')).toHaveText(say('az', 'accounts.inactive'));
  // Back in service.
  await row.getByTestId('account-reactivate').click();
  await expect(row.getByTestId('account-state')).toHaveText(say('az', 'accounts.active'));
  await expect(page.getByTestId('notice')).toHaveText(say('az', 'accounts.reactivated', { name: 'Kamran Səfərov' }));
  // A change without the session's CSRF token (what another site's form would send) is refused.
  const forged = await page.request.post(`${base()}/console/api/offices`, { data: { name: 'Saxta ofis', type: 'asxm' } });
  expect(forged.status()).toBe(403);
  expect((await forged.json()).code).toBe('CONSOLE_CSRF');
  // An address that names nothing.
  await page.goto(`${base()}/console/reference/no_such_table`);
  await expect(page.getByTestId('page-error')).toHaveText(say('az', 'errors.NOT_FOUND'));
});

test('lockout: after the fifth wrong password the account is locked, and the page says until when', async ({ page }) => {
  await page.goto(`${base()}/console/`);
  for (let i = 0; i < CONSOLE_LOCKOUT_FAILURES; i++) {
    await page.getByTestId('input-username').fill(ACCOUNTS.locked.username);
    await page.getByTestId('input-password').fill(`wrong-${i}`);
    await page.getByTestId('sign-in-submit').click();
    await expect(page.getByTestId('sign-in-error')).toBeVisible();
  }
  // Even the right password is refused now, with the time the lock ends.
  await page.getByTestId('input-username').fill(ACCOUNTS.locked.username);
  await page.getByTestId('input-password').fill(ACCOUNTS.locked.password);
  await page.getByTestId('sign-in-submit').click();
  await expect(page.getByTestId('sign-in-error')).toContainText(sayPrefix('az', 'signIn.lockedUntil'));
  await expect(page.getByTestId('sign-in-error')).toHaveText(/\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}/);

  // The central administrator sees the lock on the Accounts page and lifts it.
  await central(page, '/console/accounts');
  const row = page.getByTestId(`account-${ACCOUNTS.locked.username}`);
  await expect(row.getByTestId('account-state')).toContainText(sayPrefix('az', 'accounts.lockedUntil'));
  await row.getByTestId('account-unlock').click();
  await expect(row.getByTestId('account-state')).toHaveText(say('az', 'accounts.active'));
});

test('an office manager sees only their office and is refused another office’s address', async ({ page }) => {
  await signIn(page, base(), ACCOUNTS.manager, '/console/desks');
  for (const nav of ['customers', 'accounts', 'audit']) await expect(page.getByTestId(`nav-${nav}`)).toHaveCount(0);
  await expect(page.getByTestId(`desk-${ganjaDesk.name}`)).toBeVisible();
  await expect(page.getByTestId(`desk-${bakuDesk.name}`)).toHaveCount(0);
  // Waiting operations and the version the desk reported at its pull.
  await expect(page.getByTestId(`desk-${ganjaDesk.name}`)).toContainText('0.1.0');
  await expect(page.getByTestId(`desk-${ganjaDesk.name}`).locator('td.num')).toHaveText('3');
  await expect(page.getByTestId('office-filter').locator('option')).toHaveText([say('az', 'app.all'), OFFICES.ganja]);

  await page.goto(`${base()}/console/desks?office=${bakuDesk.officeId}`);
  await expect(page.getByTestId('page-error')).toHaveText(say('az', 'errors.CONSOLE_FORBIDDEN'));
  await page.goto(`${base()}/console/clerks?office=${bakuDesk.officeId}`);
  await expect(page.getByTestId('page-error')).toHaveText(say('az', 'errors.CONSOLE_FORBIDDEN'));
  // A central-only page by its address: back to the desks.
  await page.goto(`${base()}/console/accounts`);
  await expect(page).toHaveURL(/\/console\/desks$/);
  // The offices page has no add form for a manager.
  await page.getByTestId('nav-offices').click();
  await expect(page.getByTestId(`office-${OFFICES.ganja}`)).toBeVisible();
  await expect(page.getByTestId('office-form')).toHaveCount(0);
});

test('offices: add one with its type, rename it and change its type', async ({ page }) => {
  await central(page, '/console/offices');
  await page.getByTestId('input-officeName').fill('Sumqayıt ASXM');
  await page.getByTestId('input-officeType').selectOption('post');
  await page.getByTestId('office-add').click();
  await expect(page.getByTestId('notice')).toHaveText(say('az', 'offices.added', { name: 'Sumqayıt ASXM' }));
  const row = page.getByTestId('office-Sumqayıt ASXM');
  await expect(row).toContainText(say('az', 'offices.types.post'));
  await row.getByTestId('office-edit').click();
  await page.getByTestId('input-editName').fill('Sumqayıt ASXM-2');
  await page.getByTestId('input-editType').selectOption('asxm');
  await page.getByTestId('dialog-confirm').click();
  await expect(page.getByTestId('office-Sumqayıt ASXM-2')).toContainText(say('az', 'offices.types.asxm'));
  // The same name twice is refused in words.
  await page.getByTestId('input-officeName').fill(OFFICES.baku);
  await page.getByTestId('office-add').click();
  await expect(page.getByTestId('form-error')).toHaveText(say('az', 'errors.CONFLICT'));
});

test('enrolment codes: a code is made with its QR code, then expired', async ({ page }) => {
  await central(page, '/console/codes');
  await page.getByTestId('input-codeOffice').selectOption({ label: OFFICES.ganja });
  await page.getByTestId('input-ttlHours').fill('24');
  await page.getByTestId('code-make').click();
  await expect(page.getByTestId('made-code-value')).toHaveText(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  await expect(page.getByTestId('made-code-server')).toHaveText(base());
  await expect(page.getByTestId('made-code-qr').locator('svg path').first()).toBeVisible();
  await expect(page.getByTestId('made-code')).toContainText(say('az', 'codes.onlyOnce'));
  await shot(page, 'codes-made-az');
  const active = page.locator('[data-testid^="code-"]').filter({ has: page.getByTestId('code-expire') });
  const before = await active.count();
  expect(before).toBeGreaterThan(0);
  await active.first().getByTestId('code-expire').click();
  await expect(page.getByTestId('dialog-cancel')).toBeFocused();
  await page.getByTestId('dialog-confirm').click();
  await expect(page.getByTestId('notice')).toHaveText(say('az', 'codes.expired'));
  await expect(active).toHaveCount(before - 1);
  await expect(page.getByTestId('code-state').filter({ hasText: say('az', 'codes.states.expired') }).first()).toBeVisible();
});

test('clerks: a clerk is added, their password reset, then deactivated', async ({ page }) => {
  await central(page, `/console/clerks?office=${ganjaDesk.officeId}`);
  await page.getByTestId('input-clerkDisplayName').fill('Nərmin Qasımova');
  await page.getByTestId('input-clerkUsername').fill('nermin');
  await page.getByTestId('input-clerkPassword').fill('short');
  await page.getByTestId('clerk-add').click();
  await expect(page.getByTestId('error-clerkPassword')).toHaveText(say('az', 'validation.tooShort', { n: 8 }));
  await page.getByTestId('input-clerkPassword').fill('nermin-pass-1');
  await page.getByTestId('clerk-add').click();
  await expect(page.getByTestId('form-notice')).toHaveText(say('az', 'clerks.added', { name: 'Nərmin Qasımova' }));
  const row = page.getByTestId('clerk-nermin');
  await expect(row).toContainText(OFFICES.ganja);
  await row.getByTestId('clerk-reset').click();
  await expect(page.getByTestId('input-clerkNewPassword')).toBeFocused();
  await page.keyboard.type('nermin-pass-2');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('notice')).toHaveText(say('az', 'clerks.resetDone', { name: 'Nərmin Qasımova' }));
  await row.getByTestId('clerk-deactivate').click();
  await page.getByTestId('dialog-confirm').click();
  await expect(row.getByTestId('clerk-state')).toHaveText(say('az', 'clerks.inactive'));
  await row.getByTestId('clerk-reactivate').click();
  await expect(row.getByTestId('clerk-state')).toHaveText(say('az', 'clerks.active'));
  await expect(page.getByTestId('notice')).toHaveText(say('az', 'clerks.reactivated', { name: 'Nərmin Qasımova' }));
});

test('desks: a desk is revoked with a reason, and the server refuses its next pull', async ({ page }) => {
  await central(page, '/console/desks');
  const row = page.getByTestId(`desk-${otherBakuDesk.name}`);
  await row.getByTestId('desk-revoke').click();
  // No reason, no revoke.
  await page.getByTestId('dialog-confirm').click();
  await expect(page.getByTestId('error-revokeReason')).toHaveText(say('az', 'validation.required'));
  await page.getByTestId('input-revokeReason').fill('Noutbuk oğurlanıb');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('notice')).toHaveText(say('az', 'desks.revokedDone', { name: otherBakuDesk.name }));
  await expect(row.getByTestId('desk-revoked')).toBeVisible();
  await expect(row).toContainText('Noutbuk oğurlanıb');
  await expect(otherBakuDesk.client.pull()).rejects.toMatchObject({ code: 'DESK_REVOKED' } satisfies Partial<SyncHttpError>);
});

test('reference data: a new version of a dated fee row, and which desks have the table', async ({ page }) => {
  await central(page, '/console/reference');
  await expect(page.getByTestId('reference-fees')).toBeVisible();
  await page.getByTestId('open-fees').click();
  const rows = page.locator('[data-testid^="row-"]');
  await expect(page.getByTestId('new-version').first()).toBeVisible();
  const before = await rows.count();
  await page.getByTestId('new-version').first().click();
  await expect(page.getByTestId('input-validFrom')).toBeFocused();
  await page.getByTestId('input-validFrom').fill('01.01.2031');
  await page.getByTestId('dialog-confirm').click();
  await expect(page.getByTestId('notice')).toHaveText(say('az', 'reference.saved'));
  await expect(rows).toHaveCount(before + 1);
  await expect(page.getByTestId('reference-rows')).toContainText('01.01.2031');
  await expect(page.getByTestId('reference-desks')).toContainText(bakuDesk.name);
});

test('conflicts: both sides shown, resolved with a note, the resolver named', async ({ page }) => {
  await central(page, '/console/conflicts');
  const card = page.locator('[data-testid^="conflict-"]').filter({ has: page.getByTestId('desk-side') }).first();
  await expect(card.getByTestId('desk-side')).toContainText(IMEI);
  await expect(card).toContainText(otherBakuDesk.name);
  await card.getByTestId('conflict-reject').click();
  await page.getByTestId('dialog-confirm').click();
  await expect(page.getByTestId('error-conflictNote')).toHaveText(say('az', 'validation.required'));
  await page.getByTestId('input-conflictNote').fill('İMEİ əvvəlcə Masa 1-də qeydiyyata alınıb');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('notice')).toHaveText(say('az', 'conflicts.resolved'));
  await expect(card.getByTestId('conflict-resolved')).toContainText(ACCOUNTS.central.username);
  await expect(card.getByTestId('conflict-status')).toHaveText(say('az', 'conflicts.statuses.rejected'));
});

test('reports: the figures shown, and the CSV downloaded with the same filters', async ({ page }) => {
  await central(page, '/console/reports');
  await page.getByTestId('by-desk').check();
  await page.getByTestId('report-show').click();
  await expect(page.getByTestId('report-totals')).toBeVisible();
  await expect(page.getByTestId('report-group').first()).toContainText(OFFICES.baku);
  const download = page.waitForEvent('download');
  await page.getByTestId('report-csv').click();
  const file = await (await download).path();
  const text = readFileSync(file, 'utf8');
  expect(text.split('\r\n')[0]).toBe('office,desk,clerk,day,figure,item,detail,supervisor,count,amount_minor,amount_azn');
  expect(text).toContain(OFFICES.baku);
});

test('customers: a central administrator finds a customer by FIN', async ({ page }) => {
  await central(page, '/console/customers');
  await expect(page.getByTestId('input-customerValue')).toBeFocused();
  await page.keyboard.type(FIN);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('customer-name')).toContainText('QULIYEVA SEVİNC');
  await expect(page.getByTestId('customer-activity')).toContainText(OFFICES.baku);
  await page.getByTestId('input-customerValue').fill('1ABCDE9');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('customer-none')).toHaveText(say('az', 'customers.notFound'));
});

test('a session that ended sends the user to sign in, then back to where they were', async ({ page, context }) => {
  await central(page, '/console/conflicts?status=all');
  await context.clearCookies();
  // The reports page asks the server for the offices as it opens: the server says the session ended.
  await page.getByTestId('nav-reports').click();
  await expect(page.getByTestId('session-ended')).toHaveText(say('az', 'signIn.ended'));
  await page.getByTestId('input-username').fill(ACCOUNTS.central.username);
  await page.getByTestId('input-password').fill(ACCOUNTS.central.password);
  await page.getByTestId('sign-in-submit').click();
  await expect(page).toHaveURL(/\/console\/reports$/);
});

test('the language is remembered per account, and the main pages in az, en and ru', async ({ page }) => {
  test.setTimeout(120_000);
  await central(page, '/console/desks');
  for (const lang of ['en', 'ru', 'az'] as Language[]) {
    await chooseLanguage(page, lang);
    for (const [name, path] of [['desks', '/desks'], ['offices', '/offices'], ['codes', '/codes'], ['clerks', '/clerks'], ['reference', '/reference/fees'], ['conflicts', '/conflicts?status=all'], ['reports', '/reports'], ['customers', '/customers'], ['accounts', '/accounts'], ['audit', '/audit']] as const) {
      await page.goto(`${base()}/console${path}`);
      await expect(page.locator('h1')).toBeVisible();
      if (name === 'reports') {
        await page.getByTestId('report-show').click();
        await expect(page.getByTestId('report-totals')).toBeVisible();
      }
      if (name === 'customers') {
        await page.getByTestId('input-customerValue').fill(FIN);
        await page.keyboard.press('Enter');
        await expect(page.getByTestId('customer-name')).toBeVisible();
      }
      if (name === 'audit') await expect(page.getByTestId('audit-chain')).toHaveText(say(lang, 'audit.intact'));
      await expect(page.locator('h1')).toHaveText(say(lang, name === 'reference' ? 'refTables.fees' : `${name === 'codes' ? 'codes' : name}.title`));
      await shot(page, `${name}-${lang}`);
    }
    // Signed out and in again: the account kept the language.
    if (lang === 'ru') {
      await page.getByTestId('sign-out').click();
      await page.evaluate(() => localStorage.clear());
      await central(page, '/console/desks');
      await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
      await expect(page.locator('h1')).toHaveText(say('ru', 'desks.title'));
    }
  }
});
