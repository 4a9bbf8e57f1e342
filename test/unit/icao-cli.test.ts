// `masa read-id` against an in-process virtual chip: what the operator sees, and the exit codes scripts rely on.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { command as readId } from '../../cli/commands/read-id';
import { ExitCode } from '../../cli/exit-codes';
import { FACE_JPEG, inProcessCard, virtualIdCard } from '../fixtures/vcards/emrtd-harness';
import { makeTd1, randomTd1Data } from '../fixtures/vcards/emrtd-mrz';

const tmp = mkdtempSync(join(tmpdir(), 'masa-read-id-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function capture() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: { write: (t: string) => (out.stdout += t) }, stderr: { write: (t: string) => (out.stderr += t) } } };
}

describe('masa read-id', () => {
  it('prints the chip data and VERIFIED, saves the photo, exit 0', async () => {
    const data = randomTd1Data();
    const mrz = makeTd1(data);
    const card = inProcessCard(await virtualIdCard(mrz));
    const { out, io } = capture();
    const photo = join(tmp, 'face.jpg');
    // The MRZ as one shell argument with the lines joined by spaces, as a scanner or a terminal paste gives it.
    const code = await readId.run(['--mrz', mrz.split('\n').join(' '), '--photo', photo], io, { withCard: card.withCard });
    expect(out.stderr).toBe('');
    expect(code).toBe(ExitCode.Ok);
    expect(out.stdout).toContain(data.documentNumber);
    expect(out.stdout).toContain(data.surname);
    expect(out.stdout).toMatch(/CSCA not-checked/);
    expect(out.stdout).toMatch(/\nVERIFIED\n/);
    expect(new Uint8Array(readFileSync(photo))).toEqual(FACE_JPEG);
  });

  it('exit 5 with "check the MRZ" for wrong document data, exit 6 for a printed/chip mismatch', async () => {
    const data = randomTd1Data();
    const card = inProcessCard(await virtualIdCard(makeTd1(data)));
    const denied = capture();
    expect(await readId.run(['--doc', data.documentNumber, '--birth', data.birthDate, '--expiry', '011231'], denied.io, { withCard: card.withCard })).toBe(
      ExitCode.AccessDenied,
    );
    expect(denied.out.stderr).toMatch(/check the MRZ/);
    const mismatch = capture();
    expect(await readId.run(['--mrz', makeTd1({ ...data, surname: 'OTHERNAME' }), '--json'], mismatch.io, { withCard: card.withCard })).toBe(
      ExitCode.VerificationFailed,
    );
    expect(JSON.parse(mismatch.out.stdout)).toMatchObject({ verified: false, problems: [expect.stringContaining('surname')] });
  });

  it('exit 4 when the card is pulled out, 2 with the reason for missing arguments', async () => {
    const data = randomTd1Data();
    const card = inProcessCard(await virtualIdCard(makeTd1(data)));
    card.pullAfter(12);
    const pulled = capture();
    expect(await readId.run(['--mrz', makeTd1(data)], pulled.io, { withCard: card.withCard })).toBe(ExitCode.NoCard);
    expect(pulled.out.stderr).toMatch(/removed/);
    const usage = capture();
    expect(await readId.run(['--doc', 'AA1234567'], usage.io)).toBe(ExitCode.Usage);
    expect(usage.out.stderr).toMatch(/--birth and --expiry are missing/);
  });
});
