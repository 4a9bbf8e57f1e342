import { describe, expect, it } from 'vitest';
import { AuthenticationBlocked, WrongPin, createCardChannel } from '../../common/apdu';
import { utf8 } from '../../common/bytes';
import { ErrorCode } from '../../common/errors';
import { PinCard } from '../../electron/main/cards/pin-card';
import { PinCardApplet } from '../../test/fixtures/vcards/pin-card-applet';

async function cardWith(applet: PinCardApplet, sent: Uint8Array[] = []) {
  const card = new PinCard(createCardChannel(async (bytes) => {
    sent.push(bytes); // the transport zeroes it after the answer: we keep the reference to check that
    return applet.process(bytes);
  }));
  await card.select();
  return card;
}

describe('PIN card', () => {
  it('verifies the right PIN and reports tries left without spending one', async () => {
    const card = await cardWith(new PinCardApplet({ pin: '1234' }));
    expect(await card.pinState()).toEqual({ state: 'ok', triesLeft: 3 });
    await card.verify(utf8('1234'));
    expect(await card.pinState()).toEqual({ state: 'verified' });
  });

  it('counts wrong PINs down and blocks after three, then the PUK unblocks with a new PIN', async () => {
    const applet = new PinCardApplet({ pin: '1234', puk: '11223344' });
    const card = await cardWith(applet);
    const e1 = await card.verify(utf8('0000')).catch((e) => e);
    expect(e1).toBeInstanceOf(WrongPin);
    expect(e1.retriesLeft).toBe(2);
    expect(e1.code).toBe(ErrorCode.PinWrong);
    await expect(card.verify(utf8('0000'))).rejects.toMatchObject({ retriesLeft: 1 });
    await expect(card.verify(utf8('0000'))).rejects.toBeInstanceOf(AuthenticationBlocked);
    // Even the right PIN is refused now.
    await expect(card.verify(utf8('1234'))).rejects.toBeInstanceOf(AuthenticationBlocked);
    expect(await card.pinState()).toEqual({ state: 'blocked' });

    await expect(card.unblock(utf8('99999999'), utf8('4321'))).rejects.toMatchObject({ retriesLeft: 2 });
    await card.unblock(utf8('11223344'), utf8('4321'));
    expect(await card.pinState()).toEqual({ state: 'ok', triesLeft: 3 });
    await expect(card.verify(utf8('1234'))).rejects.toBeInstanceOf(WrongPin);
    await card.verify(utf8('4321'));
  });

  it('blocks the card for good after three wrong PUKs', async () => {
    const card = await cardWith(new PinCardApplet({ puk: '11223344' }));
    for (const left of [2, 1]) await expect(card.unblock(utf8('00000000'), utf8('1111'))).rejects.toMatchObject({ retriesLeft: left });
    await expect(card.unblock(utf8('00000000'), utf8('1111'))).rejects.toBeInstanceOf(AuthenticationBlocked);
    await expect(card.unblock(utf8('11223344'), utf8('1111'))).rejects.toBeInstanceOf(AuthenticationBlocked);
  });

  it('changes the PIN only with the right old PIN', async () => {
    const card = await cardWith(new PinCardApplet({ pin: '1234' }));
    await expect(card.change(utf8('9999'), utf8('5555'))).rejects.toBeInstanceOf(WrongPin);
    await card.change(utf8('1234'), utf8('5555'));
    await card.verify(utf8('5555'));
  });

  it('zeroes the caller buffers and the encoded commands once the card answered', async () => {
    const sent: Uint8Array[] = [];
    const card = await cardWith(new PinCardApplet({ pin: '1234' }), sent);
    const pin = utf8('1234');
    await card.verify(pin);
    expect([...pin]).toEqual([0, 0, 0, 0]);
    const verify = sent.at(-1)!;
    expect([...verify.subarray(5)].every((b) => b === 0)).toBe(true);
  });

  it('refuses a malformed PIN without echoing it', async () => {
    const card = await cardWith(new PinCardApplet());
    const e = await card.verify(utf8('12a4')).catch((x) => x);
    expect(e.code).toBe(ErrorCode.InvalidInput);
    expect(e.message).not.toContain('12a4');
  });
});
