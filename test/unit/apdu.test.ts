import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fromHex, hex } from '../../common/bytes';
import {
  ApduError,
  AuthenticationBlocked,
  ClaNotSupported,
  CommandApdu,
  FileNotFound,
  InsNotSupported,
  MalformedApduError,
  MalformedResponseError,
  ResponseApdu,
  SecurityStatusNotSatisfied,
  StatusWordError,
  WrongLength,
  WrongPin,
  statusWordError,
} from '../../common/apdu';
import { ErrorCode } from '../../common/errors';

const cmd = (hexText: string) => CommandApdu.parse(fromHex(hexText));

describe('CommandApdu encoding', () => {
  it('encodes the four short cases', () => {
    expect(hex(new CommandApdu({ cla: 0, ins: 0xa4, p1: 0, p2: 0x0c }).toBytes())).toBe('00A4000C');
    expect(hex(new CommandApdu({ cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 10 }).toBytes())).toBe('00B000000A');
    expect(hex(new CommandApdu({ cla: 0xa0, ins: 0xa4, p1: 0, p2: 0, data: fromHex('2FE2') }).toBytes())).toBe('A0A40000022FE2');
    expect(hex(new CommandApdu({ cla: 0, ins: 0xa4, p1: 4, p2: 0, data: fromHex('A0000002471001'), le: 256 }).toBytes())).toBe('00A4040007A000000247100100');
  });

  it('treats le 0 as 256 (short Le byte 00)', () => {
    const c = new CommandApdu({ cla: 0, ins: 0x84, p1: 0, p2: 0, le: 0 });
    expect(c.le).toBe(256);
    expect(hex(c.toBytes())).toBe('0084000000');
  });

  it('switches to extended length when data or Le do not fit', () => {
    expect(hex(new CommandApdu({ cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 65536 }).toBytes())).toBe('00B00000000000');
    expect(hex(new CommandApdu({ cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 1000 }).toBytes())).toBe('00B000000003E8');
    const data = new Uint8Array(300).fill(0xaa);
    const bytes = new CommandApdu({ cla: 0, ins: 0xd6, p1: 0, p2: 0, data, le: 2 }).toBytes();
    expect(hex(bytes.subarray(0, 7))).toBe('00D6000000012C');
    expect(hex(bytes.subarray(-2))).toBe('0002');
    expect(bytes.length).toBe(4 + 3 + 300 + 2);
  });

  it('refuses out-of-range fields with a typed error', () => {
    expect(() => new CommandApdu({ cla: 256, ins: 0, p1: 0, p2: 0 })).toThrow(MalformedApduError);
    expect(() => new CommandApdu({ cla: 0, ins: 0, p1: -1, p2: 0 })).toThrow(MalformedApduError);
    expect(() => new CommandApdu({ cla: 0, ins: 0, p1: 0, p2: 0, le: 65537 })).toThrow(MalformedApduError);
    expect(() => new CommandApdu({ cla: 0, ins: 0, p1: 0, p2: 0, data: new Uint8Array(65536) })).toThrow(MalformedApduError);
  });

  it('copies the data so the caller cannot change a built command', () => {
    const data = fromHex('3F00');
    const c = new CommandApdu({ cla: 0, ins: 0xa4, p1: 0, p2: 0, data });
    data[0] = 0;
    expect(hex(c.data)).toBe('3F00');
  });

  it('accepts a non-minimal extended encoding and re-encodes it in short form', () => {
    const c = cmd('00B00000000010');
    expect(c.le).toBe(16);
    expect(hex(c.toBytes())).toBe('00B0000010');
  });

  it('parses all seven cases', () => {
    expect(cmd('00A4000C')).toMatchObject({ cla: 0, ins: 0xa4, p1: 0, p2: 0x0c, le: undefined });
    expect(cmd('00B0000000').le).toBe(256);
    expect(hex(cmd('A0A40000022FE2').data)).toBe('2FE2');
    expect(cmd('00A4040002A00000').le).toBe(256);
    expect(cmd('00B00000000000').le).toBe(65536);
    expect(cmd('00D60000000002AABB').data.length).toBe(2);
    const c4e = cmd('00D60000000002AABB0100');
    expect(hex(c4e.data)).toBe('AABB');
    expect(c4e.le).toBe(256);
  });

  it('refuses inconsistent lengths', () => {
    for (const bad of ['', '00', '00A400', '00A4000003AA', '00A400000000', '00A40000000003AA', '00A4000000000000']) {
      expect(() => cmd(bad), bad).toThrow(MalformedApduError);
    }
  });

  const commandArb = fc.record({
    cla: fc.integer({ min: 0, max: 255 }),
    ins: fc.integer({ min: 0, max: 255 }),
    p1: fc.integer({ min: 0, max: 255 }),
    p2: fc.integer({ min: 0, max: 255 }),
    data: fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ minLength: 250, maxLength: 600 })),
    le: fc.option(fc.integer({ min: 1, max: 65536 }), { nil: undefined }),
  });

  it('round-trips any valid command through toBytes and parse (property)', () => {
    fc.assert(
      fc.property(commandArb, (fields) => {
        const c = new CommandApdu(fields);
        const back = CommandApdu.parse(c.toBytes());
        expect(back).toMatchObject({ cla: c.cla, ins: c.ins, p1: c.p1, p2: c.p2, le: c.le });
        expect(hex(back.data)).toBe(hex(c.data));
      }),
    );
  });

  it('throws only ApduError on arbitrary bytes (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        try {
          const c = CommandApdu.parse(bytes);
          // Whatever parses re-encodes (possibly in a shorter form) to the same command.
          const again = CommandApdu.parse(c.toBytes());
          expect(again).toMatchObject({ cla: c.cla, ins: c.ins, p1: c.p1, p2: c.p2, le: c.le });
          expect(hex(again.data)).toBe(hex(c.data));
        } catch (e) {
          expect(e).toBeInstanceOf(ApduError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('ResponseApdu', () => {
  it('splits data and status word', () => {
    const r = ResponseApdu.fromBytes(fromHex('0102039000'));
    expect(hex(r.data)).toBe('010203');
    expect(r.sw).toBe(0x9000);
    expect([r.sw1, r.sw2]).toEqual([0x90, 0x00]);
    expect(r.isSuccess).toBe(true);
    expect(r.throwIfError()).toBe(r);
  });

  it('refuses fewer than two bytes', () => {
    expect(() => ResponseApdu.fromBytes(fromHex('90'))).toThrow(MalformedResponseError);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        try {
          const r = ResponseApdu.fromBytes(bytes);
          expect(hex(r.toBytes())).toBe(hex(bytes));
        } catch (e) {
          expect(e).toBeInstanceOf(ApduError);
        }
      }),
    );
  });

  it('throws the typed error for the status word, with readable text', () => {
    const cases: [string, new (...a: never[]) => StatusWordError, RegExp][] = [
      ['6982', SecurityStatusNotSatisfied, /security status not satisfied/i],
      ['6983', AuthenticationBlocked, /blocked/i],
      ['6A82', FileNotFound, /not found/i],
      ['6700', WrongLength, /wrong length/i],
      ['6E00', ClaNotSupported, /class not supported/i],
      ['6D00', InsNotSupported, /instruction not supported/i],
    ];
    for (const [sw, Type, text] of cases) {
      const r = ResponseApdu.fromBytes(fromHex(sw));
      expect(r.isSuccess).toBe(false);
      expect(() => r.throwIfError()).toThrow(Type);
      expect(() => r.throwIfError()).toThrow(text);
      expect(() => r.throwIfError()).toThrow(`SW ${sw}`);
    }
  });

  it('reports PIN tries left from 63Cx and maps 63C0 to blocked', () => {
    const e = statusWordError(0x63c2);
    expect(e).toBeInstanceOf(WrongPin);
    expect((e as WrongPin).retriesLeft).toBe(2);
    expect(e.message).toMatch(/2 tries left/);
    expect(e.code).toBe(ErrorCode.PinWrong);
    const last = statusWordError(0x63c1) as WrongPin;
    expect(last.message).toMatch(/1 try left/);
    expect((statusWordError(0x63c0) as WrongPin).code).toBe(ErrorCode.PinBlocked);
    expect(statusWordError(0x6983).code).toBe(ErrorCode.PinBlocked);
  });

  it('gives unknown status words a generic StatusWordError', () => {
    const e = statusWordError(0x6999);
    expect(e.constructor).toBe(StatusWordError);
    expect(e.sw).toBe(0x6999);
    expect(e.code).toBe(ErrorCode.CardError);
  });
});
