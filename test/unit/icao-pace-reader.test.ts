// The chip read with PACE against the virtual eMRTD in-process: PACE chosen from EF.CardAccess on each supported
// kind of curve and cipher, keyed by the MRZ or by the CAN; a PACE-only chip (BAC refused) opens with its CAN;
// a wrong CAN is refused with a sentence naming the CAN; a chip without EF.CardAccess is still read with BAC.
import { describe, expect, it } from 'vitest';
import { CommandApdu } from '../../common/apdu/apdu';
import { createCardChannel } from '../../common/apdu/transmit';
import { AppError, ErrorCode } from '../../common/errors';
import { IdChipReader } from '../../electron/main/cards/icao/id-reader';
import { EMRTD_AID } from '../../electron/main/cards/icao/lds';
import { FACE_JPEG, inProcessCard, virtualIdCard } from '../fixtures/vcards/emrtd-harness';
import { makeTd1, randomTd1Data } from '../fixtures/vcards/emrtd-mrz';
import type { PaceChipOptions } from '../fixtures/vcards/emrtd-pace';

async function readWith(pace: PaceChipOptions | undefined, input: { can?: string; wrongMrz?: boolean } = {}) {
  const data = randomTd1Data();
  const mrz = makeTd1(data);
  const applet = await virtualIdCard(mrz, { pace });
  const reader = new IdChipReader({ withCard: inProcessCard(applet).withCard });
  const fields = { documentNumber: data.documentNumber, birthDate: input.wrongMrz ? '010101' : data.birthDate, expiryDate: data.expiryDate };
  return { data, result: reader.read(input.can ? { ...fields, can: input.can } : fields) };
}

describe('PACE in the chip read', () => {
  const cases: [string, PaceChipOptions, string][] = [
    ['brainpoolP256r1 + AES-128', { parameterId: 13, cipher: 'AES-128' }, 'brainpoolP256r1'],
    ['NIST P-256 + 3DES', { parameterId: 12, cipher: '3DES' }, 'NIST P-256'],
    ['NIST P-384 + AES-192', { parameterId: 15, cipher: 'AES-192' }, 'NIST P-384'],
    ['brainpoolP384r1 + AES-256', { parameterId: 16, cipher: 'AES-256' }, 'brainpoolP384r1'],
    ['brainpoolP512r1 + AES-256', { parameterId: 17, cipher: 'AES-256' }, 'brainpoolP512r1'],
    ['NIST P-521 + AES-256', { parameterId: 18, cipher: 'AES-256' }, 'NIST P-521'],
  ];
  for (const [label, pace, curve] of cases) {
    it(`opens a chip offering ${label} with the MRZ and reads every file under its secure messaging`, async () => {
      const { data, result } = await readWith(pace);
      const read = await result;
      expect(read.accessControl).toEqual({ protocol: 'PACE', password: 'MRZ', mapping: 'ECDH-GM', curve, cipher: pace.cipher });
      expect(read.chip.documentNumber).toBe(data.documentNumber);
      expect(new Uint8Array(Buffer.from(read.photo!.base64, 'base64'))).toEqual(FACE_JPEG);
      expect(read.passiveAuth).toMatchObject({ hashes: 'ok', signature: 'ok' });
    });
  }

  it('skips a DH PACEInfo it cannot run and names the chosen curve (tag 84) when EF.CardAccess lists several', async () => {
    const { result } = await readWith({ parameterId: 16, cipher: 'AES-192', paceOnly: true, alsoListDh: true });
    expect((await result).accessControl).toEqual({ protocol: 'PACE', password: 'MRZ', mapping: 'ECDH-GM', curve: 'brainpoolP384r1', cipher: 'AES-192' });
  });

  it('runs Chip and Active Authentication after PACE: CA restarts the AES session PACE opened, AA answers under it', async () => {
    const data = randomTd1Data();
    const mrz = makeTd1(data);
    const applet = await virtualIdCard(mrz, { pace: { parameterId: 13, cipher: 'AES-128' }, chipAuth: 'AES-128', activeAuth: 'ec' });
    const read = await new IdChipReader({ withCard: inProcessCard(applet).withCard }).read({ mrz });
    expect(read.accessControl?.protocol).toBe('PACE');
    expect(read.chipAuth.status).toBe('passed');
    expect(read.activeAuth.status).toBe('passed');
    expect(read.chip.documentNumber).toBe(data.documentNumber);
  });

  it('a copied PACE-only chip fails Chip Authentication; the reader opens it again with PACE and the CAN to finish the read', async () => {
    const mrz = makeTd1(randomTd1Data());
    const pace = { parameterId: 12, cipher: 'AES-256', can: '555123', paceOnly: true } as const;
    const applet = await virtualIdCard(mrz, { pace, chipAuth: 'AES-256', activeAuth: 'ec', cloned: true });
    const read = await new IdChipReader({ withCard: inProcessCard(applet).withCard }).read({ mrz, can: '555123' });
    expect(read.accessControl).toMatchObject({ protocol: 'PACE', password: 'CAN' });
    expect(read.chipAuth.status).toBe('failed');
    expect(read.activeAuth.status).toBe('failed');
  });

  it('opens a PACE-only chip with its CAN', async () => {
    const { data, result } = await readWith({ parameterId: 13, cipher: 'AES-128', can: '123456', paceOnly: true }, { can: '123456' });
    const read = await result;
    expect(read.accessControl).toEqual({ protocol: 'PACE', password: 'CAN', mapping: 'ECDH-GM', curve: 'brainpoolP256r1', cipher: 'AES-128' });
    expect(read.chip.fin).toBe(data.fin);
  });

  it('refuses a wrong CAN with a sentence that names the CAN', async () => {
    const { result } = await readWith({ parameterId: 13, cipher: 'AES-128', can: '123456', paceOnly: true }, { can: '654321' });
    const error = await result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe(ErrorCode.CardAccessDenied);
    expect((error as AppError).message).toBe('The chip refused access: check the CAN (the 6 digits printed on the card)');
  });

  it('refuses a wrong MRZ on a PACE chip as access denied (6300 at mutual authentication), without trying BAC', async () => {
    const { result } = await readWith({ parameterId: 12, cipher: 'AES-128' }, { wrongMrz: true });
    const error = await result.catch((e: unknown) => e);
    expect((error as AppError).code).toBe(ErrorCode.CardAccessDenied);
    expect((error as AppError).message).toBe('The chip refused access: check the MRZ (document number, birth date, expiry date)');
  });

  it('reads a chip without EF.CardAccess with BAC', async () => {
    const { result } = await readWith(undefined);
    expect((await result).accessControl).toEqual({ protocol: 'BAC', password: 'MRZ', mapping: null, curve: null, cipher: '3DES' });
  });

  it('the PACE-only chip refuses BAC (GET CHALLENGE → 6D00) and serves EF.CardAccess in plain', async () => {
    const applet = await virtualIdCard(makeTd1(randomTd1Data()), { pace: { parameterId: 13, cipher: 'AES-128', paceOnly: true } });
    const channel = createCardChannel(async (b) => applet.process(b));
    const cardAccess = await channel.transmit(new CommandApdu({ cla: 0, ins: 0xb0, p1: 0x9c, p2: 0, le: 256 }));
    expect(Buffer.from(cardAccess.data).toString('hex').toUpperCase()).toBe('31143012060A04007F0007020204020202010202010D');
    expect((await channel.transmit(new CommandApdu({ cla: 0, ins: 0xa4, p1: 4, p2: 0x0c, data: EMRTD_AID }))).sw).toBe(0x9000);
    expect((await channel.transmit(new CommandApdu({ cla: 0, ins: 0x84, p1: 0, p2: 0, le: 8 }))).sw).toBe(0x6d00);
  });
});
