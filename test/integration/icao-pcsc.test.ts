// The ID chip read through the real PC/SC stack: our pcscd with the vpcd driver, the virtual eMRTD as the card
// in the ID reader (in its own process, like a real card), the card service with the `smartcard` binding.
// No mocks between the reader code and the chip.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../common/errors';
import { CardService, type CardsStatus } from '../../electron/main/cards/card-service';
import { idCardWithCard } from '../../electron/main/cards/icao/id-card-port';
import { IdChipReader } from '../../electron/main/cards/icao/id-reader';
import { command as readId } from '../../cli/commands/read-id';
import { ExitCode } from '../../cli/exit-codes';
import { FACE_JPEG } from '../fixtures/vcards/emrtd-harness';
import { RemoteEmrtd } from '../fixtures/vcards/emrtd-remote';
import { makeTd1, randomTd1Data } from '../fixtures/vcards/emrtd-mrz';
import { PcscHarness, pcscSkipReason } from '../support/pcsc';

const skip = pcscSkipReason();
if (skip) console.warn(skip);

function captureIo() {
  let out = '';
  let err = '';
  return {
    io: { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) } },
    get out() {
      return out;
    },
    get err() {
      return err;
    },
  };
}

describe.skipIf(!!skip)('ID chip read over pcscd + vpcd', () => {
  let pcsc: PcscHarness;
  let service: CardService;
  let snapshot: CardsStatus | null = null;
  const tmp = mkdtempSync(join(tmpdir(), 'masa-icao-pcsc-'));
  let cards = 0;
  /** A virtual ID card in its own process, in the ID reader; its CSCA certificate lands in the returned folder. */
  const insertCard = async (mrz: string) => {
    const cscaDir = join(tmp, `csca-${++cards}`);
    const card = await RemoteEmrtd.start({ mrz, port: pcsc.idReader.port, host: pcsc.cardHost, cscaDir });
    await card.insert();
    await idCardPresent(true);
    return { card, cscaDir };
  };
  const ejectCard = async (card: RemoteEmrtd) => {
    await card.remove();
    await idCardPresent(false);
    await card.stop();
  };

  const idCardPresent = async (present: boolean) => {
    for (let i = 0; i < 300; i++) {
      const r = snapshot?.readers.find((x) => x.name === pcsc.idReader.name);
      if (r && r.cardPresent === present) return;
      await new Promise((res) => setTimeout(res, 25));
    }
    throw new Error(`ID reader never became ${present ? 'full' : 'empty'}: ${JSON.stringify(snapshot)}`);
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

  it('reads a card with a random MRZ: chip data, photo, passive authentication', async () => {
    const data = randomTd1Data();
    const mrz = makeTd1(data);
    const { card, cscaDir } = await insertCard(mrz);
    try {
      const reader = new IdChipReader({ withCard: idCardWithCard(service), cscaDirectory: () => cscaDir });
      const result = await reader.read({ mrz });
      expect(result.reader).toBe(pcsc.idReader.name);
      expect(result.chip).toMatchObject({ documentNumber: data.documentNumber, surname: data.surname, fin: data.fin, birthDate: data.birthDate });
      expect(new Uint8Array(Buffer.from(result.photo!.base64, 'base64'))).toEqual(FACE_JPEG);
      expect(result.passiveAuth).toMatchObject({ hashes: 'ok', signature: 'ok', csca: 'trusted' });
      expect(result.matchesPrinted).toBe(true);
      expect(result.apduCount).toBeGreaterThan(30);
    } finally {
      await ejectCard(card);
    }
  });

  it('answers a wrong MRZ with access denied, not a crash', async () => {
    const data = randomTd1Data();
    const { card } = await insertCard(makeTd1(data));
    try {
      const reader = new IdChipReader({ withCard: idCardWithCard(service) });
      await expect(reader.read({ documentNumber: data.documentNumber, birthDate: '010101', expiryDate: data.expiryDate })).rejects.toMatchObject({
        code: ErrorCode.CardAccessDenied,
      });
    } finally {
      await ejectCard(card);
    }
  });

  it('reports a card pulled out during DG2 clearly, and the next read works', async () => {
    const data = randomTd1Data();
    const mrz = makeTd1(data);
    const { card } = await insertCard(mrz);
    // SELECT, GET CHALLENGE, EXTERNAL AUTHENTICATE, 3 for EF.COM, 3 for DG1, SELECT DG2 + 5 chunks: then it goes.
    await card.pullAt(16);
    const reader = new IdChipReader({ withCard: idCardWithCard(service) });
    const files: string[] = [];
    const error = await reader.read({ mrz }, (p) => p.file && files.push(p.file)).catch((e) => e);
    expect(error).toMatchObject({ code: ErrorCode.CardRemoved });
    expect(files).toContain('DG2');
    await idCardPresent(false);
    await card.insert();
    await idCardPresent(true);
    try {
      const again = await reader.read({ mrz });
      expect(again.chip.documentNumber).toBe(data.documentNumber);
    } finally {
      await ejectCard(card);
    }
  });

  it('masa read-id reads through the daemon: text, JSON, photo file and exit codes', async () => {
    const data = randomTd1Data();
    const mrz = makeTd1(data);
    const { card, cscaDir } = await insertCard(mrz);
    try {
      const text = captureIo();
      const photo = join(tmp, 'face.jpg');
      expect(await readId.run(['--mrz', mrz, '--csca', cscaDir, '--photo', photo], text.io)).toBe(ExitCode.Ok);
      expect(text.out).toContain(data.documentNumber);
      expect(text.out).toContain('VERIFIED');
      expect(new Uint8Array(readFileSync(photo))).toEqual(FACE_JPEG);

      const json = captureIo();
      expect(await readId.run(['--doc', data.documentNumber, '--birth', data.birthDate, '--expiry', data.expiryDate, '--json'], json.io)).toBe(ExitCode.Ok);
      expect(JSON.parse(json.out)).toMatchObject({ verified: true, chip: { surname: data.surname }, passiveAuth: { csca: 'not-checked' } });

      const denied = captureIo();
      expect(await readId.run(['--doc', data.documentNumber, '--birth', data.birthDate, '--expiry', '991231'], denied.io)).toBe(ExitCode.AccessDenied);
      expect(denied.err).toMatch(/check the MRZ/);

      const mismatch = captureIo();
      const printed = makeTd1({ ...data, givenNames: 'OTHER' });
      expect(await readId.run(['--mrz', printed], mismatch.io)).toBe(ExitCode.VerificationFailed);
      expect(mismatch.out).toMatch(/givenNames: printed "OTHER"/);

      // And as an operator runs it: the real `masa` entry point in its own process.
      const cli = spawnSync(join(process.cwd(), 'node_modules/.bin/tsx'), ['cli/masa.ts', 'read-id', '--mrz', mrz, '--csca', cscaDir, '--json'], {
        env: process.env,
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(cli.status, cli.stderr).toBe(ExitCode.Ok);
      expect(JSON.parse(cli.stdout)).toMatchObject({ verified: true, chip: { documentNumber: data.documentNumber }, passiveAuth: { csca: 'trusted' } });
    } finally {
      await ejectCard(card);
    }
    const noCard = captureIo();
    expect(await readId.run(['--mrz', mrz], noCard.io)).toBe(ExitCode.NoCard);
  });
});
