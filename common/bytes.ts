// Byte helpers shared by the APDU layer, card readers, tests and fixtures. Environment-agnostic (no Buffer).
import { AppError, ErrorCode } from './errors';

/** Upper-case hex without separators: hex([0x90, 0x00]) === '9000'. */
export function hex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out.toUpperCase();
}

/** Parses hex, ignoring whitespace and ':' separators ("90 00", "90:00", "9000"). */
export function fromHex(text: string): Uint8Array {
  const clean = text.replace(/[\s:]/g, '');
  if (clean.length % 2 !== 0 || /[^0-9a-fA-F]/.test(clean)) {
    throw new AppError(ErrorCode.InvalidInput, `Not a hex string: "${text.length > 40 ? text.slice(0, 40) + '…' : text}"`);
  }
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function concatBytes(...parts: ArrayLike<number>[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Overwrites a secret (PIN, PUK, key) in place so it does not linger in memory after use. */
export function zeroize(buf: Uint8Array | null | undefined): void {
  if (buf) buf.fill(0);
}

/** ASCII/UTF-8 bytes of a string (PINs are digits, so UTF-8 is the card's encoding too). */
export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
