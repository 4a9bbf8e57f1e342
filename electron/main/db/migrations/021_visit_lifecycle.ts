import type { Migration } from './index';

// Visits close (by the clerk, after the receipt, or lazily at the end of their local day) or are cancelled when
// empty; 'completed' is the closed state the first migration already allowed. The print counter tells a
// receipt's first print from a reprint (a "Copy").
export const migration021: Migration = {
  version: 21,
  name: 'flows: visit closing, cancelling and receipt print counter',
  up: `
    ALTER TABLE visits ADD COLUMN closed_at TEXT;
    ALTER TABLE visits ADD COLUMN close_reason TEXT CHECK (close_reason IN ('clerk', 'receipt', 'end-of-day', 'cancelled'));
    ALTER TABLE visits ADD COLUMN print_count INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX visits_open_by_date ON visits (status, local_date);
  `,
};
