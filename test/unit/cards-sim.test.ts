import { describe, expect, it } from 'vitest';
import { createCardChannel } from '../../common/apdu';
import { hex } from '../../common/bytes';
import { SimReader, decodeIccid, luhnValid, operatorForIccid } from '../../electron/main/cards/sim';
import { SimApplet, encodeIccid } from '../../test/fixtures/vcards/sim-applet';
import type { VirtualApplet } from '../../test/fixtures/vcards/applet';
import { appendLuhn } from '../../common/domain/checksums';

/** Appends the Luhn check digit. */
function channelTo(applet: VirtualApplet, log: string[] = []) {
  return createCardChannel(async (bytes) => {
    log.push(hex(bytes));
    return applet.process(bytes);
  });
}

describe('SIM ICCID', () => {
  const azercell = appendLuhn('899940101234567890'); // 19 digits
  const nar20 = appendLuhn('8999404012345678901'); // 20 digits

  it('encodes and decodes swapped-nibble BCD with F padding', () => {
    expect(hex(encodeIccid('8999401012345678901'))).toBe('989904012143658709F1');
    expect(decodeIccid(encodeIccid(azercell))).toBe(azercell);
    expect(decodeIccid(encodeIccid(nar20))).toBe(nar20);
  });

  it('checks Luhn', () => {
    expect(luhnValid(azercell)).toBe(true);
    const wrong = azercell.slice(0, -1) + String((Number(azercell.at(-1)) + 1) % 10);
    expect(luhnValid(wrong)).toBe(false);
    expect(luhnValid('79927398713')).toBe(true); // the textbook example
  });

  it('names the operator by issuer prefix, from the table passed in', () => {
    expect(operatorForIccid(azercell)).toBe('Azercell');
    expect(operatorForIccid(nar20)).toBe('Nar');
    expect(operatorForIccid(appendLuhn('899940601234567890'))).toBe('Naxtel');
    expect(operatorForIccid(appendLuhn('899940201234567890'))).toBeNull(); // Bakcell: prefix unpublished
    expect(operatorForIccid(appendLuhn('899940201234567890'), [{ prefix: '8999402', operator: 'Bakcell' }])).toBe('Bakcell');
  });

  it('reads EF_ICCID from the virtual SIM (ISO class, 6Cxx re-send handled)', async () => {
    const log: string[] = [];
    const sim = await new SimReader().read(channelTo(new SimApplet(azercell), log));
    expect(sim).toEqual({ iccid: azercell, luhnValid: true, operator: 'Azercell' });
    expect(log).toEqual(['00A4000C023F00', '00A4000C022FE2', '00B0000000', '00B000000A']);
  });

  it('falls back to GSM class A0 when the SIM refuses class 00', async () => {
    const applet = new SimApplet(nar20);
    const gsmOnly: VirtualApplet = {
      atr: applet.atr,
      reset: () => applet.reset(),
      process: (apdu) => (apdu[0] === 0x00 ? Uint8Array.of(0x6e, 0x00) : applet.process(apdu)),
    };
    const log: string[] = [];
    const sim = await new SimReader().read(channelTo(gsmOnly, log));
    expect(sim.iccid).toBe(nar20);
    expect(log.slice(1)).toEqual(['A0A40000023F00', 'A0A40000022FE2', 'A0B000000A']);
  });

  it('reports a wrong check digit instead of hiding it', async () => {
    const bad = azercell.slice(0, -1) + String((Number(azercell.at(-1)) + 3) % 10);
    const sim = await new SimReader().read(channelTo(new SimApplet(bad)));
    expect(sim.luhnValid).toBe(false);
  });
});
