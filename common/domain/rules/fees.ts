// Fees from reference data (never constants): IMEI by price band, Asan İmza service by type and months.
import { ErrorCode } from '../../errors';
import { effectiveRow, type ReferenceRow } from '../reference';
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

export function isViolation(v: unknown): v is Violation {
  return typeof v === 'object' && v !== null && 'code' in v && 'message' in v;
}
