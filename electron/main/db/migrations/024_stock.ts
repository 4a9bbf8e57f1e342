import type { Migration } from './index';

// Stock (issue 12, deliver 3): the office's blank Asan İmza SIMs (by ICCID) and e-İmza tokens (by serial) as this
// desk knows them. One row per item with its current status; every change is a movement (received, issued, damaged,
// returned) kept for the Stock page's history and synced as a `stock.move` record. The count at a shift's close is
// kept in stock_counts (and synced as `stock.count`).
export const migration024: Migration = {
  version: 24,
  name: 'flows: stock',
  up: `
    CREATE TABLE stock_items (
      item_type     TEXT NOT NULL CHECK (item_type IN ('sim', 'token')),
      code          TEXT NOT NULL,                -- ICCID or token serial
      status        TEXT NOT NULL CHECK (status IN ('in_stock', 'issued', 'damaged', 'returned')),
      received_at   TEXT NOT NULL,
      received_by   TEXT NOT NULL,
      updated_at    TEXT NOT NULL,
      operation_id  TEXT,                         -- the SIM sale or duplicate that issued it
      PRIMARY KEY (item_type, code)
    );
    CREATE INDEX stock_items_by_status ON stock_items (item_type, status);
    CREATE TABLE stock_movements (
      id            TEXT NOT NULL,                -- the stock.move record's id (one per movement, many items)
      item_type     TEXT NOT NULL,
      code          TEXT NOT NULL,
      movement      TEXT NOT NULL CHECK (movement IN ('received', 'issued', 'damaged', 'returned')),
      clerk_id      TEXT NOT NULL,
      at            TEXT NOT NULL,
      operation_id  TEXT,
      reason        TEXT,
      PRIMARY KEY (id, item_type, code)
    );
    CREATE INDEX stock_movements_by_code ON stock_movements (code, at);
    CREATE INDEX stock_movements_by_at ON stock_movements (at);
    CREATE TABLE stock_counts (
      id            TEXT PRIMARY KEY,
      shift_id      TEXT,
      clerk_id      TEXT NOT NULL,
      at            TEXT NOT NULL,
      lines_json    TEXT NOT NULL
    );
  `,
};
