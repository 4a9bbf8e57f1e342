// The server's rules for the stock records (common/operations/stock.ts). `stock.move` received / damaged / returned
// keeps the office's items as the desk reported them; `issued` is the one central decision: an ICCID (or token
// serial) is issued to one customer once, across desks and offices — a second issue is a conflict
// (iccid_already_issued / token_already_issued) shown to the clerk and resolved by a supervisor like the others.
// `stock.count` is stored as it came (the ops row) for the reports.
import { ConflictReason, type SyncOp } from '../../common/sync/protocol';
import type { z } from 'zod';
import type { stockMovePayload } from '../../common/operations/stock';
import type { Queryable } from '../db/adapter';
import { toIso } from '../db/adapter';
import type { BatchStatement } from './batch-statement';
import type { CentralState, Needs, StockIssue } from './central-state';
import type { Desk } from './offices';
import type { Evaluation } from './rules';
import { OFFICE_STOCK_ITEMS_TABLE, OFFICE_STOCK_RANGES_TABLE, type OfficeStockItemRow, type OfficeStockRangeRow } from '../../common/sync/office-stock';

type Move = z.output<typeof stockMovePayload>;
const keyOf = (itemType: string, code: string): string => `${itemType}:${code}`;

export function stockNeeds(p: Move): Needs {
  return p.movement === 'issued' ? { stockItems: p.codes.map((c) => keyOf(p.itemType, c)) } : {};
}

function issueOf(s: CentralState, key: string): StockIssue | null {
  if (!s.stock.has(key)) throw new Error(`push: stock item ${key} read but not named in the rule's needs`);
  return s.stock.get(key) ?? null;
}

export function decideStockMove(s: CentralState, desk: Desk, op: SyncOp, p: Move): Evaluation {
  if (p.movement !== 'issued') {
    return {
      status: 'applied',
      apply: () => {
        s.out.stockMoves.push({ officeId: desk.officeId, opId: op.id, movement: p.movement as 'received', itemType: p.itemType, codes: p.codes, at: p.at });
        if (p.movement === 'received') publishRange(s, desk, { movementId: p.movementId, itemType: p.itemType, codes: p.codes, clerkId: p.clerkId, deskId: desk.id, at: p.at });
        else for (const code of p.codes) publishItem(s, desk, { itemType: p.itemType, code, status: p.movement, movementId: p.movementId, operationId: null, clerkId: p.clerkId, deskId: desk.id, at: p.at });
      },
    };
  }
  if (p.codes.length !== 1) return { status: 'rejected', reason: 'invalid_payload' };
  const code = p.codes[0]!;
  const key = keyOf(p.itemType, code);
  const earlier = issueOf(s, key);
  if (earlier && earlier.opId !== op.id) {
    const reason = p.itemType === 'sim' ? ConflictReason.IccidAlreadyIssued : ConflictReason.TokenAlreadyIssued;
    return { status: 'conflict', reason, details: { itemType: p.itemType, code, issuedAt: earlier.issuedAt, issuedByOfficeId: earlier.officeId, issuedByDeskId: earlier.deskId, operationId: earlier.operationId } };
  }
  return {
    status: 'applied',
    apply: () => {
      const issue: StockIssue = { itemType: p.itemType, code, officeId: desk.officeId, deskId: desk.id, opId: op.id, operationId: p.operationId, issuedAt: p.at };
      s.stock.set(key, issue);
      s.out.stockIssues.set(key, issue);
      publishItem(s, desk, { itemType: p.itemType, code, status: 'issued', movementId: p.movementId, operationId: p.operationId, clerkId: p.clerkId, deskId: desk.id, at: p.at });
    },
  };
}

// The office's stock for its other desks (common/sync/office-stock.ts): a received movement is one row, an item that
// left the shelf (or came back to it) is one row.
function publishRange(s: CentralState, desk: Desk, row: OfficeStockRangeRow): void {
  s.putRow({ table: OFFICE_STOCK_RANGES_TABLE, key: row.movementId, officeId: desk.officeId, row });
}
function publishItem(s: CentralState, desk: Desk, row: OfficeStockItemRow): void {
  s.putRow({ table: OFFICE_STOCK_ITEMS_TABLE, key: keyOf(row.itemType, row.code), officeId: desk.officeId, row });
}

/** The stock key a voided SIM sale or duplicate puts back on the shelf (voids.ts' needs). */
export const voidStockNeeds = (iccid: string): string[] => [keyOf('sim', iccid)];

/**
 * A voided SIM sale or duplicate: the SIM it issued is on the shelf again, so it can be sold again without the
 * conflict iccid_already_issued. Only if this operation issued it (a SIM issued by another, or never issued through
 * the stock — an office that keeps none — is left as it is). Called inside the void's apply.
 */
export function restockVoided(s: CentralState, desk: Desk, v: { iccid: string; operationId: string; clerkId: string; at: string }): void {
  const key = keyOf('sim', v.iccid);
  const issue = issueOf(s, key);
  if (!issue || issue.operationId !== v.operationId) return;
  s.stock.set(key, null);
  s.out.stockIssues.delete(key);
  s.out.stockRestores.set(key, { itemType: 'sim', code: v.iccid, operationId: v.operationId, at: v.at });
  publishItem(s, desk, { itemType: 'sim', code: v.iccid, status: 'in_stock', movementId: null, operationId: v.operationId, clerkId: v.clerkId, deskId: desk.id, at: v.at });
}

/** The issued rows among `keys` ('type:code'), after the batch's locks. */
export async function loadStock(tx: Queryable, s: CentralState, keys: readonly string[]): Promise<void> {
  const rows = await tx.query<{ item_type: string; code: string; office_id: string; issued_desk_id: string; issued_op_id: string; issued_operation_id: string | null; issued_at: Date | string }>(
    `SELECT item_type, code, office_id, issued_desk_id, issued_op_id, issued_operation_id, issued_at FROM stock_items
     WHERE item_type || ':' || code = ANY($1::text[]) AND issued_op_id IS NOT NULL ORDER BY item_type, code FOR UPDATE`,
    [keys],
  );
  for (const r of rows) {
    s.stock.set(keyOf(r.item_type, r.code), { itemType: r.item_type, code: r.code, officeId: r.office_id, deskId: r.issued_desk_id, opId: r.issued_op_id, operationId: r.issued_operation_id, issuedAt: toIso(r.issued_at) });
  }
}

/** Received items first (never over an existing row), then damaged / returned (never over an issued one), then issues. */
export function writeStock(w: BatchStatement, s: CentralState): void {
  const moves = s.out.stockMoves;
  const rowsOf = (m: (typeof moves)[number]) => m.codes.map((code) => ({ item_type: m.itemType, code, office_id: m.officeId, status: m.movement === 'received' ? 'in_stock' : m.movement, op_id: m.opId, at: m.at }));
  const received = moves.filter((m) => m.movement === 'received').flatMap(rowsOf);
  const marked = moves.filter((m) => m.movement !== 'received').flatMap(rowsOf);
  const cols = 'x(item_type text, code text, office_id uuid, status text, op_id uuid, at timestamptz)';
  if (received.length) {
    w.add(`INSERT INTO stock_items (item_type, code, office_id, status, received_op_id, updated_at)
       SELECT item_type, code, office_id, status, op_id, at FROM jsonb_to_recordset(${w.rows(received)}) AS ${cols}
       ON CONFLICT (item_type, code) DO NOTHING`);
  }
  if (marked.length) {
    w.add(`INSERT INTO stock_items (item_type, code, office_id, status, updated_at)
       SELECT DISTINCT ON (item_type, code) item_type, code, office_id, status, at FROM jsonb_to_recordset(${w.rows(marked)}) AS ${cols} ORDER BY item_type, code, at DESC
       ON CONFLICT (item_type, code) DO UPDATE SET status = EXCLUDED.status, updated_at = EXCLUDED.updated_at WHERE stock_items.status <> 'issued'`);
  }
  // Restores before issues: a SIM voided and sold again in one batch ends issued to the second sale.
  if (s.out.stockRestores.size) {
    const rows = [...s.out.stockRestores.values()].map((r) => ({ item_type: r.itemType, code: r.code, operation_id: r.operationId, at: r.at }));
    w.add(`UPDATE stock_items i SET status = 'in_stock', issued_op_id = NULL, issued_operation_id = NULL, issued_desk_id = NULL, issued_at = NULL, updated_at = x.at
       FROM jsonb_to_recordset(${w.rows(rows)}) AS x(item_type text, code text, operation_id uuid, at timestamptz)
       WHERE i.item_type = x.item_type AND i.code = x.code AND i.issued_operation_id = x.operation_id`);
  }
  if (s.out.stockIssues.size) {
    const rows = [...s.out.stockIssues.values()].map((i) => ({ item_type: i.itemType, code: i.code, office_id: i.officeId, desk_id: i.deskId, op_id: i.opId, operation_id: i.operationId, at: i.issuedAt }));
    w.add(`INSERT INTO stock_items (item_type, code, office_id, status, issued_op_id, issued_operation_id, issued_desk_id, issued_at, updated_at)
       SELECT item_type, code, office_id, 'issued', op_id, operation_id, desk_id, at, at
       FROM jsonb_to_recordset(${w.rows(rows)}) AS x(item_type text, code text, office_id uuid, desk_id uuid, op_id uuid, operation_id uuid, at timestamptz)
       ON CONFLICT (item_type, code) DO UPDATE SET status = 'issued', issued_op_id = EXCLUDED.issued_op_id, issued_operation_id = EXCLUDED.issued_operation_id,
         issued_desk_id = EXCLUDED.issued_desk_id, issued_at = EXCLUDED.issued_at, updated_at = EXCLUDED.updated_at`);
  }
}
