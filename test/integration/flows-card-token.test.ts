// e-İmza PIN unblock through the card-service adapter against a virtual PIN card: APDUs end to end.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PinCardApplet } from '../fixtures/vcards/pin-card-applet';
import { SimApplet } from '../fixtures/vcards/sim-applet';
import { PinCardTokenPort } from '../../electron/main/cards/pin-card-port';
import { FLOWS, VirtualReader, failure, openDesk, type TestDesk } from '../support/desk';
import type { Operation, TokenStatus } from '../../common/ipc/channels/flows';

let desk: TestDesk;
let reader: VirtualReader<PinCardApplet>;
beforeEach(async () => {
  reader = new VirtualReader<PinCardApplet>('esign-card');
  desk = await openDesk({ ...FLOWS, flowPorts: () => ({ tokens: new PinCardTokenPort(reader) }) });
});
afterEach(async () => {
  await desk.dispose();
});

describe('e-İmza card PIN', () => {
  it('shows a blocked PIN, refuses a wrong PUK with the tries left, and unblocks with the right PUK', async () => {
    const card = new PinCardApplet({ pin: '1234', puk: '87654321', pinTries: 10 });
    card.pinCounter.left = 0;
    reader.applet = card;
    expect((await desk.call<TokenStatus>('token:status', {})).pin).toEqual({ state: 'blocked', triesLeft: 0, maxTries: 10 });
    const visit = await desk.newVisit();
    const wrong = await failure(desk, 'token:unblock', { visitId: visit.id, puk: '11111111', newPin: '2468' });
    // A wrong PUK is its own error (issue 14: it was reported as a wrong PIN), and the PUK counter shows the try spent.
    expect(wrong).toMatchObject({ code: 'PUK_WRONG', details: { pukTriesLeft: 2 } });
    expect((await desk.call<TokenStatus>('token:status', {})).puk).toEqual({ state: 'low', triesLeft: 2, maxTries: 3 });
    const r = await desk.call<{ operation: Operation; token: TokenStatus }>('token:unblock', { visitId: visit.id, puk: '87654321', newPin: '2468' });
    expect(r.token.pin).toEqual({ state: 'ok', triesLeft: 10, maxTries: 10 });
    expect(card.pinTriesLeft).toBe(10);
    expect(JSON.stringify(r.operation)).not.toMatch(/87654321|2468/);
  });

  it('shows the PIN and PUK counters the card reports, not the reference data\'s try limit', async () => {
    // Issue 14: the header said "3 of 10 left" for a card with 3 tries (10 is eimza.token.pinTries).
    const card = new PinCardApplet({ pin: '1234', puk: '87654321', pinTries: 3, pukTries: 5 });
    card.pinCounter.left = 2;
    reader.applet = card;
    const status = await desk.call<TokenStatus>('token:status', {});
    expect(status.pin).toEqual({ state: 'low', triesLeft: 2, maxTries: 3 });
    expect(status.puk).toEqual({ state: 'ok', triesLeft: 5, maxTries: 5 });
  });

  it('says the PUK is blocked, not the PIN, when the last PUK try is spent', async () => {
    const card = new PinCardApplet({ pin: '1234', puk: '87654321', pukTries: 1 });
    card.pinCounter.left = 0;
    reader.applet = card;
    const visit = await desk.newVisit();
    expect(await failure(desk, 'token:unblock', { visitId: visit.id, puk: '11111111', newPin: '2468' })).toMatchObject({ code: 'PUK_BLOCKED', details: { pukTriesLeft: 0 } });
    expect((await desk.call<TokenStatus>('token:status', {})).puk).toEqual({ state: 'blocked', triesLeft: 0, maxTries: 1 });
  });

  it('says a SIM is not a token instead of "the card did not answer as expected"', async () => {
    // A SIM whose ATR the table does not know: only the missing e-İmza application tells.
    const unknown = new VirtualReader<SimApplet>('unknown');
    unknown.applet = new SimApplet('8999401000000424242');
    const port = new PinCardTokenPort(unknown);
    await expect(port.status()).rejects.toMatchObject({ code: 'NOT_A_TOKEN', details: { reader: 'Virtual reader 0' } });
    // A SIM known by its ATR.
    const sim = new VirtualReader<SimApplet>('sim');
    sim.applet = new SimApplet('8999401000000424242');
    await expect(new PinCardTokenPort(sim).status()).rejects.toMatchObject({ code: 'NOT_A_TOKEN', details: { reader: 'Virtual reader 0', kind: 'sim' } });
  });

  it('says clearly when no card is in the reader', async () => {
    expect((await failure(desk, 'token:status', {})).code).toBe('NO_CARD');
  });
});
