// Chip read benchmark: full BAC + EF.COM + DG1 + DG2 + EF.SOD + passive authentication against the virtual
// eMRTD, in-process and (when pcscd and the card service are available) through the real PC/SC stack.
// Absolute times depend on the machine, so each figure is also printed as a ratio to a baseline measured in
// the same run: the same number of plain (unprotected) APDU round trips over the same transport.
import { CommandApdu } from '../common/apdu/apdu';
import type { CardChannel } from '../common/apdu/channel';
import { IdChipReader, type WithCard } from '../electron/main/cards/icao/id-reader';
import { EMRTD_AID } from '../electron/main/cards/icao/lds';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CardService } from '../electron/main/cards/card-service';
import { idCardWithCard } from '../electron/main/cards/icao/id-card-port';
import { FACE_JPEG, inProcessCard, virtualIdCard } from '../test/fixtures/vcards/emrtd-harness';
import { makeTd1, randomTd1Data } from '../test/fixtures/vcards/emrtd-mrz';
import { RemoteEmrtd } from '../test/fixtures/vcards/emrtd-remote';
import { PcscHarness, pcscSkipReason } from '../test/support/pcsc';
import { formatPaceBench, paceInProcessRows, pacePcscRows } from './icao-pace';

export interface IcaoBenchRow {
  transport: string;
  scenario: string;
  apdus: number;
  medianMs: number;
  baselineMs: number;
  ratio: number;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Time of `count` plain SELECT (eMRTD AID) round trips: the transport's own cost for that many APDUs. */
async function plainRoundTrips(withCard: WithCard, count: number): Promise<number> {
  return withCard(undefined, async (channel: CardChannel) => {
    const select = new CommandApdu({ cla: 0x00, ins: 0xa4, p1: 0x04, p2: 0x0c, data: EMRTD_AID });
    const t0 = performance.now();
    for (let i = 0; i < count; i++) await channel.transmit(select);
    return performance.now() - t0;
  });
}

async function measure(transport: string, scenario: string, withCard: WithCard, mrz: string, runs: number, chunkSize?: number): Promise<IcaoBenchRow> {
  const reader = new IdChipReader({ withCard, chunkSize });
  const times: number[] = [];
  const baselines: number[] = [];
  let apdus = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const result = await reader.read({ mrz });
    times.push(performance.now() - t0);
    apdus = result.apduCount;
    baselines.push(await plainRoundTrips(withCard, apdus));
  }
  const medianMs = median(times);
  const baselineMs = median(baselines);
  return { transport, scenario, apdus, medianMs, baselineMs, ratio: medianMs / baselineMs };
}

export interface BenchIcaoOptions {
  runs?: number;
  /** Measure through pcscd + vpcd too (default: when pcscd is installed). */
  pcsc?: boolean;
}

const LARGE_PHOTO = 20_000;

async function benchThroughPcscd(mrz: string, runs: number): Promise<IcaoBenchRow[]> {
  const rows: IcaoBenchRow[] = [];
  const harness = await PcscHarness.start();
  const service = new CardService({ backoff: { initialMs: 100, maxMs: 500 } });
  const tmp = mkdtempSync(join(tmpdir(), 'masa-bench-icao-'));
  service.start();
  try {
    for (const padding of [0, LARGE_PHOTO - FACE_JPEG.length]) {
      // The card runs in its own process: a disconnect with reset blocks the caller's event loop (see emrtd-card-process.ts).
      const card = await RemoteEmrtd.start({ mrz, port: harness.idReader.port, host: harness.cardHost, cscaDir: join(tmp, `csca-${padding}`), photoPadding: padding });
      try {
        await card.insert();
        for (let i = 0; i < 200 && !service.status().readers.some((r) => r.name === harness.idReader.name && r.cardPresent); i++) {
          await new Promise((r) => setTimeout(r, 25));
        }
        rows.push(await measure('pcscd+vpcd', `photo ${FACE_JPEG.length + padding} B, 223-byte reads`, idCardWithCard(service), mrz, runs));
        try {
          rows.push(await measure('pcscd+vpcd', `photo ${FACE_JPEG.length + padding} B, 4 KiB extended reads`, idCardWithCard(service), mrz, runs, 4096));
        } catch (e) {
          console.log(`pcscd+vpcd extended-length reads failed: ${(e as Error).message}`);
        }
      } finally {
        await card.stop();
      }
    }
  } finally {
    service.stop();
    await harness.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
  return rows;
}

export async function benchIcao(options: BenchIcaoOptions = {}): Promise<IcaoBenchRow[]> {
  const runs = options.runs ?? 7;
  const rows: IcaoBenchRow[] = [];
  const mrz = makeTd1(randomTd1Data());
  const largePhoto = new Uint8Array(LARGE_PHOTO);
  largePhoto.set(FACE_JPEG);

  for (const [label, photo] of [
    [`photo ${FACE_JPEG.length} B`, FACE_JPEG],
    [`photo ${largePhoto.length} B`, largePhoto],
  ] as const) {
    const applet = await virtualIdCard(mrz, { face: { image: photo, type: 'jpeg' } });
    const card = inProcessCard(applet);
    rows.push(await measure('in-process', `${label}, 223-byte reads`, card.withCard, mrz, runs));
    // Extended-length reads: far fewer APDUs where reader and chip support them.
    rows.push(await measure('in-process', `${label}, 4 KiB extended reads`, card.withCard, mrz, runs, 4096));
  }

  const skip = pcscSkipReason();
  if (options.pcsc ?? !skip) rows.push(...(await benchThroughPcscd(mrz, Math.min(runs, 3))));
  else if (skip) console.log(skip);
  console.log(formatIcaoBench(rows));
  // PACE against BAC (bench/icao-pace.ts): its rows' ratio is to the BAC read, not to plain APDUs.
  const pace = await paceInProcessRows(mrz, runs);
  if (options.pcsc ?? !skip) pace.push(...(await pacePcscRows(mrz, Math.min(runs, 5))));
  console.log(formatPaceBench(pace));
  return [...rows, ...pace];
}

export function formatIcaoBench(rows: IcaoBenchRow[]): string {
  const lines = ['ICAO chip read (BAC + COM + DG1 + DG2 + SOD + passive auth); ratio = read time / same number of plain APDUs'];
  for (const r of rows) {
    lines.push(
      `  ${r.transport.padEnd(11)} ${r.scenario.padEnd(36)} ${String(r.apdus).padStart(4)} APDUs  ${r.medianMs.toFixed(1).padStart(8)} ms  ` +
        `baseline ${r.baselineMs.toFixed(1).padStart(7)} ms  ratio ${r.ratio.toFixed(2)}`,
    );
  }
  return lines.join('\n');
}

// `npx tsx bench/icao.ts` runs it alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  void benchIcao();
}
