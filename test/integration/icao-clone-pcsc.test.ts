// Clone detection through the real PC/SC stack (pcscd + vpcd, the virtual eMRTD in its own process): a genuine chip
// passes Active and Chip Authentication; a copy of it — the same DG1, DG2, DG14, DG15 and EF.SOD, other private keys —
// is refused by the reader's verdicts, by the desk's chip trust in main, and by `masa read-id`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CardService, type CardsStatus } from '../../electron/main/cards/card-service';
import { idCardWithCard } from '../../electron/main/cards/icao/id-card-port';
import { IdChipReader } from '../../electron/main/cards/icao/id-reader';
import { command as readId } from '../../cli/commands/read-id';
import { ExitCode } from '../../cli/exit-codes';
import { RemoteEmrtd } from '../fixtures/vcards/emrtd-remote';
import type { CardProcessConfig } from '../fixtures/vcards/emrtd-card-process';
import { makeTd1, randomTd1Data } from '../fixtures/vcards/emrtd-mrz';
import { openDesk, type TestDesk } from '../support/desk';
import { PcscHarness, pcscSkipReason } from '../support/pcsc';

const skip = pcscSkipReason();
if (skip) console.warn(skip);

function captureIo() {
  const io = { out: '', err: '' };
  return { io, streams: { stdout: { write: (t: string) => (io.out += t) }, stderr: { write: (t: string) => (io.err += t) } } };
}

describe.skipIf(!!skip)('clone detection over pcscd + vpcd', () => {
  let pcsc: PcscHarness;
  let service: CardService;
  let snapshot: CardsStatus | null = null;
  const tmp = mkdtempSync(join(tmpdir(), 'masa-clone-pcsc-'));
  let cards = 0;

  const idCardPresent = async (present: boolean) => {
    for (let i = 0; i < 300; i++) {
      const r = snapshot?.readers.find((x) => x.name === pcsc.idReader.name);
      if (r && r.cardPresent === present) return;
      await new Promise((res) => setTimeout(res, 25));
    }
    throw new Error(`ID reader never became ${present ? 'full' : 'empty'}: ${JSON.stringify(snapshot)}`);
  };
  /** Runs `fn` with a virtual chip of a random person in the ID reader, then takes it out. */
  const withChip = async (options: Partial<CardProcessConfig>, fn: (mrz: string, cscaDir: string, documentNumber: string) => Promise<void>) => {
    const data = randomTd1Data();
    const mrz = makeTd1(data);
    const cscaDir = join(tmp, `csca-${++cards}`);
    const card = await RemoteEmrtd.start({ mrz, port: pcsc.idReader.port, host: pcsc.cardHost, cscaDir, ...options });
    await card.insert();
    await idCardPresent(true);
    try {
      await fn(mrz, cscaDir, data.documentNumber);
    } finally {
      await card.remove();
      await idCardPresent(false);
      await card.stop();
    }
  };

  beforeAll(async () => {
    pcsc = await PcscHarness.start();
    service = new CardService({ emit: (_e, s) => (snapshot = s), backoff: { initialMs: 100, maxMs: 500 } });
    service.start();
  });

  afterAll(async () => {
    service?.stop();
    await pcsc?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('a genuine chip with EC AA and CA (3DES) passes both; the rest is read under the CA keys', async () => {
    await withChip({ activeAuth: 'ec', chipAuth: '3DES' }, async (mrz, cscaDir) => {
      const r = await new IdChipReader({ withCard: idCardWithCard(service), cscaDirectory: () => cscaDir }).read({ mrz });
      expect(r.reader).toBe(pcsc.idReader.name);
      expect(r.chipAuth).toEqual({ status: 'passed', failure: null, algorithm: 'ECDH P-256 3DES', reason: null });
      expect(r.activeAuth).toEqual({ status: 'passed', failure: null, algorithm: 'ECDSA P-256 SHA256', reason: null });
      expect(r.passiveAuth).toMatchObject({ hashes: 'ok', signature: 'ok', csca: 'trusted', mismatchedDataGroups: [] });
      expect(r.dataGroups).toEqual([1, 2, 14, 15]);
    });
  });

  it('a genuine chip with RSA-2048 AA (extended answer) and CA with AES-128 passes both', async () => {
    await withChip({ activeAuth: 'rsa', chipAuth: 'AES-128' }, async (mrz) => {
      const r = await new IdChipReader({ withCard: idCardWithCard(service) }).read({ mrz });
      expect(r.chipAuth).toMatchObject({ status: 'passed', algorithm: 'ECDH P-256 AES-128' });
      expect(r.activeAuth).toMatchObject({ status: 'passed', algorithm: 'RSA-2048 ISO 9796-2 SHA1' });
    });
  });

  it('a copy of a genuine chip fails both checks, and the desk refuses it whatever the caller says', async () => {
    await withChip({ activeAuth: 'ec', chipAuth: '3DES', cloned: true }, async (mrz, cscaDir, documentNumber) => {
      const reader = new IdChipReader({ withCard: idCardWithCard(service), cscaDirectory: () => cscaDir });
      const r = await reader.read({ mrz });
      expect(r.chip.documentNumber).toBe(documentNumber);
      expect(r.passiveAuth).toMatchObject({ hashes: 'ok', signature: 'ok', csca: 'trusted' });
      expect(r.chipAuth).toMatchObject({ status: 'failed', failure: 'keys' });
      expect(r.activeAuth).toMatchObject({ status: 'failed', failure: 'signature' });

      let desk: TestDesk | undefined;
      try {
        desk = await openDesk({ signIn: 'clerk', idChip: reader });
        const read = await desk.call<{ readId: string; refusal: string | null; chipAuth: { status: string } }>('idcard:readChip', { mrz });
        expect(read.refusal).toBe('chip-auth');
        expect(read.chipAuth.status).toBe('failed');
        const visit = await desk.callRaw('visits:create', { identityMethod: 'chip', chipReadId: read.readId, identityCheck: { chipRead: true, chipAuth: 'passed' } });
        expect(visit.error?.code).toBe('CHIP_REFUSED');
        expect(visit.error?.details).toMatchObject({ refusal: 'chip-auth' });
      } finally {
        await desk?.close();
      }

      const text = captureIo();
      expect(await readId.run(['--mrz', mrz, '--csca', cscaDir], text.streams)).toBe(ExitCode.VerificationFailed);
      expect(text.io.out).toMatch(/Chip auth\s+FAILED \(ECDH P-256 3DES\)/);
      expect(text.io.out).toMatch(/Active auth\s+FAILED \(ECDSA P-256 SHA256\)/);
      expect(text.io.out).toContain('the chip failed Chip Authentication');
    });
  });

  it('masa read-id shows both checks passed for a genuine chip, in text and JSON', async () => {
    await withChip({ activeAuth: 'ec', chipAuth: '3DES' }, async (mrz, cscaDir) => {
      const text = captureIo();
      expect(await readId.run(['--mrz', mrz, '--csca', cscaDir], text.streams)).toBe(ExitCode.Ok);
      expect(text.io.out).toMatch(/Chip auth\s+passed \(ECDH P-256 3DES\)/);
      expect(text.io.out).toMatch(/Active auth\s+passed \(ECDSA P-256 SHA256\)/);
      const json = captureIo();
      expect(await readId.run(['--mrz', mrz, '--json'], json.streams)).toBe(ExitCode.Ok);
      expect(JSON.parse(json.io.out)).toMatchObject({ verified: true, activeAuth: { status: 'passed' }, chipAuth: { status: 'passed' } });
    });
  });
});
