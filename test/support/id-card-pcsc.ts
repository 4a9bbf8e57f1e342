// The chip-read integration tests' one PC/SC stack: our pcscd with the vpcd driver, the card service with the
// `smartcard` binding watching it, and the virtual eMRTD (emrtd-card-process.ts) in its own process as the card in
// the ID reader — inserted, awaited until the service sees it, taken out and stopped. No mocks between the reader
// code and the chip. `useIdCardStack` registers its own beforeAll/afterAll in the calling describe block.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { CardService, type CardsStatus } from '../../electron/main/cards/card-service';
import { idCardWithCard } from '../../electron/main/cards/icao/id-card-port';
import { IdChipReader } from '../../electron/main/cards/icao/id-reader';
import type { CardProcessConfig } from '../fixtures/vcards/emrtd-card-process';
import { makeTd1, randomTd1Data } from '../fixtures/vcards/emrtd-mrz';
import { RemoteEmrtd } from '../fixtures/vcards/emrtd-remote';
import { PcscHarness } from './pcsc';

/** What a card process is given beyond the reader's address and its CSCA folder (which the stack picks). */
export type ChipOptions = Partial<Omit<CardProcessConfig, 'port' | 'host' | 'cscaDir'>>;

export interface InsertedChip {
  mrz: string;
  /** The card's CSCA certificate lands here: pass it as the trust folder to check passive authentication. */
  cscaDir: string;
  card: RemoteEmrtd;
  /** Takes the card out, waits until the service sees the reader empty, and stops the card's process. */
  remove(): Promise<void>;
}

export interface IdCardStack {
  readonly pcsc: PcscHarness;
  readonly service: CardService;
  /** The card service's last `cards:changed` snapshot. */
  readonly snapshot: CardsStatus | null;
  /** Waits (up to 7.5 s) until the service sees a card in the ID reader, or sees it empty. */
  idCardPresent(present: boolean): Promise<void>;
  /** A virtual ID card in the ID reader (a random person's TD1 MRZ unless `mrz` is given). */
  insert(options?: ChipOptions): Promise<InsertedChip>;
  /** Runs `fn` with a chip in the ID reader, then takes it out whatever `fn` did. */
  withChip<T>(options: ChipOptions, fn: (chip: InsertedChip) => Promise<T>): Promise<T>;
  /** The desk's chip reader on this stack, trusting the CSCAs in `cscaDir` (none: the CSCA step is not checked). */
  reader(cscaDir?: string): IdChipReader;
}

export function useIdCardStack(name: string, setUp?: () => void | Promise<void>): IdCardStack {
  let pcsc: PcscHarness | undefined;
  let service: CardService | undefined;
  let snapshot: CardsStatus | null = null;
  const tmp = mkdtempSync(join(tmpdir(), `masa-${name}-`));
  let cards = 0;

  beforeAll(async () => {
    await setUp?.();
    pcsc = await PcscHarness.start();
    service = new CardService({ emit: (_e, s) => (snapshot = s), backoff: { initialMs: 100, maxMs: 500 } });
    service.start();
  });

  afterAll(async () => {
    service?.stop();
    await pcsc?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  const started = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error('the ID card stack is not started (use it inside the describe block)');
    return v;
  };

  const stack: IdCardStack = {
    get pcsc() {
      return started(pcsc);
    },
    get service() {
      return started(service);
    },
    get snapshot() {
      return snapshot;
    },
    async idCardPresent(present) {
      const reader = stack.pcsc.idReader.name;
      for (let i = 0; i < 300; i++) {
        const r = snapshot?.readers.find((x) => x.name === reader);
        if (r && r.cardPresent === present) return;
        await new Promise((res) => setTimeout(res, 25));
      }
      throw new Error(`ID reader never became ${present ? 'full' : 'empty'}: ${JSON.stringify(snapshot)}`);
    },
    async insert(options = {}) {
      const mrz = options.mrz ?? makeTd1(randomTd1Data());
      const cscaDir = join(tmp, `csca-${++cards}`);
      const card = await RemoteEmrtd.start({ ...options, mrz, port: stack.pcsc.idReader.port, host: stack.pcsc.cardHost, cscaDir });
      await card.insert();
      await stack.idCardPresent(true);
      return {
        mrz,
        cscaDir,
        card,
        async remove() {
          await card.remove();
          await stack.idCardPresent(false);
          await card.stop();
        },
      };
    },
    async withChip(options, fn) {
      const chip = await stack.insert(options);
      try {
        return await fn(chip);
      } finally {
        await chip.remove();
      }
    },
    reader(cscaDir) {
      return new IdChipReader({ withCard: idCardWithCard(stack.service), cscaDirectory: () => cscaDir });
    },
  };
  return stack;
}

/** Stand-in stdout/stderr for a CLI command run in-process; `out` and `err` are what it wrote. */
export function captureIo(): { streams: { stdout: { write(t: string): void }; stderr: { write(t: string): void } }; readonly out: string; readonly err: string } {
  let out = '';
  let err = '';
  return {
    streams: { stdout: { write: (t: string) => void (out += t) }, stderr: { write: (t: string) => void (err += t) } },
    get out() {
      return out;
    },
    get err() {
      return err;
    },
  };
}
