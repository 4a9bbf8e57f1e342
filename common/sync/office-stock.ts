// The office's stock as central rows (issue 12, deliver 3 follow-up; docs/flows.md "Office-wide stock"). Stock belongs
// to the office, not to one desk: the server publishes what its desks report so every desk of the office shelves
// the same items. Granularity — a range with exceptions, never a row per received item:
// - `office_stock_ranges`, one row per received movement (key: the stock.move's movementId) naming its codes: a range
//   of 1000 SIMs is one pushed record and one pulled row (~22 kB), not 1000 of either;
// - `office_stock_items`, one row per item whose status left the shelf or came back to it (key 'sim:<iccid>' /
//   'token:<serial>'): issued, damaged, returned, or in_stock again after a voided sale or duplicate. Only the
//   exceptions travel one by one, and there are as many of them as customers served.
// Both are visible to their office only (central_rows.office_id).
import { z } from 'zod';
import { stockItemTypes, stockStatuses } from '../domain/stock';

export const OFFICE_STOCK_RANGES_TABLE = 'office_stock_ranges';
export const OFFICE_STOCK_ITEMS_TABLE = 'office_stock_items';

export const officeStockRangeRow = z.object({
  movementId: z.string(),
  itemType: z.enum(stockItemTypes),
  codes: z.array(z.string()).min(1),
  clerkId: z.string(),
  deskId: z.string(),
  at: z.string(),
});

export const officeStockItemRow = z.object({
  itemType: z.enum(stockItemTypes),
  code: z.string(),
  status: z.enum(stockStatuses),
  /** The stock.move that moved it; null when a void put it back (no movement of its own). */
  movementId: z.string().nullable(),
  /** The SIM sale or duplicate that issued it, or whose void put it back. */
  operationId: z.string().nullable(),
  clerkId: z.string(),
  deskId: z.string(),
  at: z.string(),
});

export type OfficeStockRangeRow = z.output<typeof officeStockRangeRow>;
export type OfficeStockItemRow = z.output<typeof officeStockItemRow>;

export const stockItemKey = (itemType: string, code: string): string => `${itemType}:${code}`;
