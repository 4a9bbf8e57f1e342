// Stock (issue 12, deliver 3): the offices' blank Asan İmza SIMs (by ICCID) and e-İmza tokens (by serial), from the
// desks' `stock.move` records. One row per item across all offices — an ICCID or serial is issued to one customer
// once, wherever it is issued (a second issue is the conflict iccid_already_issued / token_already_issued). An item
// issued at an office that never received it still gets its row (office_id: where it was issued). The movements
// themselves are the ops rows; the counts at close are in shifts.stock_count and the stock.count ops.
export default {
  version: 15,
  name: 'stock',
  up: `
CREATE TABLE stock_items (
  item_type         text NOT NULL CHECK (item_type IN ('sim', 'token')),
  code              text NOT NULL,
  office_id         uuid NOT NULL REFERENCES offices(id),
  status            text NOT NULL CHECK (status IN ('in_stock', 'issued', 'damaged', 'returned')),
  received_op_id    uuid,
  issued_op_id      uuid,
  issued_operation_id uuid,
  issued_desk_id    uuid,
  issued_at         timestamptz,
  updated_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (item_type, code)
);
CREATE INDEX stock_items_by_office ON stock_items (office_id, item_type, status);
`,
};
