// The central office console (issue 13), the rest of it against its own `masa-server start --http` (console.spec.ts
// has the main pages): a central administrator changing which offices a manager has, your own password changed from
// the header, lists that stay current by themselves (a code turning "used" as a desk enrols, a new desk, a new
// conflict — without wiping what is being typed), and the report's desk and clerk pick-lists.
import { expect, test, type Page } from '@playwright/test';
import { SyncClient } from '../../common/sync/client';
import { uuidv7 } from '../../common/ids';
import { LIVE_EVERY_MS, LIVE_MIN_GAP_MS } from '../../console/src/live';
import { ACCOUNTS, IMEI, OFFICES, chooseLanguage, consoleWorld, enrol, op, say, shot, signIn, type Desk } from './support/console';
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

test('a manager’s offices: the central administrator ticks them in a dialog, and the manager then has them', async ({ page, browser }) => {
  await central(page, '/console/accounts');
  const row = page.getByTestId(`account-${ACCOUNTS.locked.username}`);
  await row.getByTestId('account-offices').click();
  await expect(page.getByTestId('dialog')).toHaveAttribute('aria-label', say('az', 'accounts.officesTitle', { name: ACCOUNTS.locked.name }));
  await expect(page.getByTestId(`placed-office-${OFFICES.ganja}`)).toBeChecked();
  await expect(page.getByTestId(`placed-office-${OFFICES.baku}`)).not.toBeChecked();
  // No office at all is refused before anything is sent.
  await page.getByTestId(`placed-office-${OFFICES.ganja}`).uncheck();
  await page.getByTestId('dialog-confirm').click();
  await expect(page.getByTestId('error-placedOffices')).toHaveText(say('az', 'validation.offices'));
  await shot(page, 'account-offices-az');
  await page.getByTestId(`placed-office-${OFFICES.baku}`).check();
  await page.getByTestId(`placed-office-${OFFICES.ganja}`).check();
  await page.getByTestId('dialog-confirm').click();
  await expect(page.getByTestId('dialog')).toHaveCount(0);
  await expect(page.getByTestId('notice')).toHaveText(say('az', 'accounts.officesDone', { name: ACCOUNTS.locked.name, offices: `${OFFICES.baku}, ${OFFICES.ganja}` }));
  await expect(row).toContainText(`${OFFICES.baku}, ${OFFICES.ganja}`);
  // A central administrator's row has no offices to change.
  await expect(page.getByTestId(`account-${ACCOUNTS.central.username}`).getByTestId('account-offices')).toHaveCount(0);
  // The manager now sees both offices' desks.
  const manager = await (await browser.newContext()).newPage();
  await signIn(manager, base(), ACCOUNTS.locked, '/console/desks');
  await expect(manager.getByTestId('office-filter').locator('option')).toHaveText([say('az', 'app.all'), OFFICES.baku, OFFICES.ganja]);
  await expect(manager.getByTestId(`desk-${bakuDesk.name}`)).toBeVisible();
  await manager.context().close();
});

test('your own password: refusals in words, then changed — your other browser is signed out, the new one signs in', async ({ page, browser }) => {
  const who = ACCOUNTS.locked;
  const next = 'lala-new-pass-2027';
  const other = await (await browser.newContext()).newPage();
  await signIn(other, base(), who, '/console/desks');
  await signIn(page, base(), who, '/console/desks');
  await chooseLanguage(page, 'ru');
  await page.getByTestId('change-password').click();
  await expect(page.getByTestId('dialog')).toHaveAttribute('aria-label', say('ru', 'password.title'));
  await expect(page.getByTestId('input-ownCurrent')).toBeFocused();
  // Typed as a person types: Enter moves on, and from the last field asks.
  for (const text of ['not-my-password', next, `${next}!`]) {
    await page.keyboard.type(text);
    await page.keyboard.press('Enter');
  }
  await expect(page.getByTestId('error-ownRepeat')).toHaveText(say('ru', 'password.mismatch'));
  await page.getByTestId('input-ownRepeat').fill(next);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('dialog-error')).toHaveText(say('ru', 'password.wrongCurrent'));
  await expect(page.getByTestId('input-ownCurrent')).toHaveValue('');
  await expect(page.getByTestId('input-ownCurrent')).toBeFocused();
  await shot(page, 'password-wrong-ru');
  await page.keyboard.type(who.password);
  await page.getByTestId('input-ownNext').fill('short');
  await page.getByTestId('input-ownRepeat').fill('short');
  await page.getByTestId('dialog-confirm').click();
  await expect(page.getByTestId('error-ownNext')).toHaveText(say('ru', 'validation.tooShort', { n: 10 }));
  await page.getByTestId('input-ownNext').fill(next);
  await page.getByTestId('input-ownRepeat').fill(next);
  await page.getByTestId('dialog-confirm').click();
  await expect(page.getByTestId('password-changed')).toHaveText(say('ru', 'password.changed'));
  await expect(page.getByTestId('dialog')).toHaveCount(0);
  await shot(page, 'password-changed-ru');
  // The other browser was signed out; this one was not.
  await other.goto(`${base()}/console/codes`);
  await expect(other.getByTestId('sign-in-form')).toBeVisible();
  await other.context().close();
  await page.getByTestId('nav-codes').click();
  await expect(page.locator('h1')).toHaveText(say('ru', 'codes.title'));
  // Signed out: the old password no longer opens the console, the new one does.
  await page.getByTestId('sign-out').click();
  await page.getByTestId('input-username').fill(who.username);
  await page.getByTestId('input-password').fill(who.password);
  await page.getByTestId('sign-in-submit').click();
  await expect(page.getByTestId('sign-in-error')).toHaveText(say('ru', 'errors.CONSOLE_BAD_CREDENTIALS'));
  await page.getByTestId('input-password').fill(next);
  await page.getByTestId('sign-in-submit').click();
  await expect(page.getByTestId('sign-out')).toBeVisible();
});

test('lists stay current: a code turns "used" as a desk enrols with it, new desks and conflicts appear — nothing typed is lost', async ({ page }) => {
  await page.clock.install();
  await signIn(page, base(), ACCOUNTS.manager, '/console/codes');
  await page.getByTestId('code-make').click();
  const code = (await page.getByTestId('made-code-value').textContent())!.trim();
  const codes = page.getByTestId('codes');
  await expect(codes).not.toContainText('Masa G2');
  // The manager is typing in the form when the desk enrols; 30 s later the list says so, and the form kept the text.
  await page.getByTestId('input-ttlHours').fill('48');
  await new SyncClient(base()).enrol(code, 'Masa G2');
  await page.clock.runFor(LIVE_EVERY_MS);
  await expect(codes.locator('tbody tr').filter({ hasText: 'Masa G2' }).getByTestId('code-state')).toHaveText(say('az', 'codes.states.used'));
  await expect(page.getByTestId('input-ttlHours')).toHaveValue('48');
  await expect(page.getByTestId('made-code-value')).toHaveText(code);

  // Desks: one enrolled meanwhile appears when the window is shown again.
  await page.getByTestId('nav-desks').click();
  await expect(page.getByTestId('desk-Masa G2')).toBeVisible();
  await enrol(server, OFFICES.ganja, 'Masa G3');
  await page.clock.runFor(LIVE_MIN_GAP_MS);
  await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
  await expect(page.getByTestId('desk-Masa G3')).toBeVisible();

  // Conflicts: one the desk pushed appears when the window is focused.
  await page.getByTestId('nav-conflicts').click();
  await expect(page.getByTestId('list')).toHaveText(say('az', 'conflicts.none'));
  const imeiElsewhere = async (seq: number, fin: string) => {
    const r = await ganjaDesk.client.push([op(seq, 'imei.register', { visitId: uuidv7(), fin, imei: IMEI, imei2: null }, `fin:${fin}`)]);
    expect(r.acks.map((a) => a.status)).toEqual(['conflict']);
  };
  await imeiElsewhere(1, '7QW3R5T');
  await page.clock.runFor(LIVE_MIN_GAP_MS);
  await page.evaluate(() => window.dispatchEvent(new Event('focus')));
  const cards = page.locator('[data-testid^="conflict-"]').filter({ has: page.getByTestId('desk-side') });
  await expect(cards).toHaveCount(1);
  await expect(cards).toContainText(ganjaDesk.name);
  // While the resolve dialog is open the list is left alone: no reload starts, and the note being typed stays.
  await cards.getByTestId('conflict-reject').click();
  await page.keyboard.type('İMEİ artıq');
  await imeiElsewhere(2, '4KD8M2P');
  await page.clock.runFor(LIVE_EVERY_MS);
  expect(await page.getByTestId('list').getAttribute('aria-busy')).toBe('false');
  await expect(page.getByTestId('input-conflictNote')).toHaveValue('İMEİ artıq');
  await page.keyboard.type(' Bakıda qeydiyyatdadır');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('notice')).toHaveText(say('az', 'conflicts.resolved'));
  // The next reload brings the second conflict; the one just decided stays on the page, decided.
  await page.clock.runFor(LIVE_EVERY_MS);
  await expect(cards).toHaveCount(2);
  await expect(page.getByTestId('conflict-resolved')).toContainText('İMEİ artıq Bakıda qeydiyyatdadır');
  await expect(cards.filter({ has: page.getByTestId('conflict-reject') })).toHaveCount(1);
});

test('reports: desk and clerk are picked from lists of the chosen office, "all" by default', async ({ page }) => {
  // A clerk of the Gəncə office to pick.
  await central(page, `/console/clerks?office=${ganjaDesk.officeId}`);
  await page.getByTestId('input-clerkDisplayName').fill('Nərmin Qasımova');
  await page.getByTestId('input-clerkUsername').fill('nermin');
  await page.getByTestId('input-clerkPassword').fill('nermin-pass-1');
  await page.getByTestId('clerk-add').click();
  await expect(page.getByTestId('form-notice')).toHaveText(say('az', 'clerks.added', { name: 'Nərmin Qasımova' }));
  await page.getByTestId('nav-reports').click();
  const desk = page.getByTestId('input-reportDesk');
  const clerk = page.getByTestId('input-reportClerk');
  await expect(desk).toHaveValue('');
  await expect(desk.locator('option').first()).toHaveText(say('az', 'app.all'));
  await expect(clerk).toHaveValue('');
  // Every office: each desk named with its office.
  await expect(desk.locator('option', { hasText: `${bakuDesk.name} · ${OFFICES.baku}` })).toHaveCount(1);
  await expect(desk.locator('option', { hasText: `${ganjaDesk.name} · ${OFFICES.ganja}` })).toHaveCount(1);
  await page.getByTestId('input-reportOffice').selectOption({ label: OFFICES.baku });
  await expect(desk.locator('option')).toHaveText([say('az', 'app.all'), bakuDesk.name, otherBakuDesk.name]);
  await expect(clerk.locator('option')).toHaveText([say('az', 'app.all')]);
  await desk.selectOption({ label: bakuDesk.name });
  await page.getByTestId('by-desk').check();
  await page.getByTestId('report-show').click();
  const groups = page.getByTestId('report-group');
  await expect(groups.first()).toContainText(bakuDesk.name);
  for (const g of await groups.all()) await expect(g).not.toContainText(otherBakuDesk.name);
  // Another office: the Bakı desk is not on its list, so "all" again; its clerks are.
  await page.getByTestId('input-reportOffice').selectOption({ label: OFFICES.ganja });
  await expect(desk).toHaveValue('');
  await expect(desk.locator('option', { hasText: bakuDesk.name })).toHaveCount(0);
  // The Bakı figures stay on the page until Show, said to be of other filters.
  await expect(page.getByTestId('report-outdated')).toHaveText(say('az', 'reports.outdated'));
  await expect(clerk.locator('option')).toHaveText([say('az', 'app.all'), 'Nərmin Qasımova (nermin)']);
  await shot(page, 'reports-picked-az');
  await page.getByTestId('report-show').click();
  await expect(page.getByTestId('report-outdated')).toHaveCount(0);
});
