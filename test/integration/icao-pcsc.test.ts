// The ID chip read through the real PC/SC stack: our pcscd with the vpcd driver, the virtual eMRTD as the card
// in the ID reader (in its own process, like a real card), the card service with the `smartcard` binding.
// No mocks between the reader code and the chip.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../common/errors';
import { command as readId } from '../../cli/commands/read-id';
import { ExitCode } from '../../cli/exit-codes';
import { FACE_JPEG } from '../fixtures/vcards/emrtd-harness';
import { makeTd1, randomTd1Data } from '../fixtures/vcards/emrtd-mrz';
import { captureIo, useIdCardStack } from '../support/id-card-pcsc';
import { pcscSkipReason } from '../support/pcsc';

const skip = pcscSkipReason();
if (skip) console.warn(skip);

describe.skipIf(!!skip)('ID chip read over pcscd + vpcd', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'masa-icao-photos-'));
  const ids = useIdCardStack('icao-pcsc');
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('reads a card with a random MRZ: chip data, photo, passive authentication', async () => {
    const data = randomTd1Data();
    const mrz = makeTd1(data);
    const chip = await ids.insert({ mrz });
    const { cscaDir } = chip;
    try {
      const reader = ids.reader(cscaDir);
      const result = await reader.read({ mrz });
      expect(result.reader).toBe(ids.pcsc.idReader.name);
      expect(result.chip).toMatchObject({ documentNumber: data.documentNumber, surname: data.surname, fin: data.fin, birthDate: data.birthDate });
      expect(new Uint8Array(Buffer.from(result.photo!.base64, 'base64'))).toEqual(FACE_JPEG);
      expect(result.passiveAuth).toMatchObject({ hashes: 'ok', signature: 'ok', csca: 'trusted' });
      expect(result.matchesPrinted).toBe(true);
      expect(result.apduCount).toBeGreaterThan(30);
    } finally {
      await chip.remove();
    }
  });

  it('answers a wrong MRZ with access denied, not a crash', async () => {
    const data = randomTd1Data();
    const chip = await ids.insert({ mrz: makeTd1(data) });
    try {
      const reader = ids.reader();
      await expect(reader.read({ documentNumber: data.documentNumber, birthDate: '010101', expiryDate: data.expiryDate })).rejects.toMatchObject({
        code: ErrorCode.CardAccessDenied,
      });
    } finally {
      await chip.remove();
    }
  });

  it('reports a card pulled out during DG2 clearly, and the next read works', async () => {
    const data = randomTd1Data();
    const mrz = makeTd1(data);
    const chip = await ids.insert({ mrz });
    const { card } = chip;
    // SELECT, GET CHALLENGE, EXTERNAL AUTHENTICATE, 3 for EF.COM, 3 for DG1, SELECT DG2 + 5 chunks: then it goes.
    await card.pullAt(16);
    const reader = ids.reader();
    const files: string[] = [];
    const error = await reader.read({ mrz }, (p) => p.file && files.push(p.file)).catch((e) => e);
    expect(error).toMatchObject({ code: ErrorCode.CardRemoved });
    expect(files).toContain('DG2');
    await ids.idCardPresent(false);
    await card.insert();
    await ids.idCardPresent(true);
    try {
      const again = await reader.read({ mrz });
      expect(again.chip.documentNumber).toBe(data.documentNumber);
    } finally {
      await chip.remove();
    }
  });

  it('masa read-id reads through the daemon: text, JSON, photo file and exit codes', async () => {
    const data = randomTd1Data();
    const mrz = makeTd1(data);
    const chip = await ids.insert({ mrz });
    const { cscaDir } = chip;
    try {
      const text = captureIo();
      const photo = join(tmp, 'face.jpg');
      expect(await readId.run(['--mrz', mrz, '--csca', cscaDir, '--photo', photo], text.streams)).toBe(ExitCode.Ok);
      expect(text.out).toContain(data.documentNumber);
      expect(text.out).toContain('VERIFIED');
      expect(new Uint8Array(readFileSync(photo))).toEqual(FACE_JPEG);

      const json = captureIo();
      expect(await readId.run(['--doc', data.documentNumber, '--birth', data.birthDate, '--expiry', data.expiryDate, '--json'], json.streams)).toBe(ExitCode.Ok);
      expect(JSON.parse(json.out)).toMatchObject({ verified: true, chip: { surname: data.surname }, passiveAuth: { csca: 'not-checked' } });

      const denied = captureIo();
      expect(await readId.run(['--doc', data.documentNumber, '--birth', data.birthDate, '--expiry', '991231'], denied.streams)).toBe(ExitCode.AccessDenied);
      expect(denied.err).toMatch(/check the MRZ/);

      const mismatch = captureIo();
      const printed = makeTd1({ ...data, givenNames: 'OTHER' });
      expect(await readId.run(['--mrz', printed], mismatch.streams)).toBe(ExitCode.VerificationFailed);
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
      await chip.remove();
    }
    const noCard = captureIo();
    expect(await readId.run(['--mrz', mrz], noCard.streams)).toBe(ExitCode.NoCard);
  });
});
