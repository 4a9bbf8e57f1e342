// Reference data for supervisors: an overlapping period of the same code refused in its cell, then an edited fee
// saved as a new version and still there after a reload (and signing in again); rows named by what they are,
// amounts in AZN, shipped notes in the clerk's language.
import type { Page } from '@playwright/test';
import { test, expect } from './support/fixtures';
import { shot } from './support/flows-host';
import { signIn } from './support/host';

/** The row index of the fee `code` (rows come in the table's stored order). */
async function rowOf(page: Page, code: string): Promise<number> {
  const codes = await page.locator('[data-testid$="-code"]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
  expect(codes).toContain(code);
  return codes.indexOf(code);
}

async function openFees(page: Page): Promise<void> {
  await page.getByTestId('nav-reference').click();
  await expect(page.getByTestId('reference-form')).toBeVisible();
  await page.getByTestId('reference-table').selectOption('fees');
  await expect(page.getByTestId('ref-row-0')).toBeVisible();
}

test('supervisor edits a table; overlaps are refused in the cell; saved as a new version', async ({ page }) => {
  await openFees(page);
  const before = await page.getByTestId('reference-meta').textContent();

  // A second row with the same code and an overlapping period: refused next to the cell.
  const code = await page.getByTestId('ref-0-code').inputValue();
  await page.getByTestId('reference-add').click();
  const rows = await page.locator('[data-testid^="ref-row-"]').count();
  const last = rows - 1;
  await page.getByTestId(`ref-${last}-code`).fill(code);
  await page.getByTestId(`ref-${last}-validFrom`).fill('2020-01-01');
  await page.getByTestId(`ref-${last}-amountMinor`).fill('9');
  await page.getByTestId('reference-save').click();
  await expect(page.locator('[data-testid^="ref-error-"]').first()).toBeVisible();
  await shot(page, 'reference-01-overlap');

  // Remove it and change the SIM duplicate's amount instead: saved, version goes up.
  await page.getByTestId(`ref-row-${last}`).getByRole('button').click();
  // Amounts in AZN, a comma decimal as clerks type it; the row names its operation, the code stays secondary.
  const dup = await rowOf(page, 'sim.duplicate');
  await expect(page.getByTestId(`ref-label-${dup}`)).toHaveText('SIM duplicate');
  await expect(page.getByTestId(`ref-${dup}-amountMinor`)).toHaveValue('7.00');
  await page.getByTestId(`ref-${dup}-amountMinor`).fill('9,50');
  await page.getByTestId('reference-save').click();
  await expect(page.getByTestId('reference-saved')).toBeVisible();
  await expect(page.getByTestId('reference-meta')).not.toHaveText(before!);
  // A reload is a new connection to the browser host, and each connection has its own session: sign in again.
  await page.reload();
  await signIn(page);
  await page.getByTestId('reference-table').selectOption('fees');
  await expect(page.getByTestId(`ref-${await rowOf(page, 'sim.duplicate')}-amountMinor`)).toHaveValue('9.50');
  await shot(page, 'reference-02-saved');
});

test('the notes shipped with the defaults are shown in the clerk’s language while unchanged', async ({ page }) => {
  await page.getByTestId('language').selectOption('az');
  await openFees(page);
  const dup = await rowOf(page, 'sim.duplicate');
  // The first sim.duplicate row (fees version 3) is the fallback for operators without a row of their own.
  await expect(page.getByTestId(`ref-${dup}-note`)).toHaveValue(
    'Öz sətri olmayan hər operator və ofis növü bilinməyən masalar üçün: Bakcell-in 7 AZN-i (dərc olunmuş yeganə məbləğ); Azercell, Nar və Naxtel qiymətlərini operatoru göstərilmiş sətirlər kimi daxil edin',
  );
  await expect(page.getByTestId(`ref-label-${dup}`)).toHaveText('SIM dublikatı');
  await shot(page, 'reference-03-az-notes');
});
