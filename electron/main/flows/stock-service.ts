// The office's stock at this desk (issue 12, deliver 3; design in docs/flows.md "Stock"). Supervisors receive blank
// SIMs in ICCID ranges (each ICCID Luhn-checked, the count shown before confirming) and tokens by serial, and mark
// items damaged or returned; a SIM sale or duplicate issues the ICCID read from the card inside the operation's own
// transaction (issueSim). Every movement is stored and queued as one `stock.move` record in one transaction; the
// server refuses an item issued twice across desks and offices. The count at a shift's close hooks into
// ShiftService.onClose (closeHook); `count` keeps one on its own.
import { withTx, type Db, type WritableDb } from '../db/database';
import { AppError } from '../../../common/errors';
import { uuidv7 } from '../../../common/ids';
import {
  checkCounted,
  checkTokenSerial,
  compareStockCount,
  expandIccidRange,
  normaliseTokenSerial,
  stockCounts,
  type StockCountLine,
  type StockItemType,
  type StockMovement,
  type StockStatus,
} from '../../../common/domain/stock';
import type { StockItem, StockOverview } from '../../../common/ipc/channels/stock';
import {
  existingStockCodes,
  findStockItem,
  hasStockOf,
  insertStockCount,
  insertStockItems,
  insertStockMovements,
  movementsOfCode,
  recentStockMovements,
  searchStockItems,
  setStockStatus,
  stockStatusCounts,
} from '../db/queries/stock';
import { findClerkById } from '../db/queries/clerks';
import type { AuthService } from '../services/auth-service';
import type { Clock } from '../services/clock';
import type { Outbox } from '../services/outbox-port';
import type { AuditPort } from '../services/audit-log';
import { throwIf } from './context';

type Counted = Record<StockItemType, number>;

export class StockService {
  constructor(
    private readonly db: Db,
    private readonly auth: AuthService,
    private readonly clock: Clock,
    private readonly outbox: Outbox,
    private readonly audit: AuditPort,
  ) {}

  overview(): StockOverview {
    this.auth.requireClerk();
    return {
      counts: stockCounts(stockStatusCounts(this.db)),
      recent: recentStockMovements(this.db, 30).map((m) => ({ ...m, clerkName: this.clerkName(m.clerkId) })),
    };
  }

  search(query: string): StockItem[] {
    this.auth.requireClerk();
    const q = normaliseTokenSerial(query);
    if (q.length < 4) throw new AppError('STOCK_SEARCH_SHORT', 'Type at least 4 characters of the ICCID or serial.', { fields: { query: 'STOCK_SEARCH_SHORT' } });
    return searchStockItems(this.db, q, 50).map((r) => ({
      itemType: r.item_type,
      code: r.code,
      status: r.status,
      receivedAt: r.received_at,
      updatedAt: r.updated_at,
      operationId: r.operation_id,
      movements: movementsOfCode(this.db, r.item_type, r.code).map((m) => ({ movement: m.movement, at: m.at, clerkName: this.clerkName(m.clerk_id), reason: m.reason, operationId: m.operation_id })),
    }));
  }

  previewRange(input: { first: string; last: string }): { count: number; first: string; last: string; alreadyInStock: string[] } {
    this.auth.requireSupervisor();
    const iccids = this.range(input);
    return { count: iccids.length, first: iccids[0]!, last: iccids[iccids.length - 1]!, alreadyInStock: existingStockCodes(this.db, 'sim', iccids) };
  }

  /** Receives the range; `expectedCount` is the count the supervisor confirmed (a changed range is refused). */
  receiveRange(input: { first: string; last: string; expectedCount: number }): { received: number } {
    const supervisor = this.auth.requireSupervisor();
    const iccids = this.range(input);
    if (iccids.length !== input.expectedCount) {
      throw new AppError('STOCK_RANGE_CHANGED', `The range holds ${iccids.length} SIMs, not the ${input.expectedCount} confirmed: check it again.`, { details: { count: iccids.length } });
    }
    return { received: this.receive(supervisor.id, 'sim', iccids) };
  }

  receiveTokens(input: { serials: string[] }): { received: number } {
    const supervisor = this.auth.requireSupervisor();
    const serials = [...new Set(input.serials.map(normaliseTokenSerial).filter((s) => s.length > 0))];
    for (const s of serials) throwIf(checkTokenSerial(s));
    if (!serials.length) throwIf(checkTokenSerial(''));
    return { received: this.receive(supervisor.id, 'token', serials) };
  }

  /** Marks items damaged (from the shelf) or returned (from the shelf or damaged). All or none. */
  mark(input: { itemType: StockItemType; codes: string[]; movement: 'damaged' | 'returned'; reason: string }): { changed: number } {
    const supervisor = this.auth.requireSupervisor();
    const codes = [...new Set(input.codes.map(normaliseTokenSerial))];
    const at = this.clock.now().toISOString();
    withTx(this.db, (tx) => {
      for (const code of codes) {
        const item = findStockItem(tx, input.itemType, code);
        const allowed: StockStatus[] = input.movement === 'damaged' ? ['in_stock'] : ['in_stock', 'damaged'];
        if (!item) throw new AppError('STOCK_NOT_IN_STOCK', `${code} is not in this office's stock.`, { details: { code } });
        if (!allowed.includes(item.status)) throw new AppError('STOCK_NOT_AVAILABLE', `${code} is ${item.status.replace('_', ' ')}, not on the shelf.`, { details: { code, status: item.status } });
        setStockStatus(tx, input.itemType, [code], item.status, input.movement, at, null);
      }
      this.move(tx, { movement: input.movement, itemType: input.itemType, codes, operationId: null, reason: input.reason.trim(), clerkId: supervisor.id, at });
    });
    return { changed: codes.length };
  }

  /**
   * Issues the new SIM of a sale or duplicate, in the operation's transaction. An office that keeps no SIM stock
   * (nothing ever received) issues nothing; otherwise the ICCID must be on the shelf — a SIM the office never
   * received, or one already issued, damaged or returned, is refused with a sentence (docs/flows.md "Stock").
   */
  issueSim(tx: WritableDb, iccid: string, operation: { id: string; clerkId: string; createdAt: string }): void {
    if (!hasStockOf(tx, 'sim')) return;
    const item = findStockItem(tx, 'sim', iccid);
    if (!item) throw new AppError('STOCK_NOT_IN_STOCK', 'This SIM is not in this office’s stock: a supervisor receives it on the Stock page first.', { fields: { sim: 'STOCK_NOT_IN_STOCK' }, details: { code: iccid } });
    if (item.status !== 'in_stock') throw new AppError('STOCK_NOT_AVAILABLE', `This SIM is ${item.status.replace('_', ' ')} in the stock, not on the shelf.`, { fields: { sim: 'STOCK_NOT_AVAILABLE' }, details: { code: iccid, status: item.status } });
    setStockStatus(tx, 'sim', [iccid], 'in_stock', 'issued', operation.createdAt, operation.id);
    this.move(tx, { movement: 'issued', itemType: 'sim', codes: [iccid], operationId: operation.id, reason: null, clerkId: operation.clerkId, at: operation.createdAt });
  }

  countPreview(counted: Counted): StockCountLine[] {
    this.auth.requireClerk();
    throwIf(checkCounted(counted));
    return compareStockCount(stockCounts(stockStatusCounts(this.db)), counted);
  }

  /** A count on its own, outside a shift close. */
  count(counted: Counted): StockCountLine[] {
    const clerk = this.auth.requireClerk();
    throwIf(checkCounted(counted));
    return withTx(this.db, (tx) => this.keepCount(tx, null, clerk.id, this.clock.now().toISOString(), counted));
  }

  /** ShiftService.onClose: a close that carries `stockCount` ({sim, token}) keeps the count with the shift. */
  readonly closeHook = (tx: WritableDb, shift: { id: string; clerkId: string; closedAt: string }, stockCount: Record<string, unknown> | null): void => {
    if (!stockCount) return;
    const counted = { sim: stockCount.sim, token: stockCount.token } as Counted;
    throwIf(checkCounted(counted));
    this.keepCount(tx, shift.id, shift.clerkId, shift.closedAt, counted);
  };

  private keepCount(tx: WritableDb, shiftId: string | null, clerkId: string, at: string, counted: Counted): StockCountLine[] {
    const lines = compareStockCount(stockCounts(stockStatusCounts(tx)), counted);
    const id = uuidv7(this.clock.now().getTime());
    insertStockCount(tx, { id, shift_id: shiftId, clerk_id: clerkId, at, lines_json: JSON.stringify(lines) });
    this.audit.append(tx, { kind: 'stock.count', actor: clerkId, details: { countId: id, shiftId, ...Object.fromEntries(lines.map((l) => [`${l.itemType}Difference`, l.difference])) } });
    this.outbox.enqueue(tx, { id, kind: 'stock.count', subject: 'stock:count', payload: { countId: id, shiftId, clerkId, at, lines } });
    return lines;
  }

  private range(input: { first: string; last: string }): string[] {
    const r = expandIccidRange(input.first, input.last);
    if (!r.ok) throwIf(r.verdict);
    return (r as { ok: true; iccids: string[] }).iccids;
  }

  private receive(clerkId: string, itemType: StockItemType, codes: string[]): number {
    const at = this.clock.now().toISOString();
    withTx(this.db, (tx) => {
      const known = existingStockCodes(tx, itemType, codes);
      if (known.length) {
        throw new AppError('STOCK_ALREADY_RECEIVED', `${known.length} of these are already in the stock (first: ${known[0]}).`, { details: { count: known.length, first: known[0] } });
      }
      insertStockItems(tx, itemType, codes, at, clerkId);
      this.move(tx, { movement: 'received', itemType, codes, operationId: null, reason: null, clerkId, at });
    });
    return codes.length;
  }

  private move(tx: WritableDb, m: { movement: StockMovement; itemType: StockItemType; codes: string[]; operationId: string | null; reason: string | null; clerkId: string; at: string }): void {
    const id = uuidv7(this.clock.now().getTime());
    insertStockMovements(tx, { id, item_type: m.itemType, movement: m.movement, clerk_id: m.clerkId, at: m.at, operation_id: m.operationId, reason: m.reason }, m.codes);
    this.audit.append(tx, { kind: 'stock.move', actor: m.clerkId, details: { movementId: id, movement: m.movement, itemType: m.itemType, count: m.codes.length, first: m.codes[0]!, last: m.codes[m.codes.length - 1]!, operationId: m.operationId } });
    this.outbox.enqueue(tx, { id, kind: 'stock.move', subject: `stock:${m.itemType}`, payload: { movementId: id, ...m } });
  }

  private clerkName(id: string): string {
    return findClerkById(this.db, id)?.displayName ?? id;
  }
}
