// Fees from reference data (never constants): IMEI by price band, Asan İmza service by type and months.
import { ErrorCode } from '../../errors';
import { effectiveRow, type ReferenceRow } from '../reference';
import type { OfficeType } from '../office-types';
import { violation, type Violation } from './result';

export function missingReference(table: string, key: string, date: string): Violation {
  return violation(ErrorCode.ReferenceDataMissing, `Reference data ${table}/${key} has no value in force on ${date}.`, { details: { table, key, date } });
}

/** The band whose [min, max] contains the device price (max null = open). */
export function imeiBand(bands: readonly ReferenceRow<'imei_price_bands'>[], priceMinor: number, date: string): ReferenceRow<'imei_price_bands'> | Violation {
  const inForce = bands.filter((b) => b.validFrom <= date && (b.validTo === null || b.validTo >= date));
  const hit = inForce
    .filter((b) => priceMinor >= b.minPriceMinor && (b.maxPriceMinor === null || priceMinor <= b.maxPriceMinor))
    .sort((a, b) => b.minPriceMinor - a.minPriceMinor)[0];
  return hit ?? missingReference('imei_price_bands', String(priceMinor), date);
}

export function serviceFee(tariff: ReferenceRow<'asan_tariffs'>, months: number, activation: boolean): number {
  return (activation ? tariff.activationMinor : 0) + tariff.monthlyMinor * months;
}

export function feeOf(rows: readonly ReferenceRow<'fees'>[], key: string, date: string): number | Violation {
  const r = effectiveRow(rows, key, date);
  return r ? r.amountMinor : missingReference('fees', key, date);
}

/** Who the fee is charged for: the SIM's operator (null: not known) and the desk's office type (null: not known). */
export interface FeeScope {
  operator?: string | null;
  officeType?: OfficeType | null;
}

/**
 * The fee row of `code` in force on `date` for this operator and office type: a row applies when each of its
 * operator and office type is absent or equal to the scope's. Of the rows that apply, the most specific wins — the
 * office type weighs more than the operator (an ASXM office charges nothing for a SIM duplicate, whoever's SIM it
 * is), both more than either — then the latest period. A desk without an office type only sees rows without one.
 * None applies: a reference-data error naming the operator and office type, never a silent 0.
 */
export function feeRowFor(rows: readonly ReferenceRow<'fees'>[], code: string, date: string, scope: FeeScope = {}): ReferenceRow<'fees'> | Violation {
  let best: { row: ReferenceRow<'fees'>; rank: number } | null = null;
  for (const r of rows) {
    if (r.code !== code || r.validFrom > date || (r.validTo !== null && r.validTo < date)) continue;
    if (r.operator !== undefined && r.operator.toLowerCase() !== (scope.operator ?? '').toLowerCase()) continue;
    if (r.officeType !== undefined && r.officeType !== scope.officeType) continue;
    const rank = (r.officeType !== undefined ? 2 : 0) + (r.operator !== undefined ? 1 : 0);
    if (!best || rank > best.rank || (rank === best.rank && r.validFrom > best.row.validFrom)) best = { row: r, rank };
  }
  if (best) return best.row;
  const key = [code, scope.operator ? `operator ${scope.operator}` : null, scope.officeType ? `office type ${scope.officeType}` : null].filter(Boolean).join(', ');
  return violation(ErrorCode.ReferenceDataMissing, `Reference data fees/${key} has no value in force on ${date}.`, {
    details: { table: 'fees', key: code, date, operator: scope.operator ?? null, officeType: scope.officeType ?? null },
  });
}

export function isViolation(v: unknown): v is Violation {
  return typeof v === 'object' && v !== null && 'code' in v && 'message' in v;
}
