// The composed desk (as Electron and the browser host build it) with real readers: pcscd + vpcd, virtual SIM.
// The status bar learns about readers from the card service, and the IPC contract reads the SIM through it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeskStatus } from '../../common/ipc/channels/app';
import { SimApplet } from '../fixtures/vcards/sim-applet';
import { PcscHarness, pcscSkipReason } from '../support/pcsc';
import { openDesk, waitFor, type TestDesk } from '../support/desk';
import { appendLuhn } from '../../common/domain/checksums';

const skip = pcscSkipReason();
if (skip) console.warn(skip);

function waitForStatus(desk: TestDesk, test: (s: DeskStatus) => boolean, what: string): Promise<DeskStatus> {
  if (test(desk.services.status.current())) return Promise.resolve(desk.services.status.current());
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}: ${JSON.stringify(desk.services.status.current())}`)), 15_000);
    const off = desk.services.bus.subscribe((name, payload) => {
      if (name === 'app:status' && test(payload as DeskStatus)) {
        clearTimeout(timer);
        off();
        resolve(payload as DeskStatus);
      }
    });
  });
}

describe.skipIf(!!skip)('desk with card readers', () => {
  let pcsc: PcscHarness;
  let desk: TestDesk;

  beforeAll(async () => {
    pcsc = await PcscHarness.start();
    desk = await openDesk({ hardware: true });
  });
  afterAll(async () => {
    await desk?.dispose();
    await pcsc?.stop();
  });

  it('shows the readers in the status bar and reads the SIM through the contract', async () => {
    const status = await waitForStatus(desk, (s) => s.cardService === 'running' && s.readers === 2, 'two readers');
    expect(status).toMatchObject({ cardService: 'running', readers: 2 });
    const iccid = appendLuhn('899940100000424242');
    const sim = pcsc.card('sim', new SimApplet(iccid));
    await sim.insert();
    // Until pcscd reports the card inserted.
    let r = await desk.callRaw('sim:readIccid', {});
    await waitFor(async () => (r = await desk.callRaw('sim:readIccid', {})).ok, 15_000, 'the SIM to be read');
    expect(r.value).toMatchObject({ iccid, luhnValid: true, operator: 'Azercell', reader: pcsc.simReader.name });
  });

  it('says "not running" when pcscd stops, and recovers by itself when it returns', async () => {
    await pcsc.stopDaemon();
    await waitForStatus(desk, (s) => s.cardService === 'not-running', 'card service down');
    expect((await desk.callRaw('sim:readIccid', {})).error?.code).toBe('CARD_SERVICE_DOWN');
    await pcsc.startDaemon();
    await waitForStatus(desk, (s) => s.cardService === 'running' && s.readers === 2, 'card service back');
  });
});

describe('desk without a PC/SC service', () => {
  it('says "not running" from the start, not "unavailable"', async () => {
    const previous = process.env.PCSCLITE_CSOCK_NAME;
    process.env.PCSCLITE_CSOCK_NAME = '/nonexistent/pcscd.comm';
    const desk = await openDesk({ hardware: true, setUp: false });
    try {
      expect(desk.services.status.current().cardService).toBe('not-running');
    } finally {
      await desk.dispose();
      if (previous === undefined) delete process.env.PCSCLITE_CSOCK_NAME;
      else process.env.PCSCLITE_CSOCK_NAME = previous;
    }
  });
});
