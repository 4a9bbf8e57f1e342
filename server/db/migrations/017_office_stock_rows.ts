// The office's stock as central rows (issue 12, deliver 3 follow-up; common/sync/office-stock.ts, docs/flows.md
// "Stock"): from now on server/store/stock.ts publishes every received movement as an `office_stock_ranges` row and
// every item that left the shelf as an `office_stock_items` row, for the office's other desks to pull. The stock
// received and moved before this migration gets its rows here, from the applied `stock.move` ops, so desks pick it
// up at their next pull; versions follow the clock in milliseconds like every central row's (store/changes.ts).
export default {
  version: 17,
  name: 'office_stock_rows',
  up: `
INSERT INTO central_rows (table_name, key, office_id, version, deleted, row)
  SELECT 'office_stock_ranges', o.payload->>'movementId', o.office_id, (extract(epoch from clock_timestamp()) * 1000)::bigint, false,
         jsonb_build_object('movementId', o.payload->>'movementId', 'itemType', o.payload->>'itemType', 'codes', o.payload->'codes',
                            'clerkId', o.payload->>'clerkId', 'deskId', o.desk_id, 'at', o.payload->>'at')
  FROM ops o
  WHERE o.kind = 'stock.move' AND o.status = 'applied' AND o.payload->>'movement' = 'received'
  ON CONFLICT (table_name, key) DO NOTHING;
INSERT INTO central_rows (table_name, key, office_id, version, deleted, row)
  SELECT 'office_stock_items', i.item_type || ':' || i.code, m.office_id, (extract(epoch from clock_timestamp()) * 1000)::bigint, false,
         jsonb_build_object('itemType', i.item_type, 'code', i.code, 'status', i.status, 'movementId', m.payload->>'movementId',
                            'operationId', m.payload->>'operationId', 'clerkId', m.payload->>'clerkId', 'deskId', m.desk_id, 'at', m.payload->>'at')
  FROM stock_items i
  CROSS JOIN LATERAL (
    SELECT o.office_id, o.desk_id, o.payload FROM ops o
    WHERE o.kind = 'stock.move' AND o.status = 'applied' AND o.payload->>'movement' = i.status AND o.payload->>'itemType' = i.item_type
      AND o.payload->'codes' ? i.code
    ORDER BY o.created_at DESC LIMIT 1
  ) m
  WHERE i.status <> 'in_stock'
  ON CONFLICT (table_name, key) DO NOTHING;
INSERT INTO changes (table_name, key, office_id, op, version, row)
  SELECT table_name, key, office_id, 'upsert', version, row FROM central_rows WHERE table_name IN ('office_stock_ranges', 'office_stock_items');
`,
};
