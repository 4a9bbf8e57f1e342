// `masa cards` and `masa read-iccid` through the real card service, pcscd and vpcd (run() called directly; the
// dispatcher cli/masa.ts only routes to it). Exit codes are part of the contract for scripts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { command as cardsCommand } from '../../cli/commands/cards';
import { command as readIccidCommand } from '../../cli/commands/read-iccid';
import { ExitCode } from '../../cli/exit-codes';
import { CardService } from '../../electron/main/cards/card-service';
import { luhnValid } from '../../electron/main/cards/sim';
import { SimApplet } from '../fixtures/vcards/sim-applet';
import { PcscHarness, pcscSkipReason } from '../support/pcsc';

const skip = pcscSkipReason();

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) } }, out: () => out.join(''), err: () => err.join('') };
}

async function until(test: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(!!skip)('masa cards / read-iccid', () => {
  let pcsc: PcscHarness;
  const iccid = (() => {
    for (let d = 0; d <= 9; d++) if (luhnValid('899940601234567890' + d)) return '899940601234567890' + d;
    throw new Error('unreachable');
  })();

  beforeAll(async () => {
    pcsc = await PcscHarness.start();
  });
  afterAll(async () => {
    await pcsc?.stop();
  });

  it('lists the readers (text and JSON)', async () => {
    const t = io();
    expect(await cardsCommand.run([], t.io)).toBe(ExitCode.Ok);
    expect(t.out()).toContain(`${pcsc.simReader.name}: no card`);
    const j = io();
    expect(await cardsCommand.run(['--json'], j.io)).toBe(ExitCode.Ok);
    expect(JSON.parse(j.out())).toMatchObject({ serviceRunning: true, readers: [{ name: pcsc.idReader.name }, { name: pcsc.simReader.name }] });
  });

  it('exit code 4 without a SIM, then reads the ICCID of the SIM inserted', async () => {
    const none = io();
    expect(await readIccidCommand.run([], none.io)).toBe(ExitCode.NoCard);
    expect(none.err()).toMatch(/No SIM card/);

    const card = pcsc.card('sim', new SimApplet(iccid));
    await card.insert();
    // The CLI opens its own service; wait until pcscd has seen the card (it polls the vpcd reader every 400 ms).
    const watcher = new CardService();
    watcher.start();
    await until(() => watcher.status().readers.some((r) => r.kind === 'sim'));
    watcher.stop();

    const text = io();
    expect(await readIccidCommand.run([], text.io)).toBe(ExitCode.Ok);
    expect(text.out()).toContain(`ICCID     ${iccid}`);
    expect(text.out()).toContain('Operator  Naxtel');
    const json = io();
    expect(await readIccidCommand.run(['--reader', pcsc.simReader.name, '--json'], json.io)).toBe(ExitCode.Ok);
    expect(JSON.parse(json.out())).toEqual({ iccid, luhnValid: true, operator: 'Naxtel', reader: pcsc.simReader.name });
    const wrongReader = io();
    expect(await readIccidCommand.run(['--reader', 'No Such Reader'], wrongReader.io)).toBe(ExitCode.NoReader);
    await card.remove();
  });

  it('exit code 7 when pcscd is not running', async () => {
    await pcsc.stopDaemon();
    const t = io();
    expect(await readIccidCommand.run([], t.io)).toBe(ExitCode.CardServiceDown);
    expect(t.err()).toMatch(/not running/);
    const c = io();
    expect(await cardsCommand.run([], c.io)).toBe(ExitCode.CardServiceDown);
    await pcsc.startDaemon();
  });
});
