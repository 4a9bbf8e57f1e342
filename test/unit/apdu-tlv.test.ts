import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fromHex, hex } from '../../common/bytes';
import {
  ApduError,
  IndefiniteLengthError,
  MalformedTlvError,
  TlvTagMissingError,
  encodeLength,
  encodeTag,
  encodeTlv,
  findTag,
  parseTlv,
  requireTag,
} from '../../common/apdu';

describe('BER-TLV', () => {
  it('parses multi-byte tags and nested constructed objects (EF.COM shape)', () => {
    // 60 { 5F01 "0107", 5F36 "040000", 5C "6175" }
    const bytes = fromHex('60145F0104303130375F36063034303030305C026175');
    const [com] = parseTlv(bytes);
    expect(com.tag).toBe(0x60);
    expect(com.length).toBe(0x14);
    expect(com.children!.map((c) => c.tag)).toEqual([0x5f01, 0x5f36, 0x5c]);
    expect(new TextDecoder().decode(findTag([com], 0x5f01)!.value)).toBe('0107');
    expect(hex(findTag([com], 0x5c)!.value)).toBe('6175');
    expect(findTag([com], 0x5f1f)).toBeUndefined();
    expect(() => requireTag([com], 0x5f1f)).toThrow(TlvTagMissingError);
  });

  it('parses three-byte tags and long lengths', () => {
    const value = new Uint8Array(300).fill(7);
    const bytes = encodeTlv(0x5f8101, value);
    expect(hex(bytes.subarray(0, 6))).toBe('5F810182012C');
    const [t] = parseTlv(bytes);
    expect(t.tag).toBe(0x5f8101);
    expect(t.length).toBe(300);
    expect(t.children).toBeUndefined();
  });

  it('encodes lengths in short and long form', () => {
    expect(hex(encodeLength(0x7f))).toBe('7F');
    expect(hex(encodeLength(0x80))).toBe('8180');
    expect(hex(encodeLength(0x100))).toBe('820100');
    expect(hex(encodeLength(0x10000))).toBe('83010000');
  });

  it('encodes constructed objects from already-encoded children', () => {
    const inner = encodeTlv(0x5a, fromHex('1234'));
    expect(hex(encodeTlv(0x7f61, [inner, inner]))).toBe('7F61085A0212345A021234');
  });

  it('refuses indefinite length with its own error type', () => {
    expect(() => parseTlv(fromHex('30800000'))).toThrow(IndefiniteLengthError);
    expect(() => parseTlv(fromHex('30800000'))).toThrow(/indefinite length/i);
  });

  it('refuses truncated values, tags and lengths', () => {
    for (const bad of ['5F', '5F1F', '5F1F03AABB', '8205AA', '9F', '01', '30038101']) {
      expect(() => parseTlv(fromHex(bad)), bad).toThrow(MalformedTlvError);
    }
  });

  it('refuses malformed tag numbers when encoding', () => {
    expect(() => encodeTag(0x1f)).toThrow(MalformedTlvError); // says "more bytes follow" but none do
    expect(() => encodeTag(0x5f81)).toThrow(MalformedTlvError); // last byte still has bit 8 set
    expect(hex(encodeTag(0x7f61))).toBe('7F61');
  });

  it('skips 00/FF padding only when asked', () => {
    const bytes = fromHex('0000 5A0112 FFFF 5A0134');
    expect(() => parseTlv(bytes)).toThrow(ApduError);
    expect(parseTlv(bytes, { skipPadding: true }).map((t) => hex(t.value))).toEqual(['12', '34']);
  });

  it('limits nesting depth', () => {
    let nested = encodeTlv(0x5a, fromHex('01'));
    for (let i = 0; i < 40; i++) nested = encodeTlv(0x30, nested);
    expect(() => parseTlv(nested)).toThrow(/nesting/);
    expect(parseTlv(nested, { maxDepth: 64 })).toHaveLength(1);
  });

  // Valid BER tags: single byte (low 5 bits not all set), or first byte with low bits 1F then 1..3 more bytes.
  const tagArb = fc.oneof(
    fc.integer({ min: 0, max: 255 }).filter((b) => (b & 0x1f) !== 0x1f),
    fc
      .tuple(fc.integer({ min: 0, max: 7 }), fc.array(fc.integer({ min: 0x80, max: 0xff }), { maxLength: 2 }), fc.integer({ min: 0x1f, max: 0x7f }))
      .map(([cls, middle, last]) => [(cls << 5) | 0x1f, ...middle, last].reduce((acc, b) => acc * 256 + b, 0)),
  );

  it('round-trips primitive objects (property)', () => {
    fc.assert(
      fc.property(tagArb.filter((t) => {
        let first = t;
        while (first > 0xff) first = Math.floor(first / 256);
        return (first & 0x20) === 0;
      }), fc.uint8Array({ maxLength: 400 }), (tag, value) => {
        const [t, ...rest] = parseTlv(encodeTlv(tag, value));
        expect(rest).toEqual([]);
        expect(t.tag).toBe(tag);
        expect(hex(t.value)).toBe(hex(value));
      }),
    );
  });

  it('throws only ApduError on arbitrary bytes (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.boolean(), (bytes, skipPadding) => {
        try {
          parseTlv(bytes, { skipPadding });
        } catch (e) {
          expect(e).toBeInstanceOf(ApduError);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('throws only ApduError on mutated valid TLV (property)', () => {
    const valid = fromHex('61 16 5F1F 04 41424344 7F61 0C 5A 02 1234 5F2E 82 0003 AABBCC'.replace(/\s/g, ''));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: valid.length - 1 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: valid.length }), (at, byte, cut) => {
        const mutated = valid.slice(0, cut);
        if (at < mutated.length) mutated[at] = byte;
        try {
          parseTlv(mutated);
        } catch (e) {
          expect(e).toBeInstanceOf(ApduError);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
