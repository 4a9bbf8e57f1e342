// The stock records on the sync wire (issue 12, deliver 3). Records, not operation kinds: no screen in the registry,
// no fee. `stock.move` is one movement of one or more items of the office's stock (a received range, an ICCID issued
// by a SIM sale or duplicate, items marked damaged or returned); `stock.count` is the count taken at a shift's close.
// The server keeps the office's items (server/store/stock.ts) and refuses an item issued twice, across desks and
// offices (conflict `iccid_already_issued` / `token_already_issued`).
import { z } from 'zod';
import { stockItemTypes, stockMovements } from '../domain/stock';
import { id } from './define';

const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'UUID');
const code = z.string().regex(/^[0-9A-Z]{4,32}$/, 'STOCK_CODE');

export const stockMovePayload = z.object({
    movementId: uuid,
    movement: z.enum(stockMovements),
    itemType: z.enum(stockItemTypes),
    /** ICCIDs or serials; an issue names exactly one. */
    codes: z.array(code).min(1).max(1000),
    /** The operation (sim.sell / sim.duplicate) that issued it; null for the other movements. */
    operationId: uuid.nullable(),
    /** Why an item was marked damaged or returned (the clerk's words); null otherwise. */
    reason: z.string().max(300).nullable(),
    clerkId: id,
    at: z.string(),
});

const countLine = z.object({ itemType: z.enum(stockItemTypes), expected: z.number().int().min(0), counted: z.number().int().min(0), difference: z.number().int() });

export const stockCountPayload = z.object({
  countId: uuid,
  /** The shift whose close took the count; null for a count taken on its own. */
  shiftId: uuid.nullable(),
  clerkId: id,
  at: z.string(),
  lines: z.array(countLine).min(1).max(10),
});

export const stockRecordKinds = {
  'stock.move': {
    payload: stockMovePayload,
    example: {
      movementId: '0190c0de-0000-7000-8000-0000000000c1',
      movement: 'received',
      itemType: 'sim',
      codes: ['8999401000000000018', '8999401000000000026'],
      operationId: null,
      reason: null,
      clerkId: 'clerk-2',
      at: '2026-12-01T08:10:00.000Z',
    } satisfies z.input<typeof stockMovePayload>,
  },
  'stock.count': {
    payload: stockCountPayload,
    example: {
      countId: '0190c0de-0000-7000-8000-0000000000c2',
      shiftId: '0190c0de-0000-7000-8000-0000000000f1',
      clerkId: 'clerk-1',
      at: '2026-12-01T17:00:00.000Z',
      lines: [
        { itemType: 'sim', expected: 40, counted: 39, difference: -1 },
        { itemType: 'token', expected: 5, counted: 5, difference: 0 },
      ],
    } satisfies z.input<typeof stockCountPayload>,
  },
} as const;
