// BER-TLV as used on smart cards (ISO/IEC 7816-4 §5.2, ICAO 9303 data groups): multi-byte tags (up to 4 bytes,
// e.g. 5F1F, 7F61), definite lengths up to 4 length bytes, constructed objects parsed into children.
// Indefinite length (0x80) is refused: it is never valid in card data and a parser must not guess.
import { concatBytes } from '../bytes';
import { IndefiniteLengthError, MalformedTlvError, TlvTagMissingError } from './errors';

export interface Tlv {
  /** Tag bytes as one big-endian number: 0x5F1F, 0x7F61, 0x61. */
  tag: number;
  length: number;
  value: Uint8Array;
  /** Present for constructed tags (bit 6 of the first tag byte set): the parsed content. */
  children?: Tlv[];
}

export interface ParseTlvOptions {
  /** Skip 00/FF filler bytes between objects (ISO 7816-4 allows them in some files). Default false. */
  skipPadding?: boolean;
  /** Nesting limit so hostile input cannot exhaust the stack. Default 32. */
  maxDepth?: number;
}

const MAX_TAG_BYTES = 4;
const MAX_LENGTH_BYTES = 4;

/** True when the first tag byte marks a constructed object. */
export function isConstructedTag(tag: number): boolean {
  return (firstTagByte(tag) & 0x20) !== 0;
}

function firstTagByte(tag: number): number {
  let t = tag;
  while (t > 0xff) t = Math.floor(t / 256);
  return t;
}

export function parseTlv(bytes: Uint8Array, options: ParseTlvOptions = {}): Tlv[] {
  return parseLevel(bytes, options, 0);
}

function parseLevel(bytes: Uint8Array, options: ParseTlvOptions, depth: number): Tlv[] {
  const maxDepth = options.maxDepth ?? 32;
  if (depth > maxDepth) throw new MalformedTlvError(`TLV nesting deeper than ${maxDepth}`);
  const out: Tlv[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    if (options.skipPadding && (bytes[pos] === 0x00 || bytes[pos] === 0xff)) {
      pos++;
      continue;
    }
    const start = pos;
    // Tag
    let tag = bytes[pos++];
    if ((tag & 0x1f) === 0x1f) {
      let count = 1;
      let more = true;
      while (more) {
        if (pos >= bytes.length) throw new MalformedTlvError(`TLV truncated inside the tag at offset ${start}`);
        if (++count > MAX_TAG_BYTES) throw new MalformedTlvError(`TLV tag longer than ${MAX_TAG_BYTES} bytes at offset ${start}`);
        const b = bytes[pos++];
        tag = tag * 256 + b;
        more = (b & 0x80) !== 0;
      }
    }
    // Length
    if (pos >= bytes.length) throw new MalformedTlvError(`TLV truncated before the length of tag ${tagHex(tag)} at offset ${start}`);
    const first = bytes[pos++];
    let length: number;
    if (first < 0x80) {
      length = first;
    } else if (first === 0x80) {
      throw new IndefiniteLengthError(`Indefinite length is not allowed (tag ${tagHex(tag)} at offset ${start})`);
    } else {
      const n = first & 0x7f;
      if (n > MAX_LENGTH_BYTES) throw new MalformedTlvError(`TLV length field of ${n} bytes is too long (tag ${tagHex(tag)} at offset ${start})`);
      if (pos + n > bytes.length) throw new MalformedTlvError(`TLV truncated inside the length of tag ${tagHex(tag)} at offset ${start}`);
      length = 0;
      for (let i = 0; i < n; i++) length = length * 256 + bytes[pos++];
    }
    if (length > bytes.length - pos) {
      throw new MalformedTlvError(`TLV value of tag ${tagHex(tag)} at offset ${start} needs ${length} bytes, only ${bytes.length - pos} left`);
    }
    const value = bytes.slice(pos, pos + length);
    pos += length;
    const tlv: Tlv = { tag, length, value };
    if (isConstructedTag(tag)) tlv.children = parseLevel(value, options, depth + 1);
    out.push(tlv);
  }
  return out;
}

/** Depth-first search for the first object with this tag (children included). */
export function findTag(tlvs: readonly Tlv[], tag: number): Tlv | undefined {
  for (const t of tlvs) {
    if (t.tag === tag) return t;
    if (t.children) {
      const inner = findTag(t.children, tag);
      if (inner) return inner;
    }
  }
  return undefined;
}

/** Like findTag, but a missing object is a TlvTagMissingError. */
export function requireTag(tlvs: readonly Tlv[], tag: number): Tlv {
  const t = findTag(tlvs, tag);
  if (!t) throw new TlvTagMissingError(tag);
  return t;
}

export function encodeTag(tag: number): Uint8Array {
  if (!Number.isInteger(tag) || tag < 0 || tag > 0xffffffff) throw new MalformedTlvError(`Invalid TLV tag ${tag}`);
  const bytes: number[] = [];
  let t = tag;
  do {
    bytes.unshift(t % 256);
    t = Math.floor(t / 256);
  } while (t > 0);
  const multi = (bytes[0] & 0x1f) === 0x1f;
  const consistent = multi
    ? bytes.length > 1 && bytes.slice(1, -1).every((b) => (b & 0x80) !== 0) && (bytes[bytes.length - 1] & 0x80) === 0
    : bytes.length === 1;
  if (!consistent) throw new MalformedTlvError(`Tag ${tagHex(tag)} is not a valid BER tag`);
  return Uint8Array.from(bytes);
}

export function encodeLength(length: number): Uint8Array {
  if (!Number.isInteger(length) || length < 0 || length > 0xffffffff) throw new MalformedTlvError(`Invalid TLV length ${length}`);
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  let n = length;
  while (n > 0) {
    bytes.unshift(n % 256);
    n = Math.floor(n / 256);
  }
  return Uint8Array.from([0x80 | bytes.length, ...bytes]);
}

/** Encodes one object. `value` may be raw bytes or already-encoded children to concatenate. */
export function encodeTlv(tag: number, value: Uint8Array | readonly Uint8Array[]): Uint8Array {
  const content = value instanceof Uint8Array ? value : concatBytes(...value);
  return concatBytes(encodeTag(tag), encodeLength(content.length), content);
}

function tagHex(tag: number): string {
  return tag.toString(16).toUpperCase().padStart(2, '0');
}
