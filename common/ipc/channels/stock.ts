// The office's stock of blank Asan İmza SIMs and e-İmza tokens (issue 12, deliver 3): everyone sees the counts and
// searches an ICCID or serial; supervisors receive ranges and serials and mark items damaged or returned. A SIM sale
// or duplicate issues the ICCID read from the card itself (no channel). The count at shift close goes through
// shifts:close's `stockCount` ({sim, token}); stock:count takes one on its own.
import { z } from 'zod';
import { channel, type ChannelMap, type EventMap } from '../define';
import { stockItemTypes, stockMovements, stockStatuses } from '../../domain/stock';

const itemType = z.enum(stockItemTypes);
const countsSchema = z.object({ itemType, inStock: z.number().int(), issued: z.number().int(), damaged: z.number().int(), returned: z.number().int() });
const countLine = z.object({ itemType, expected: z.number().int(), counted: z.number().int(), difference: z.number().int() });
export type StockCountLineOut = z.infer<typeof countLine>;

export const stockItemSchema = z.object({
  itemType,
  code: z.string(),
  status: z.enum(stockStatuses),
  receivedAt: z.string(),
  updatedAt: z.string(),
  operationId: z.string().nullable(),
  movements: z.array(z.object({ movement: z.enum(stockMovements), at: z.string(), clerkName: z.string(), reason: z.string().nullable(), operationId: z.string().nullable() })),
});
export type StockItem = z.infer<typeof stockItemSchema>;

export const stockOverviewSchema = z.object({
  counts: z.array(countsSchema),
  recent: z.array(z.object({ id: z.string(), itemType, movement: z.enum(stockMovements), clerkName: z.string(), at: z.string(), count: z.number().int(), first: z.string(), last: z.string(), reason: z.string().nullable() })),
});
export type StockOverview = z.infer<typeof stockOverviewSchema>;

const countedSchema = z.object({ sim: z.number().int().min(0).max(1_000_000), token: z.number().int().min(0).max(1_000_000) });
const range = z.object({ first: z.string().trim().max(40), last: z.string().trim().max(40) });

export const stockChannels = {
  'stock:overview': channel('clerk', z.void(), stockOverviewSchema),
  /** Items whose ICCID or serial contains the text (at least 4 characters), with each one's movements. */
  'stock:search': channel('clerk', z.object({ query: z.string().trim().min(1).max(40) }), z.array(stockItemSchema)),
  /** What a range would receive, shown before the supervisor confirms: the count, and any ICCID already in stock. */
  'stock:previewRange': channel('supervisor', range, z.object({ count: z.number().int(), first: z.string(), last: z.string(), alreadyInStock: z.array(z.string()) })),
  'stock:receiveRange': channel('supervisor', range.extend({ expectedCount: z.number().int().min(1) }), z.object({ received: z.number().int() })),
  'stock:receiveTokens': channel('supervisor', z.object({ serials: z.array(z.string().trim().max(40)).min(1).max(500) }), z.object({ received: z.number().int() })),
  /** Items marked damaged (from the shelf) or returned to the operator / central office (from the shelf or damaged). */
  'stock:mark': channel(
    'supervisor',
    z.object({ itemType, codes: z.array(z.string().trim().max(40)).min(1).max(1000), movement: z.enum(['damaged', 'returned']), reason: z.string().trim().min(1).max(300) }),
    z.object({ changed: z.number().int() }),
  ),
  /** Counted vs expected per item type, before the count is kept (the shift close shows it). */
  'stock:countPreview': channel('clerk', countedSchema, z.array(countLine)),
  /** A count on its own (outside a shift close): kept and synced as `stock.count`. */
  'stock:count': channel('clerk', countedSchema, z.array(countLine)),
} satisfies ChannelMap;

export const stockEvents = {} satisfies EventMap;
