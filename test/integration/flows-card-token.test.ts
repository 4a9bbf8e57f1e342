// e-İmza PIN unblock through the card-service adapter against a virtual PIN card: APDUs end to end.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PinCardApplet } from '../fixtures/vcards/pin-card-applet';
import { PinCardTokenPort } from '../../electron/main/flows/card-ports';
import { Parameter } from '../../common/domain/reference';
import { FLOWS, VirtualReader, failure, openDesk, type TestDesk } from '../support/desk';
import type { Operation, TokenStatus } from '../../common/ipc/channels/flows';

let desk: TestDesk;
let reader: VirtualReader<PinCardApplet>;
beforeEach(async () => {
  reader = new VirtualReader<PinCardApplet>('esign-card');
  desk = await openDesk({ ...FLOWS, flowPorts: (services) => ({ tokens: new PinCardTokenPort(reader, () => services().flows.reference.parameter(Parameter.TokenPinTries)) }) });
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
    expect(wrong).toMatchObject({ code: 'PIN_WRONG', details: { pukTriesLeft: 2 } });
    const r = await desk.call<{ operation: Operation; token: TokenStatus }>('token:unblock', { visitId: visit.id, puk: '87654321', newPin: '2468' });
    expect(r.token.pin).toEqual({ state: 'ok', triesLeft: 10, maxTries: 10 });
    expect(card.pinTriesLeft).toBe(10);
    expect(JSON.stringify(r.operation)).not.toMatch(/87654321|2468/);
  });

  it('says clearly when no card is in the reader', async () => {
    expect((await failure(desk, 'token:status', {})).code).toBe('NO_CARD');
  });
});
