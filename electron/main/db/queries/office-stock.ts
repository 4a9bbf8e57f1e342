// The office's stock pulled from the server (common/sync/office-stock.ts) merged into this desk's stock_items, so
// the Stock page and a SIM sale's "in stock?" check see what the office's other desks received and issued — also
// offline, once pulled. The desk's own movements stay in stock_movements; pulled ones are added under the same
// movement id, so a desk's own movements come back as no-ops.
import type { WritableDb } from '../database';
import type { OfficeStockItemRow, OfficeStockRangeRow } from '../../../../common/sync/office-stock';

/** A range received at some desk of the office: its items on the shelf here, unless this desk knows them already. */
export function shelvePulledRange(tx: WritableDb, r: OfficeStockRangeRow): void {
  const codes = JSON.stringify(r.codes);
  tx.prepare(
    `INSERT INTO stock_items (item_type, code, status, received_at, received_by, updated_at)
     SELECT ?, value, 'in_stock', ?, ?, ? FROM json_each(?) WHERE true
     ON CONFLICT (item_type, code) DO NOTHING`,
  ).run(r.itemType, r.at, r.clerkId, r.at, codes);
  tx.prepare(
    `INSERT INTO stock_movements (id, item_type, code, movement, clerk_id, at, operation_id, reason)
     SELECT ?, ?, value, 'received', ?, ?, NULL, NULL FROM json_each(?) WHERE true
     ON CONFLICT (id, item_type, code) DO NOTHING`,
  ).run(r.movementId, r.itemType, r.clerkId, r.at, codes);
}

/**
 * An item's status as the office last reported it. The later change wins (by time): a pulled issue older than this
 * desk's own later change (a void that put the SIM back, a second sale) does not undo it.
 */
export function setPulledItemStatus(tx: WritableDb, r: OfficeStockItemRow): void {
  tx.prepare(
    `INSERT INTO stock_items (item_type, code, status, received_at, received_by, updated_at, operation_id)
     VALUES (@itemType, @code, @status, @at, @clerkId, @at, @issuedBy)
     ON CONFLICT (item_type, code) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at, operation_id = excluded.operation_id
     WHERE stock_items.updated_at <= excluded.updated_at`,
  ).run({ ...r, issuedBy: r.status === 'issued' ? r.operationId : null });
  if (r.movementId && r.status !== 'in_stock') {
    tx.prepare(
      `INSERT INTO stock_movements (id, item_type, code, movement, clerk_id, at, operation_id, reason)
       VALUES (@movementId, @itemType, @code, @status, @clerkId, @at, @operationId, NULL)
       ON CONFLICT (id, item_type, code) DO NOTHING`,
    ).run(r);
  }
}

/** A voided SIM sale or duplicate: the SIM it issued is on the shelf again (only if this operation issued it here). */
export function restockVoidedSim(tx: WritableDb, iccid: string, operationId: string, at: string): void {
  tx.prepare(`UPDATE stock_items SET status = 'in_stock', operation_id = NULL, updated_at = ? WHERE item_type = 'sim' AND code = ? AND status = 'issued' AND operation_id = ?`).run(
    at,
    iccid,
    operationId,
  );
}
