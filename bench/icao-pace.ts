// PACE against BAC: the full chip read (access control + EF.COM + DG1 + DG2 + EF.SOD + passive authentication) of
// a chip without EF.CardAccess (BAC, the baseline, measured in the same run on the same transport) and of chips
// offering PACE ECDH generic mapping on several curves. In-process (chips take turns within each round) and
// through pcscd + vpcd (the card in its own process, as in the integration tests). Rows feed bench/icao.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CardService } from '../electron/main/cards/card-service';
import { idCardWithCard } from '../electron/main/cards/icao/id-card-port';
import { IdChipReader, type WithCard } from '../electron/main/cards/icao/id-reader';
import { inProcessCard, virtualIdCard } from '../test/fixtures/vcards/emrtd-harness';
import type { PaceChipOptions } from '../test/fixtures/vcards/emrtd-pace';
import { RemoteEmrtd } from '../test/fixtures/vcards/emrtd-remote';
import { PcscHarness } from '../test/support/pcsc';
import type { IcaoBenchRow } from './icao';

const CAN = '271828';
const SCENARIOS: [string, PaceChipOptions | undefined][] = [
  ['BAC (no EF.CardAccess)', undefined],
  ['PACE brainpoolP256r1 AES-128', { parameterId: 13, cipher: 'AES-128', can: CAN }],
  ['PACE NIST P-256 AES-128', { parameterId: 12, cipher: 'AES-128', can: CAN }],
  ['PACE brainpoolP384r1 AES-192', { parameterId: 16, cipher: 'AES-192', can: CAN }],
  ['PACE NIST P-521 AES-256', { parameterId: 18, cipher: 'AES-256', can: CAN }],
];

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function timeRead(reader: IdChipReader, mrz: string, pace: PaceChipOptions | undefined): Promise<{ ms: number; apdus: number }> {
  const t0 = performance.now();
  const r = await reader.read(pace ? { mrz, can: CAN } : { mrz });
  const ms = performance.now() - t0;
  if (r.accessControl?.protocol !== (pace ? 'PACE' : 'BAC')) throw new Error(`expected ${pace ? 'PACE' : 'BAC'}, got ${JSON.stringify(r.accessControl)}`);
  return { ms, apdus: r.apduCount };
}

function rowsFrom(transport: string, times: number[][], apdus: number[]): IcaoBenchRow[] {
  const base = median(times[0]);
  return SCENARIOS.map(([scenario], i) => ({ transport, scenario, apdus: apdus[i], medianMs: median(times[i]), baselineMs: base, ratio: median(times[i]) / base }));
}

export async function paceInProcessRows(mrz: string, runs: number): Promise<IcaoBenchRow[]> {
  const readers = await Promise.all(SCENARIOS.map(async ([, pace]) => new IdChipReader({ withCard: inProcessCard(await virtualIdCard(mrz, { pace })).withCard })));
  const times = SCENARIOS.map(() => [] as number[]);
  const apdus = SCENARIOS.map(() => 0);
  for (let round = -1; round < runs; round++) {
    for (let i = 0; i < readers.length; i++) {
      const t = await timeRead(readers[i], mrz, SCENARIOS[i][1]);
      if (round >= 0) times[i].push(t.ms);
      apdus[i] = t.apdus;
    }
  }
  return rowsFrom('in-process', times, apdus);
}

export async function pacePcscRows(mrz: string, runs: number): Promise<IcaoBenchRow[]> {
  const harness = await PcscHarness.start();
  const service = new CardService({ backoff: { initialMs: 100, maxMs: 500 } });
  const tmp = mkdtempSync(join(tmpdir(), 'masa-bench-pace-'));
  service.start();
  const present = (want: boolean) => service.status().readers.some((r) => r.name === harness.idReader.name && r.cardPresent) === want;
  const times = SCENARIOS.map(() => [] as number[]);
  const apdus = SCENARIOS.map(() => 0);
  try {
    for (let i = 0; i < SCENARIOS.length; i++) {
      const pace = SCENARIOS[i][1];
      const card = await RemoteEmrtd.start({ mrz, port: harness.idReader.port, host: harness.cardHost, cscaDir: join(tmp, `csca-${i}`), pace });
      try {
        await card.insert();
        for (let k = 0; k < 200 && !present(true); k++) await new Promise((r) => setTimeout(r, 25));
        const withCard: WithCard = idCardWithCard(service);
        const reader = new IdChipReader({ withCard });
        for (let round = -1; round < runs; round++) {
          const t = await timeRead(reader, mrz, pace);
          if (round >= 0) times[i].push(t.ms);
          apdus[i] = t.apdus;
        }
      } finally {
        await card.remove();
        for (let k = 0; k < 200 && !present(false); k++) await new Promise((r) => setTimeout(r, 25));
        await card.stop();
      }
    }
    return rowsFrom('pcscd+vpcd', times, apdus);
  } finally {
    service.stop();
    await harness.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

export function formatPaceBench(rows: IcaoBenchRow[]): string {
  const lines = ['ICAO PACE vs BAC: full chip read; ratio = read time / BAC read of the same chip data (same transport, same run)'];
  for (const r of rows) {
    lines.push(`  ${r.transport.padEnd(11)} ${r.scenario.padEnd(30)} ${String(r.apdus).padStart(4)} APDUs  ${r.medianMs.toFixed(1).padStart(8)} ms  ratio ${r.ratio.toFixed(2)}`);
  }
  return lines.join('\n');
}
