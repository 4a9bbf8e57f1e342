// The sync area's part of the office-wide stock (docs/flows.md "Office-wide stock"): pulled office_stock_ranges and
// office_stock_items rows go into this desk's stock (db/queries/office-stock.ts). Called from ReferenceService.apply
// inside the transaction that applies a pulled page, after the version check. Invalid rows are skipped, never
// half-applied; a deleted row changes nothing (the server never deletes stock rows).
import type { WritableDb } from '../db/database';
import type { Change } from '../../../common/sync/protocol';
import { OFFICE_STOCK_ITEMS_TABLE, OFFICE_STOCK_RANGES_TABLE, officeStockItemRow, officeStockRangeRow } from '../../../common/sync/office-stock';
import { setPulledItemStatus, shelvePulledRange } from '../db/queries/office-stock';

/** true when the change was an office stock row (applied or skipped). */
export function applyOfficeStock(tx: WritableDb, change: Change): boolean {
  if (change.table === OFFICE_STOCK_RANGES_TABLE) {
    const r = change.op === 'upsert' ? officeStockRangeRow.safeParse(change.row) : null;
    if (r?.success) shelvePulledRange(tx, r.data);
    return true;
  }
  if (change.table === OFFICE_STOCK_ITEMS_TABLE) {
    const r = change.op === 'upsert' ? officeStockItemRow.safeParse(change.row) : null;
    if (r?.success) setPulledItemStatus(tx, r.data);
    return true;
  }
  return false;
}
