// What clone detection costs a chip read: the full read (BAC + files + passive authentication) of a chip without
// DG14/DG15 is the baseline, measured in the same run on the same transport; against it, chips with Chip
// Authentication (ECDH P-256, then 3DES or AES-128 secure messaging) and Active Authentication (EC P-256 or
// RSA-2048). In-process and through pcscd + vpcd (the card in its own process, as in the integration tests).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CardService } from '../electron/main/cards/card-service';
import { idCardWithCard } from '../electron/main/cards/icao/id-card-port';
import { IdChipReader, type WithCard } from '../electron/main/cards/icao/id-reader';
import type { CardProcessConfig } from '../test/fixtures/vcards/emrtd-card-process';
import { inProcessCard, virtualIdCard } from '../test/fixtures/vcards/emrtd-harness';
import { makeTd1, randomTd1Data } from '../test/fixtures/vcards/emrtd-mrz';
import { RemoteEmrtd } from '../test/fixtures/vcards/emrtd-remote';
import { PcscHarness, pcscSkipReason } from '../test/support/pcsc';

export interface CloneBenchRow {
  transport: string;
  scenario: string;
  apdus: number;
  medianMs: number;
  baselineMs: number;
  ratio: number;
}

type Chip = Pick<CardProcessConfig, 'activeAuth' | 'chipAuth'>;
const SCENARIOS: [string, Chip][] = [
  ['CA 3DES + AA ECDSA P-256', { chipAuth: '3DES', activeAuth: 'ec' }],
  ['CA AES-128 + AA RSA-2048', { chipAuth: 'AES-128', activeAuth: 'rsa' }],
];

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function timeReads(withCard: WithCard, mrz: string, runs: number): Promise<{ ms: number; apdus: number }> {
  const reader = new IdChipReader({ withCard });
  const times: number[] = [];
  let apdus = 0;
  await reader.read({ mrz }); // warm-up: module loading, first key operations
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = await reader.read({ mrz });
    times.push(performance.now() - t0);
    apdus = r.apduCount;
    if (r.chipAuth.status === 'failed' || r.activeAuth.status === 'failed') throw new Error(`a genuine chip failed clone detection: ${JSON.stringify([r.chipAuth, r.activeAuth])}`);
  }
  return { ms: median(times), apdus };
}

async function pcscRows(mrz: string, runs: number): Promise<CloneBenchRow[]> {
  const harness = await PcscHarness.start();
  const service = new CardService({ backoff: { initialMs: 100, maxMs: 500 } });
  const tmp = mkdtempSync(join(tmpdir(), 'masa-bench-clone-'));
  service.start();
  const withChip = async (chip: Chip, n: number) => {
    const card = await RemoteEmrtd.start({ mrz, port: harness.idReader.port, host: harness.cardHost, cscaDir: join(tmp, `csca-${n}`), ...chip });
    try {
      await card.insert();
      for (let i = 0; i < 200 && !service.status().readers.some((r) => r.name === harness.idReader.name && r.cardPresent); i++) await new Promise((r) => setTimeout(r, 25));
      return await timeReads(idCardWithCard(service), mrz, runs);
    } finally {
      await card.remove();
      for (let i = 0; i < 200 && service.status().readers.some((r) => r.name === harness.idReader.name && r.cardPresent); i++) await new Promise((r) => setTimeout(r, 25));
      await card.stop();
    }
  };
  try {
    const base = await withChip({}, 0);
    const rows: CloneBenchRow[] = [{ transport: 'pcscd+vpcd', scenario: 'no DG14/DG15 (baseline)', apdus: base.apdus, medianMs: base.ms, baselineMs: base.ms, ratio: 1 }];
    let n = 1;
    for (const [scenario, chip] of SCENARIOS) {
      const t = await withChip(chip, n++);
      rows.push({ transport: 'pcscd+vpcd', scenario, apdus: t.apdus, medianMs: t.ms, baselineMs: base.ms, ratio: t.ms / base.ms });
    }
    return rows;
  } finally {
    service.stop();
    await harness.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

export async function benchIcaoClone(options: { runs?: number; pcsc?: boolean } = {}): Promise<CloneBenchRow[]> {
  const runs = options.runs ?? 7;
  const mrz = makeTd1(randomTd1Data());
  // In-process, the chips take turns within each round, so machine load and warm-up fall on all of them alike.
  const chips: [string, Chip][] = [['no DG14/DG15 (baseline)', {}], ...SCENARIOS];
  const readers = await Promise.all(chips.map(async ([, chip]) => new IdChipReader({ withCard: inProcessCard(await virtualIdCard(mrz, chip)).withCard })));
  const times = chips.map(() => [] as number[]);
  const apdus = chips.map(() => 0);
  for (let round = -1; round < runs; round++) {
    for (let i = 0; i < readers.length; i++) {
      const t0 = performance.now();
      const r = await readers[i].read({ mrz });
      if (round >= 0) times[i].push(performance.now() - t0);
      apdus[i] = r.apduCount;
    }
  }
  const base = median(times[0]);
  const rows: CloneBenchRow[] = chips.map(([scenario], i) => ({ transport: 'in-process', scenario, apdus: apdus[i], medianMs: median(times[i]), baselineMs: base, ratio: median(times[i]) / base }));
  const skip = pcscSkipReason();
  if (options.pcsc ?? !skip) rows.push(...(await pcscRows(mrz, Math.min(runs, 5))));
  else if (skip) console.log(skip);
  console.log(formatCloneBench(rows));
  return rows;
}

export function formatCloneBench(rows: CloneBenchRow[]): string {
  const lines = ['ICAO clone detection: full chip read with CA + AA; ratio = read time / read of a chip without DG14/DG15 (same transport, same run)'];
  for (const r of rows) {
    lines.push(`  ${r.transport.padEnd(11)} ${r.scenario.padEnd(28)} ${String(r.apdus).padStart(4)} APDUs  ${r.medianMs.toFixed(1).padStart(8)} ms  baseline ${r.baselineMs.toFixed(1).padStart(7)} ms  ratio ${r.ratio.toFixed(2)}`);
  }
  return lines.join('\n');
}

// `npx tsx bench/icao-clone.ts` runs it alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  void benchIcaoClone();
}
