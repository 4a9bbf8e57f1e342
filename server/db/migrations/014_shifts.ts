// Shifts (issue 12, deliver 2): a clerk's till at a desk, from the `shift.open` record (the counted float) to
// `shift.close` (cash taken and refunded, expected, counted, the difference, its reason and the approving
// supervisor). The reports (per office, desk, clerk and day: shift differences) read this table. A close may arrive
// before or with its open in one batch, so both upsert the same row (server/store/shifts.ts).
export default {
  version: 14,
  name: 'shifts',
  up: `
CREATE TABLE shifts (
  shift_id             uuid PRIMARY KEY,
  office_id            uuid NOT NULL REFERENCES offices(id),
  desk_id              uuid NOT NULL REFERENCES desks(id),
  clerk_id             text NOT NULL,
  opened_at            timestamptz NOT NULL,
  opening_float_minor  integer NOT NULL,
  closed_at            timestamptz,
  cash_taken_minor     integer,
  cash_refunded_minor  integer,
  expected_minor       integer,
  counted_minor        integer,
  difference_minor     integer,
  reason               text,
  approval             jsonb,
  approved_by          text,
  takings              jsonb,
  operation_count      integer,
  void_count           integer,
  stock_count          jsonb,
  open_op_id           uuid,
  close_op_id          uuid
);
CREATE INDEX shifts_by_office_day ON shifts (office_id, opened_at);
CREATE INDEX shifts_by_desk ON shifts (desk_id, opened_at);
`,
};
