// A minimal DER reader for the big, flat structures of trust lists: a master list's SET of hundreds of certificates
// and a CRL's list of revoked serials. asn1js builds an object per node and takes ~50 ms for a 5 KB CRL (and refuses
// a master list above its 10 000-node default); slicing TLVs is what these need, and the slices go to OpenSSL
// (certificates) or are compared as bytes (names, serials). Definite lengths only, as DER requires.

export interface Tlv {
  tag: number;
  /** Offset of the tag byte in the buffer walked. */
  start: number;
  /** Offset of the value. */
  valueStart: number;
  end: number;
}

export class DerError extends Error {}

/** The TLV at `offset` of `bytes` (within `limit`). Single-byte tags only (all that X.509 and CMS use here). */
export function readTlv(bytes: Uint8Array, offset: number, limit = bytes.length): Tlv {
  if (offset + 2 > limit) throw new DerError('truncated');
  const tag = bytes[offset];
  if ((tag & 0x1f) === 0x1f) throw new DerError('multi-byte tag');
  let length = bytes[offset + 1];
  let valueStart = offset + 2;
  if (length & 0x80) {
    const n = length & 0x7f;
    if (n === 0 || n > 4) throw new DerError(n === 0 ? 'indefinite length' : 'length too long');
    if (valueStart + n > limit) throw new DerError('truncated length');
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + bytes[valueStart + i];
    valueStart += n;
  }
  const end = valueStart + length;
  if (end > limit) throw new DerError('value runs past its container');
  return { tag, start: offset, valueStart, end };
}

/** The TLVs inside a constructed TLV. */
export function children(bytes: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let at = parent.valueStart; at < parent.end; ) {
    const child = readTlv(bytes, at, parent.end);
    out.push(child);
    at = child.end;
  }
  return out;
}

export function whole(bytes: Uint8Array, t: Tlv): Uint8Array {
  return bytes.subarray(t.start, t.end);
}

export function value(bytes: Uint8Array, t: Tlv): Uint8Array {
  return bytes.subarray(t.valueStart, t.end);
}

export function expectTag(t: Tlv | undefined, tag: number, what: string): Tlv {
  if (!t || t.tag !== tag) throw new DerError(`${what} is missing or not what it should be`);
  return t;
}

export function oid(bytes: Uint8Array, t: Tlv): string {
  const v = value(bytes, expectTag(t, 0x06, 'an OID'));
  const parts: number[] = [];
  let n = 0;
  for (const b of v) {
    n = n * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      if (parts.length === 0) parts.push(n < 80 ? Math.floor(n / 40) : 2, n < 80 ? n % 40 : n - 80);
      else parts.push(n);
      n = 0;
    }
  }
  return parts.join('.');
}

/** UTCTime (0x17) or GeneralizedTime (0x18) as a Date. */
export function time(bytes: Uint8Array, t: Tlv): Date {
  const text = Buffer.from(value(bytes, t)).toString('latin1');
  const m = t.tag === 0x17 ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/.exec(text) : t.tag === 0x18 ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:\.\d+)?Z$/.exec(text) : null;
  if (!m) throw new DerError(`not a time: ${text}`);
  const year = t.tag === 0x17 ? (Number(m[1]) < 50 ? 2000 : 1900) + Number(m[1]) : Number(m[1]);
  return new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)));
}

const NAME_LABELS: Record<string, string> = { '2.5.4.6': 'C', '2.5.4.10': 'O', '2.5.4.11': 'OU', '2.5.4.3': 'CN', '2.5.4.5': 'serialNumber', '2.5.4.7': 'L', '2.5.4.8': 'ST' };

/** A Name (SEQUENCE OF RDN) as "C=UT, O=…, CN=…" for messages. */
export function nameText(bytes: Uint8Array, name: Tlv): string {
  const out: string[] = [];
  for (const rdn of children(bytes, name)) {
    for (const atv of children(bytes, rdn)) {
      const [type, val] = children(bytes, atv);
      const label = NAME_LABELS[oid(bytes, type)] ?? oid(bytes, type);
      const raw = value(bytes, val);
      // BMPString is UTF-16BE; the others are ASCII subsets or UTF-8.
      const text = val.tag === 0x1e ? Buffer.from(raw).swap16().toString('utf16le') : Buffer.from(raw).toString('utf8');
      out.push(`${label}=${text}`);
    }
  }
  return out.join(', ');
}
