// Clone detection through the real PC/SC stack (pcscd + vpcd, the virtual eMRTD in its own process): a genuine chip
// passes Active and Chip Authentication; a copy of it — the same DG1, DG2, DG14, DG15 and EF.SOD, other private keys —
// is refused by the reader's verdicts, by the desk's chip trust in main, and by `masa read-id`.
import { describe, expect, it } from 'vitest';
import { command as readId } from '../../cli/commands/read-id';
import { ExitCode } from '../../cli/exit-codes';
import { makeTd1, randomTd1Data } from '../fixtures/vcards/emrtd-mrz';
import { openDesk, type TestDesk } from '../support/desk';
import { captureIo, useIdCardStack } from '../support/id-card-pcsc';
import { pcscSkipReason } from '../support/pcsc';

const skip = pcscSkipReason();
if (skip) console.warn(skip);

describe.skipIf(!!skip)('clone detection over pcscd + vpcd', () => {
  const ids = useIdCardStack('clone-pcsc');

  it('a genuine chip with EC AA and CA (3DES) passes both; the rest is read under the CA keys', async () => {
    await ids.withChip({ activeAuth: 'ec', chipAuth: '3DES' }, async ({ mrz, cscaDir }) => {
      const r = await ids.reader(cscaDir).read({ mrz });
      expect(r.reader).toBe(ids.pcsc.idReader.name);
      expect(r.chipAuth).toEqual({ status: 'passed', failure: null, algorithm: 'ECDH P-256 3DES', reason: null });
      expect(r.activeAuth).toEqual({ status: 'passed', failure: null, algorithm: 'ECDSA P-256 SHA256', reason: null });
      expect(r.passiveAuth).toMatchObject({ hashes: 'ok', signature: 'ok', csca: 'trusted', mismatchedDataGroups: [] });
      expect(r.dataGroups).toEqual([1, 2, 14, 15]);
    });
  });

  it('a genuine chip with RSA-2048 AA (extended answer) and CA with AES-128 passes both', async () => {
    await ids.withChip({ activeAuth: 'rsa', chipAuth: 'AES-128' }, async ({ mrz }) => {
      const r = await ids.reader().read({ mrz });
      expect(r.chipAuth).toMatchObject({ status: 'passed', algorithm: 'ECDH P-256 AES-128' });
      expect(r.activeAuth).toMatchObject({ status: 'passed', algorithm: 'RSA-2048 ISO 9796-2 SHA1' });
    });
  });

  it('a copy of a genuine chip fails both checks, and the desk refuses it whatever the caller says', async () => {
    const data = randomTd1Data();
    await ids.withChip({ mrz: makeTd1(data), activeAuth: 'ec', chipAuth: '3DES', cloned: true }, async ({ mrz, cscaDir }) => {
      const reader = ids.reader(cscaDir);
      const r = await reader.read({ mrz });
      expect(r.chip.documentNumber).toBe(data.documentNumber);
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
      expect(text.out).toMatch(/Chip auth\s+FAILED \(ECDH P-256 3DES\)/);
      expect(text.out).toMatch(/Active auth\s+FAILED \(ECDSA P-256 SHA256\)/);
      expect(text.out).toContain('the chip failed Chip Authentication');
    });
  });

  it('masa read-id shows both checks passed for a genuine chip, in text and JSON', async () => {
    await ids.withChip({ activeAuth: 'ec', chipAuth: '3DES' }, async ({ mrz, cscaDir }) => {
      const text = captureIo();
      expect(await readId.run(['--mrz', mrz, '--csca', cscaDir], text.streams)).toBe(ExitCode.Ok);
      expect(text.out).toMatch(/Chip auth\s+passed \(ECDH P-256 3DES\)/);
      expect(text.out).toMatch(/Active auth\s+passed \(ECDSA P-256 SHA256\)/);
      const json = captureIo();
      expect(await readId.run(['--mrz', mrz, '--json'], json.streams)).toBe(ExitCode.Ok);
      expect(JSON.parse(json.out)).toMatchObject({ verified: true, activeAuth: { status: 'passed' }, chipAuth: { status: 'passed' } });
    });
  });
});
