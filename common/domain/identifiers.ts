// Validators for the identifiers of DOMAIN.md §2. Each returns null when valid, or an error code
// (a key of the `validation` messages in common/i18n) so the renderer shows it in the clerk's language.
import { luhnValid } from './checksums';

export type ValidationCode = string | null;

/** FIN: 7 Latin capitals/digits; the letters I and O never occur. No published check digit. */
export function validateFin(value: string): ValidationCode {
  const v = value.trim().toUpperCase();
  if (v.length === 0) return 'REQUIRED';
  if (v.length !== 7) return 'FIN_LENGTH';
  if (!/^[A-Z0-9]{7}$/.test(v)) return 'FIN_CHARSET';
  if (/[IO]/.test(v)) return 'FIN_LETTER_I_O';
  return null;
}

/** Foreign residents get a 5–6 character personal code instead of a FIN. */
export function validateForeignPin(value: string): ValidationCode {
  const v = value.trim().toUpperCase();
  if (v.length === 0) return 'REQUIRED';
  if (!/^[A-Z0-9]{5,6}$/.test(v)) return 'FOREIGN_PIN_FORMAT';
  return null;
}

/** Azerbaijani ID card number: old cards 8 digits (series AZE), new cards 2 letters + 7 digits (series AA). */
export function validateIdCardNumber(value: string): ValidationCode {
  const v = value.trim().toUpperCase().replace(/\s+/g, '');
  if (v.length === 0) return 'REQUIRED';
  if (/^(AZE)?\d{8}$/.test(v)) return null;
  if (/^[A-Z]{2}\d{7}$/.test(v)) return null;
  return 'ID_NUMBER_FORMAT';
}

/** Residence permit: temporary MYİ or permanent DYİ + 7 digits (the dotted İ also typed as I). */
export function validateResidencePermit(value: string): ValidationCode {
  const v = value.trim().toLocaleUpperCase('az').replace(/\s+/g, '');
  if (v.length === 0) return 'REQUIRED';
  if (/^(MY[İI]|DY[İI])\d{7}$/.test(v)) return null;
  return 'RESIDENCE_PERMIT_FORMAT';
}

/** Passport number as printed in a TD3 MRZ: up to 9 letters/digits. */
export function validatePassportNumber(value: string): ValidationCode {
  const v = value.trim().toUpperCase();
  if (v.length === 0) return 'REQUIRED';
  if (!/^[A-Z0-9]{5,9}$/.test(v)) return 'PASSPORT_NUMBER_FORMAT';
  return null;
}

const VOEN_WEIGHTS = [4, 1, 8, 6, 2, 7, 5, 3];

/** VÖEN: 10 digits; weights 4,1,8,6,2,7,5,3 over digits 1–8, sum mod 11 = digit 9; digit 10 is 1 (legal) or 2 (natural person). */
export function validateVoen(value: string): ValidationCode {
  const v = value.trim();
  if (v.length === 0) return 'REQUIRED';
  if (!/^\d{10}$/.test(v)) return 'VOEN_FORMAT';
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(v[i]) * VOEN_WEIGHTS[i];
  if (sum % 11 !== Number(v[8])) return 'VOEN_CHECK_DIGIT';
  if (v[9] !== '1' && v[9] !== '2') return 'VOEN_STATUS_DIGIT';
  return null;
}

/** Legal person (1) or natural person / sole trader (2), from a valid VÖEN. */
export function voenKind(value: string): 'legal' | 'natural' | null {
  if (validateVoen(value) !== null) return null;
  return value.trim()[9] === '1' ? 'legal' : 'natural';
}

/**
 * MSISDN normalised to +994XXXXXXXXX. Accepts +994…, 994…, 0… (domestic trunk prefix) with spaces/dashes.
 * Returns null when it is not an Azerbaijani number of the right length.
 */
export function normaliseMsisdn(value: string): string | null {
  const digits = value.replace(/[\s\-()]/g, '');
  let national: string | null = null;
  if (/^\+994\d{9}$/.test(digits)) national = digits.slice(4);
  else if (/^994\d{9}$/.test(digits)) national = digits.slice(3);
  else if (/^0\d{9}$/.test(digits)) national = digits.slice(1);
  return national === null ? null : `+994${national}`;
}

/**
 * Validates a mobile MSISDN against the known mobile prefixes (reference data; defaults in DOMAIN.md).
 * Numbers are portable: a prefix never proves the operator.
 */
export function validateMobileMsisdn(value: string, mobilePrefixes: readonly string[]): ValidationCode {
  if (value.trim().length === 0) return 'REQUIRED';
  const n = normaliseMsisdn(value);
  if (n === null) return 'MSISDN_FORMAT';
  if (!mobilePrefixes.includes(n.slice(4, 6))) return 'MSISDN_NOT_MOBILE';
  return null;
}

/** ICCID: 19–20 digits starting 89 994 (Azerbaijan), last digit Luhn. */
export function validateIccid(value: string): ValidationCode {
  const v = value.trim().replace(/\s+/g, '');
  if (v.length === 0) return 'REQUIRED';
  if (!/^\d{19,20}$/.test(v)) return 'ICCID_FORMAT';
  if (!v.startsWith('89994')) return 'ICCID_NOT_AZ';
  if (!luhnValid(v)) return 'ICCID_CHECK_DIGIT';
  return null;
}

/** IMEI: 15 digits, the last a Luhn check digit. */
export function validateImei(value: string): ValidationCode {
  const v = value.trim().replace(/[\s-]/g, '');
  if (v.length === 0) return 'REQUIRED';
  if (!/^\d{15}$/.test(v)) return 'IMEI_FORMAT';
  if (!luhnValid(v)) return 'IMEI_CHECK_DIGIT';
  return null;
}
