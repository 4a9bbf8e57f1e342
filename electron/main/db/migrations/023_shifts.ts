import type { Migration } from './index';

// Shifts (issue 12, deliver 2): a clerk's till from the counted opening float to the counted close. One open shift
// per clerk at this desk (the partial unique index). The close keeps what the clerk was shown — expected, counted,
// the difference — and, for a non-zero difference, the reason and the supervisor's approval; the totals themselves
// are sums over `payments` in [opened_at, closed_at) (queries/payments.ts), so they are not stored twice.
export const migration023: Migration = {
  version: 23,
  name: 'flows: shifts',
  up: `
    CREATE TABLE shifts (
      id                   TEXT PRIMARY KEY,       -- UUIDv7; also the shift.open record's id
      clerk_id             TEXT NOT NULL REFERENCES clerks(id),
      opened_at            TEXT NOT NULL,
      opening_float_minor  INTEGER NOT NULL CHECK (opening_float_minor >= 0),
      closed_at            TEXT,
      close_id             TEXT UNIQUE,            -- the shift.close record's id
      expected_minor       INTEGER,
      counted_minor        INTEGER,
      difference_minor     INTEGER,
      reason               TEXT,
      approval_json        TEXT,
      stock_count_json     TEXT,
      CHECK ((closed_at IS NULL) = (counted_minor IS NULL))
    );
    CREATE UNIQUE INDEX shifts_one_open_per_clerk ON shifts (clerk_id) WHERE closed_at IS NULL;
    CREATE INDEX shifts_by_clerk ON shifts (clerk_id, opened_at);
  `,
};
