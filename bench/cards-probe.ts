// What asking a card its kind costs (issue 11, deliver 1), over pcscd + vpcd with the harness's quickack loopback:
//  1. one probe (exclusive connect, the SELECTs, disconnect) of a SIM and of an ID card whose ATRs no table lists,
//     against the same session with no command at all (the connect/disconnect baseline);
// Sessions alternate between the two kinds of run so load on the machine hits both (medians of ROUNDS each).
import { CardService } from '../electron/main/cards/card-service';
import { probeCardKind } from '../electron/main/cards/card-prober';
import { virtualIdCard } from '../test/fixtures/vcards/emrtd-harness';
import { makeTd1, randomTd1Data } from '../test/fixtures/vcards/emrtd-mrz';
import { SimApplet } from '../test/fixtures/vcards/sim-applet';
import { PcscHarness, pcscSkipReason } from '../test/support/pcsc';
import { waitFor } from '../test/support/wait';
import { fmt, median } from './stats';

const ICCID = '8999401012345678901';
const UNLISTED_SIM_ATR = Uint8Array.of(0x3b, 0x08, 0x55, 0x4e, 0x4c, 0x49, 0x53, 0x54, 0x45, 0x44);
const UNLISTED_ID_ATR = Uint8Array.of(0x3b, 0x08, 0x4f, 0x54, 0x48, 0x45, 0x52, 0x43, 0x52, 0x44);
const ROUNDS = 30;

async function timed(n: number, fn: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

export async function benchCardsProbe(): Promise<Record<string, unknown>> {
  const skip = pcscSkipReason();
  if (skip) {
    console.log(skip);
    return { skipped: skip };
  }
  const harness = await PcscHarness.start();
  const watcher = new CardService();
  watcher.start();
  const present = (name: string, yes: boolean) => waitFor(() => watcher.status().readers.some((r) => r.name === name && r.cardPresent === yes), 10_000, name);
  try {
    const sim = harness.card('sim', new SimApplet(ICCID, { atr: UNLISTED_SIM_ATR }));
    const id = harness.card('id', await virtualIdCard(makeTd1(randomTd1Data()), { atr: UNLISTED_ID_ATR }));
    await sim.insert();
    await id.insert();
    await present(harness.simReader.name, true);
    await present(harness.idReader.name, true);
    await watcher.probesSettled();
    const on = (reader: string, fn: Parameters<CardService['withCard']>[1]) => () => watcher.withCard({ reader }, fn);
    const runs = { baseline: [] as number[], sim: [] as number[], id: [] as number[] };
    for (let i = 0; i < ROUNDS; i++) {
      runs.baseline.push(...(await timed(1, on(harness.simReader.name, async () => undefined))));
      runs.sim.push(...(await timed(1, on(harness.simReader.name, ({ channel }) => probeCardKind(channel)))));
      runs.id.push(...(await timed(1, on(harness.idReader.name, ({ channel }) => probeCardKind(channel)))));
    }
    const baseline = median(runs.baseline);
    const simProbe = median(runs.sim);
    const idProbe = median(runs.id);
    console.log(`session, no command (baseline)   ${fmt(baseline, 3)} ms`);
    console.log(`probe, unlisted SIM (4 APDUs)    ${fmt(simProbe, 3)} ms  (+${fmt(simProbe - baseline, 3)} ms over the baseline)`);
    console.log(`probe, unlisted ID card (1 APDU) ${fmt(idProbe, 3)} ms  (+${fmt(idProbe - baseline, 3)} ms)`);

    return { sessionBaselineMs: baseline, probeSimMs: simProbe, probeIdCardMs: idProbe };
  } finally {
    watcher.stop();
    await harness.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchCardsProbe().then(() => process.exit(0));
}
