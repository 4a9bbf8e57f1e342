// PACE through the real PC/SC stack: pcscd with the vpcd driver, the virtual eMRTD in its own process with
// EF.CardAccess and PACE (emrtd-pace.ts), the card service with the `smartcard` binding. No mocks between the
// reader code and the chip: PACE with the MRZ, a PACE-only chip opened with its CAN (and refused with a wrong
// one), the BAC fallback on a chip without EF.CardAccess, and `masa read-id --can`.
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../common/errors';
import { command as readId } from '../../cli/commands/read-id';
import { ExitCode } from '../../cli/exit-codes';
import { FACE_JPEG } from '../fixtures/vcards/emrtd-harness';
import { makeTd1, randomTd1Data } from '../fixtures/vcards/emrtd-mrz';
import { captureIo, useIdCardStack } from '../support/id-card-pcsc';
import { pcscSkipReason } from '../support/pcsc';

const skip = pcscSkipReason();
if (skip) console.warn(skip);

describe.skipIf(!!skip)('PACE chip read over pcscd + vpcd', () => {
  const ids = useIdCardStack('pace-pcsc');

  it('opens a chip offering PACE (brainpoolP256r1, AES-128) with the MRZ: every file read under AES secure messaging', async () => {
    const data = randomTd1Data();
    const mrz = makeTd1(data);
    await ids.withChip({ mrz, pace: { parameterId: 13, cipher: 'AES-128' } }, async ({ cscaDir }) => {
      const result = await ids.reader(cscaDir).read({ mrz });
      expect(result.accessControl).toEqual({ protocol: 'PACE', password: 'MRZ', mapping: 'ECDH-GM', curve: 'brainpoolP256r1', cipher: 'AES-128' });
      expect(result.chip).toMatchObject({ documentNumber: data.documentNumber, surname: data.surname, fin: data.fin });
      expect(new Uint8Array(Buffer.from(result.photo!.base64, 'base64'))).toEqual(FACE_JPEG);
      expect(result.passiveAuth).toMatchObject({ hashes: 'ok', signature: 'ok', csca: 'trusted' });
    });
  });

  it('opens a PACE-only chip (NIST P-256, AES-256) with its CAN, and refuses a wrong CAN', async () => {
    const data = randomTd1Data();
    const mrz = makeTd1(data);
    await ids.withChip({ mrz, pace: { parameterId: 12, cipher: 'AES-256', can: '482915', paceOnly: true } }, async () => {
      const reader = ids.reader();
      const result = await reader.read({ mrz, can: '482915' });
      expect(result.accessControl).toEqual({ protocol: 'PACE', password: 'CAN', mapping: 'ECDH-GM', curve: 'NIST P-256', cipher: 'AES-256' });
      expect(result.chip.documentNumber).toBe(data.documentNumber);
      await expect(reader.read({ mrz, can: '482916' })).rejects.toMatchObject({
        code: ErrorCode.CardAccessDenied,
        message: 'The chip refused access: check the CAN (the 6 digits printed on the card)',
      });
    });
  });

  it('falls back to BAC on a chip without EF.CardAccess', async () => {
    const data = randomTd1Data();
    const mrz = makeTd1(data);
    await ids.withChip({ mrz }, async () => {
      const result = await ids.reader().read({ mrz, can: '123456' });
      expect(result.accessControl).toEqual({ protocol: 'BAC', password: 'MRZ', mapping: null, curve: null, cipher: '3DES' });
      expect(result.chip.documentNumber).toBe(data.documentNumber);
    });
  });

  it('masa read-id --can opens a PACE-only chip; a malformed or wrong CAN gets the usage or access-denied exit code', async () => {
    const data = randomTd1Data();
    const mrz = makeTd1(data);
    await ids.withChip({ mrz, pace: { parameterId: 17, cipher: 'AES-256', can: '000777', paceOnly: true } }, async ({ cscaDir }) => {
      const text = captureIo();
      expect(await readId.run(['--mrz', mrz, '--can', '000777', '--csca', cscaDir], text.streams)).toBe(ExitCode.Ok);
      expect(text.out).toContain('Access control  PACE (ECDH-GM, brainpoolP512r1, AES-256) with the CAN');
      expect(text.out).toContain('VERIFIED');

      const json = captureIo();
      expect(await readId.run(['--doc', data.documentNumber, '--birth', data.birthDate, '--expiry', data.expiryDate, '--can', '000777', '--json'], json.streams)).toBe(ExitCode.Ok);
      expect(JSON.parse(json.out)).toMatchObject({ accessControl: { protocol: 'PACE', password: 'CAN', curve: 'brainpoolP512r1' } });

      const wrong = captureIo();
      expect(await readId.run(['--mrz', mrz, '--can', '000778'], wrong.streams)).toBe(ExitCode.AccessDenied);
      expect(wrong.err).toContain('check the CAN');

      const malformed = captureIo();
      expect(await readId.run(['--mrz', mrz, '--can', '12345'], malformed.streams)).toBe(ExitCode.Usage);
      expect(malformed.err).toContain('--can must be the 6 digits printed on the card, not "12345"');
    });
  });
});
