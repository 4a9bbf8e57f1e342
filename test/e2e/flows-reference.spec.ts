// Reference data for supervisors: an overlapping period of the same code refused in its cell, then an edited fee
// saved as a new version and still there after a reload.
import { test, expect } from './support/fixtures';
import { shot } from './support/flows-host';

test('supervisor edits a table; overlaps are refused in the cell; saved as a new version', async ({ page }) => {
  await page.getByTestId('nav-reference').click();
  await expect(page.getByTestId('reference-form')).toBeVisible();
  await page.getByTestId('reference-table').selectOption('fees');
  await expect(page.getByTestId('ref-row-0')).toBeVisible();
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

  // Remove it and change the first row's amount instead: saved, version goes up.
  await page.getByTestId(`ref-row-${last}`).getByRole('button').click();
  // Amounts in AZN, a comma decimal as clerks type it; the row names its operation, the code stays secondary.
  await expect(page.getByTestId('ref-label-0')).toHaveText('SIM duplicate');
  await expect(page.getByTestId('ref-0-amountMinor')).toHaveValue('7.00');
  await page.getByTestId('ref-0-amountMinor').fill('9,50');
  await page.getByTestId('reference-save').click();
  await expect(page.getByTestId('reference-saved')).toBeVisible();
  await expect(page.getByTestId('reference-meta')).not.toHaveText(before!);
  await page.reload();
  await page.getByTestId('reference-table').selectOption('fees');
  await expect(page.getByTestId('ref-0-amountMinor')).toHaveValue('9.50');
  await shot(page, 'reference-02-saved');
});
