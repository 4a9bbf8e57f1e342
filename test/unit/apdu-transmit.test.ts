import { describe, expect, it } from 'vitest';
import { concatBytes, fromHex, hex } from '../../common/bytes';
import { CommandApdu, ResponseChainingError, createCardChannel } from '../../common/apdu';

/** A scripted card: answers each command by looking at its bytes, and records what it was sent. */
function scripted(answer: (command: string) => string) {
  const sent: string[] = [];
  const channel = createCardChannel(async (bytes) => {
    const c = hex(bytes);
    sent.push(c);
    return fromHex(answer(c));
  });
  return { channel, sent };
}

const readBinary = new CommandApdu({ cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 256 });

describe('transmit: T=0 quirks handled below CardChannel', () => {
  it('collects 61xx chains with GET RESPONSE into one response', async () => {
    const parts = ['AAAA6102', 'BBBB6101', 'CC9000'];
    let i = 0;
    const { channel, sent } = scripted(() => parts[i++]);
    const r = await channel.transmit(readBinary);
    expect(hex(r.data)).toBe('AAAABBBBCC');
    expect(r.isSuccess).toBe(true);
    expect(sent).toEqual(['00B0000000', '00C0000002', '00C0000001']);
  });

  it('uses class A0 for GET RESPONSE after a GSM command and keeps the logical channel otherwise', async () => {
    let first = true;
    const { channel, sent } = scripted(() => (first ? ((first = false), '610F') : concatHex('00'.repeat(15), '9000')));
    await channel.transmit(new CommandApdu({ cla: 0xa0, ins: 0xa4, p1: 0, p2: 0, data: fromHex('2FE2') }));
    expect(sent[1]).toBe('A0C000000F');

    let again = true;
    const second = scripted(() => (again ? ((again = false), '6104') : '010203049000'));
    await second.channel.transmit(new CommandApdu({ cla: 0x0d, ins: 0xb0, p1: 0, p2: 0, le: 4 }));
    expect(second.sent[1]).toBe('01C0000004');
  });

  it('re-sends once with the Le the card asks for on 6Cxx', async () => {
    const { channel, sent } = scripted((c) => (c === '00B000000A' ? '0102030405060708090A9000' : '6C0A'));
    const r = await channel.transmit(readBinary);
    expect(r.data.length).toBe(10);
    expect(sent).toEqual(['00B0000000', '00B000000A']);
  });

  it('gives up with a typed error when a card never stops chaining', async () => {
    const { channel } = scripted(() => '00016101');
    await expect(channel.transmit(readBinary)).rejects.toBeInstanceOf(ResponseChainingError);
    const loop = scripted(() => '6C05');
    await expect(loop.channel.transmit(readBinary)).rejects.toBeInstanceOf(ResponseChainingError);
  });

  it('passes other status words through untouched', async () => {
    const { channel } = scripted(() => '6A82');
    const r = await channel.transmit(readBinary);
    expect(r.sw).toBe(0x6a82);
  });
});

function concatHex(...parts: string[]): string {
  return hex(concatBytes(...parts.map(fromHex)));
}
