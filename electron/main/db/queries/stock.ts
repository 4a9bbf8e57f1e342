// The office's stock at this desk (migration 024): items by ICCID or serial, their movements, and counts at close.
import type { ReadableDb, WritableDb } from '../database';
import type { StockItemType, StockMovement, StockStatus } from '../../../../common/domain/stock';

export interface StockItemRow {
  item_type: StockItemType;
  code: string;
  status: StockStatus;
  received_at: string;
  received_by: string;
  updated_at: string;
  operation_id: string | null;
}

export interface StockMovementRow {
  id: string;
  item_type: StockItemType;
  code: string;
  movement: StockMovement;
  clerk_id: string;
  at: string;
  operation_id: string | null;
  reason: string | null;
}

/** Which of `codes` are already in the stock (any status). */
export function existingStockCodes(db: ReadableDb, itemType: StockItemType, codes: readonly string[]): string[] {
  const rows = db.prepare('SELECT code FROM stock_items WHERE item_type = ? AND code IN (SELECT value FROM json_each(?))').all(itemType, JSON.stringify(codes)) as { code: string }[];
  return rows.map((r) => r.code).sort();
}

export function insertStockItems(tx: WritableDb, itemType: StockItemType, codes: readonly string[], at: string, clerkId: string): void {
  tx.prepare(
    `INSERT INTO stock_items (item_type, code, status, received_at, received_by, updated_at)
     SELECT ?, value, 'in_stock', ?, ?, ? FROM json_each(?)`,
  ).run(itemType, at, clerkId, at, JSON.stringify(codes));
}

export function findStockItem(db: ReadableDb, itemType: StockItemType, code: string): StockItemRow | null {
  return (db.prepare('SELECT * FROM stock_items WHERE item_type = ? AND code = ?').get(itemType, code) as StockItemRow | undefined) ?? null;
}

/** Sets the status of items currently `from`; returns how many changed. */
export function setStockStatus(tx: WritableDb, itemType: StockItemType, codes: readonly string[], from: StockStatus, to: StockStatus, at: string, operationId: string | null): number {
  return tx
    .prepare(
      `UPDATE stock_items SET status = ?, updated_at = ?, operation_id = coalesce(?, operation_id)
       WHERE item_type = ? AND status = ? AND code IN (SELECT value FROM json_each(?))`,
    )
    .run(to, at, operationId, itemType, from, JSON.stringify(codes)).changes;
}

export function insertStockMovements(tx: WritableDb, m: Omit<StockMovementRow, 'code'>, codes: readonly string[]): void {
  tx.prepare(
    `INSERT INTO stock_movements (id, item_type, code, movement, clerk_id, at, operation_id, reason)
     SELECT @id, @item_type, value, @movement, @clerk_id, @at, @operation_id, @reason FROM json_each(@codes)`,
  ).run({ ...m, codes: JSON.stringify(codes) });
}

/** Whether the office keeps a stock of this item type at all (anything ever received). */
export function hasStockOf(db: ReadableDb, itemType: StockItemType): boolean {
  return db.prepare('SELECT 1 FROM stock_items WHERE item_type = ? LIMIT 1').get(itemType) !== undefined;
}

export function stockStatusCounts(db: ReadableDb): { itemType: StockItemType; status: StockStatus; n: number }[] {
  return db.prepare('SELECT item_type AS itemType, status, count(*) AS n FROM stock_items GROUP BY item_type, status').all() as { itemType: StockItemType; status: StockStatus; n: number }[];
}

/** Items whose code contains `fragment` (an ICCID or serial, or part of one), newest change first. */
export function searchStockItems(db: ReadableDb, fragment: string, limit: number): StockItemRow[] {
  return db.prepare("SELECT * FROM stock_items WHERE code LIKE '%' || ? || '%' ORDER BY updated_at DESC, code LIMIT ?").all(fragment, limit) as StockItemRow[];
}

/** The latest movements, one line per movement (its items counted, the first and last code named). */
export function recentStockMovements(db: ReadableDb, limit: number): { id: string; itemType: StockItemType; movement: StockMovement; clerkId: string; at: string; count: number; first: string; last: string; reason: string | null }[] {
  return db
    .prepare(
      `SELECT id, item_type AS itemType, movement, clerk_id AS clerkId, at, count(*) AS count, min(code) AS first, max(code) AS last, max(reason) AS reason
       FROM stock_movements GROUP BY id, item_type, movement, clerk_id, at ORDER BY at DESC LIMIT ?`,
    )
    .all(limit) as { id: string; itemType: StockItemType; movement: StockMovement; clerkId: string; at: string; count: number; first: string; last: string; reason: string | null }[];
}

export function movementsOfCode(db: ReadableDb, itemType: StockItemType, code: string): StockMovementRow[] {
  return db.prepare('SELECT * FROM stock_movements WHERE item_type = ? AND code = ? ORDER BY at').all(itemType, code) as StockMovementRow[];
}

export function insertStockCount(tx: WritableDb, c: { id: string; shift_id: string | null; clerk_id: string; at: string; lines_json: string }): void {
  tx.prepare('INSERT INTO stock_counts (id, shift_id, clerk_id, at, lines_json) VALUES (@id, @shift_id, @clerk_id, @at, @lines_json)').run(c);
}
