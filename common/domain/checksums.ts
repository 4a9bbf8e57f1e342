// Check-digit algorithms used by Azerbaijani identifiers and ICAO documents.

/** Luhn (mod 10) check over a string of digits, the last digit being the check digit. */
export function luhnValid(digits: string): boolean {
  if (!/^\d{2,}$/.test(digits)) return false;
  return luhnCheckDigit(digits.slice(0, -1)) === Number(digits[digits.length - 1]);
}

/** The Luhn digit that completes `payload`. */
export function luhnCheckDigit(payload: string): number {
  let sum = 0;
  for (let i = 0; i < payload.length; i++) {
    let d = payload.charCodeAt(payload.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** `payload` with its Luhn check digit appended (test data, virtual SIMs). */
export function appendLuhn(payload: string): string {
  return payload + luhnCheckDigit(payload);
}

/** ICAO 9303 check digit: weights 7,3,1; '<' = 0, digits as-is, A = 10 … Z = 35. Returns -1 for a character outside the MRZ set. */
export function mrzCheckDigit(field: string): number {
  const weights = [7, 3, 1];
  let sum = 0;
  for (let i = 0; i < field.length; i++) {
    const c = field[i];
    let v: number;
    if (c === '<') v = 0;
    else if (c >= '0' && c <= '9') v = c.charCodeAt(0) - 48;
    else if (c >= 'A' && c <= 'Z') v = c.charCodeAt(0) - 55;
    else return -1;
    sum += v * weights[i % 3];
  }
  return sum % 10;
}
