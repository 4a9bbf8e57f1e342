// The office's stock of blank Asan İmza SIMs (by ICCID) and e-İmza tokens (by serial) — issue 12, deliver 3.
// Pure rules: a received range of ICCIDs expanded and checked (each ICCID's last digit is its Luhn digit, so the
// range runs over the digits before it), the counts per item type, and the count at shift close (counted vs expected).
// The desk's StockService (electron/main/flows/stock-service.ts) applies them; docs/flows.md "Stock" explains the design.
import { luhnCheckDigit } from './checksums';
import { validateIccid } from './identifiers';
import { violation, type Verdict } from './rules/result';

export const stockItemTypes = ['sim', 'token'] as const;
export type StockItemType = (typeof stockItemTypes)[number];
export const stockStatuses = ['in_stock', 'issued', 'damaged', 'returned'] as const;
export type StockStatus = (typeof stockStatuses)[number];
export const stockMovements = ['received', 'issued', 'damaged', 'returned'] as const;
export type StockMovement = (typeof stockMovements)[number];

/** A box of blank SIMs holds hundreds, a delivery a few boxes: more in one range is a typo of the last ICCID. */
export const MAX_RANGE = 1000;

export type RangeResult = { ok: true; iccids: string[] } | { ok: false; verdict: NonNullable<Verdict> };

function bad(code: string, message: string, field: 'first' | 'last' | 'range'): RangeResult {
  return { ok: false, verdict: violation(code, message, { fields: { [field]: code } })! };
}

/**
 * The ICCIDs from `first` to `last`, both included. Both must be valid Azerbaijani ICCIDs of the same length (Luhn
 * digit included); the range runs over the digits before the Luhn digit, each ICCID getting its own Luhn digit.
 */
export function expandIccidRange(firstRaw: string, lastRaw: string, max = MAX_RANGE): RangeResult {
  const first = firstRaw.replace(/\s+/g, '');
  const last = lastRaw.replace(/\s+/g, '');
  const f = validateIccid(first);
  if (f) return bad(f, 'The first ICCID of the range is not a valid ICCID (check its digits).', 'first');
  const l = validateIccid(last);
  if (l) return bad(l, 'The last ICCID of the range is not a valid ICCID (check its digits).', 'last');
  if (first.length !== last.length) return bad('STOCK_RANGE_LENGTH', 'The first and last ICCID of a range have the same number of digits.', 'range');
  const from = BigInt(first.slice(0, -1));
  const to = BigInt(last.slice(0, -1));
  if (to < from) return bad('STOCK_RANGE_ORDER', 'The last ICCID comes before the first: swap them.', 'range');
  const count = to - from + 1n;
  if (count > BigInt(max)) return bad('STOCK_RANGE_TOO_LARGE', `A range holds at most ${max} SIMs: receive it in parts.`, 'range');
  const width = first.length - 1;
  const iccids: string[] = [];
  for (let body = from; body <= to; body++) {
    const payload = body.toString().padStart(width, '0');
    iccids.push(payload + luhnCheckDigit(payload));
  }
  return { ok: true, iccids };
}

/** An e-İmza token's serial as printed on it: letters and digits, 4–32 characters (spaces and dashes dropped). */
export function normaliseTokenSerial(raw: string): string {
  return raw.replace(/[\s-]+/g, '').toUpperCase();
}

export function checkTokenSerial(serial: string): Verdict {
  if (!/^[A-Z0-9]{4,32}$/.test(serial)) return violation('STOCK_SERIAL_FORMAT', 'A token serial is 4 to 32 letters and digits, as printed on the token.', { fields: { serial: 'STOCK_SERIAL_FORMAT' } });
  return null;
}

export interface StockCounts {
  itemType: StockItemType;
  inStock: number;
  issued: number;
  damaged: number;
  returned: number;
}

/** Counts per item type and status from (type, status, n) rows; every type appears, with zeros. */
export function stockCounts(rows: readonly { itemType: StockItemType; status: StockStatus; n: number }[]): StockCounts[] {
  return stockItemTypes.map((itemType) => {
    const of = (status: StockStatus) => rows.filter((r) => r.itemType === itemType && r.status === status).reduce((s, r) => s + r.n, 0);
    return { itemType, inStock: of('in_stock'), issued: of('issued'), damaged: of('damaged'), returned: of('returned') };
  });
}

export interface StockCountLine {
  itemType: StockItemType;
  expected: number;
  counted: number;
  /** counted − expected: negative is missing from the shelf. */
  difference: number;
}

/** The count at shift close: what is on the shelf per item type against what the stock says is in stock. */
export function compareStockCount(expected: readonly StockCounts[], counted: Partial<Record<StockItemType, number>>): StockCountLine[] {
  return stockItemTypes.map((itemType) => {
    const e = expected.find((c) => c.itemType === itemType)?.inStock ?? 0;
    const c = counted[itemType] ?? 0;
    return { itemType, expected: e, counted: c, difference: c - e };
  });
}

export function checkCounted(counted: Partial<Record<StockItemType, number>>): Verdict {
  for (const t of stockItemTypes) {
    const n = counted[t];
    if (n === undefined || !Number.isInteger(n) || n < 0 || n > 1_000_000) return violation('STOCK_COUNT_INVALID', 'Enter how many of each item are on the shelf (0 or more).', { fields: { [t]: 'INVALID' } });
  }
  return null;
}
