import type { Migration } from './index';

// Payments, voids and refunds (issue 12). A visit is paid once for its unpaid chargeable lines: one `payments` row
// (kind 'payment') with its lines. A same-day void of an operation is an `operation_voids` row; when the line had
// been paid, a refund is a `payments` row of kind 'refund' with a negative line, by the method it was paid by. So
// "cash taken by a clerk in a period" is one sum over payments (queries/payments.ts `cashTakenByClerk`).
// Operations keep their status column: a void is its own row (the operation stays as it was done, for the audit).
export const migration022: Migration = {
  version: 22,
  name: 'flows: payments, voids and refunds',
  up: `
    CREATE TABLE payments (
      id            TEXT PRIMARY KEY,
      visit_id      TEXT NOT NULL REFERENCES visits(id),
      kind          TEXT NOT NULL CHECK (kind IN ('payment', 'refund')),
      method        TEXT NOT NULL CHECK (method IN ('cash', 'card', 'free')),
      free_reason   TEXT,                          -- a free_reasons code when method = 'free'
      amount_minor  INTEGER NOT NULL,              -- taken in (> 0), 0 when waived, paid back (< 0) for a refund
      clerk_id      TEXT NOT NULL REFERENCES clerks(id),
      created_at    TEXT NOT NULL,
      local_date    TEXT NOT NULL,
      CHECK ((method = 'free') = (free_reason IS NOT NULL))
    );
    CREATE INDEX payments_by_visit ON payments (visit_id, created_at);
    CREATE INDEX payments_by_clerk ON payments (clerk_id, created_at);

    CREATE TABLE payment_lines (
      payment_id    TEXT NOT NULL REFERENCES payments(id),
      operation_id  TEXT NOT NULL REFERENCES operations(id),
      amount_minor  INTEGER NOT NULL,              -- the line's fee; negative on a refund
      PRIMARY KEY (payment_id, operation_id)
    );
    CREATE INDEX payment_lines_by_operation ON payment_lines (operation_id);

    CREATE TABLE operation_voids (
      operation_id       TEXT PRIMARY KEY REFERENCES operations(id),
      id                 TEXT NOT NULL UNIQUE,     -- the op.void record's id (its outbox entry)
      reason             TEXT NOT NULL,
      approval_json      TEXT NOT NULL,
      refund_payment_id  TEXT REFERENCES payments(id),
      clerk_id           TEXT NOT NULL REFERENCES clerks(id),
      created_at         TEXT NOT NULL
    );
  `,
};
