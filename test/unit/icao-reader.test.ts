// The whole chip read against a virtual eMRTD in-process: BAC with an MRZ the code never saw, secure
// messaging enforced by the chip, DG1/DG2/EF.SOD, passive authentication, comparison with the printed MRZ.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandApdu, ResponseApdu } from '../../common/apdu/apdu';
import { createCardChannel } from '../../common/apdu/transmit';
import { fromHex, hex } from '../../common/bytes';
import { AppError, ErrorCode } from '../../common/errors';
import { MrzInformation } from '../../common/mrz/mrz-information';
import { performBac } from '../../electron/main/cards/icao/bac';
import { IdChipReader } from '../../electron/main/cards/icao/id-reader';
import { EMRTD_AID } from '../../electron/main/cards/icao/lds';
import { SecureChannel, SecureMessaging } from '../../electron/main/cards/icao/sm';
import { createCsca, writeCscaDirectory } from '../fixtures/pki/test-pki';
import { FID } from '../fixtures/vcards/emrtd';
import { FACE_JPEG, inProcessCard, testPki, virtualIdCard } from '../fixtures/vcards/emrtd-harness';
import { fakeJpeg2000 } from '../fixtures/vcards/emrtd-lds';
import { makeTd1, makeTd3, randomTd1Data } from '../fixtures/vcards/emrtd-mrz';
import type { ChipReadProgress } from '../../common/ipc/channels/idcard';

let cscaDir: string;
let otherCscaDir: string;
const tmp = mkdtempSync(join(tmpdir(), 'masa-icao-'));

beforeAll(async () => {
  const pki = await testPki();
  cscaDir = writeCscaDirectory(join(tmp, 'trusted'), [(await createCsca('ZZ', 'Unrelated CSCA')).x509, pki.csca.x509]);
  otherCscaDir = writeCscaDirectory(join(tmp, 'other'), [(await createCsca('ZZ', 'Unrelated CSCA')).x509]);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function expectAppError(p: Promise<unknown>, code: string): Promise<AppError> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  return error as AppError;
}

describe('virtual eMRTD enforces access control', () => {
  it('refuses a plain READ BINARY before BAC with 6982', async () => {
    const applet = await virtualIdCard(makeTd1(randomTd1Data()));
    const channel = createCardChannel(async (b) => applet.process(b));
    expect((await channel.transmit(new CommandApdu({ cla: 0, ins: 0xa4, p1: 4, p2: 0x0c, data: EMRTD_AID }))).sw).toBe(0x9000);
    expect((await channel.transmit(new CommandApdu({ cla: 0, ins: 0xb0, p1: 0x81, p2: 0, le: 4 }))).sw).toBe(0x6982);
  });

  it('fails EXTERNAL AUTHENTICATE with 6300 for a wrong MRZ', async () => {
    const data = randomTd1Data();
    const applet = await virtualIdCard(makeTd1(data));
    const seen: string[] = [];
    const channel = createCardChannel(async (b) => {
      const r = applet.process(b);
      seen.push(hex(r.subarray(r.length - 2)));
      return r;
    });
    await channel.transmit(new CommandApdu({ cla: 0, ins: 0xa4, p1: 4, p2: 0x0c, data: EMRTD_AID }));
    const wrong = MrzInformation.fromFields({ documentNumber: data.documentNumber, birthDate: data.birthDate, expiryDate: '991231' });
    await expectAppError(performBac(channel, wrong), ErrorCode.CardAccessDenied);
    expect(seen.at(-1)).toBe('6300');
  });

  it('ends the session on a wrong MAC (6988) and forgets the keys', async () => {
    const data = randomTd1Data();
    const applet = await virtualIdCard(makeTd1(data));
    const channel = createCardChannel(async (b) => applet.process(b));
    await channel.transmit(new CommandApdu({ cla: 0, ins: 0xa4, p1: 4, p2: 0x0c, data: EMRTD_AID }));
    const sm = new SecureMessaging(await performBac(channel, MrzInformation.fromFields(data)));
    const good = sm.protect(new CommandApdu({ cla: 0, ins: 0xa4, p1: 2, p2: 0x0c, data: Uint8Array.of(0x01, 0x01) }));
    const body = Uint8Array.from(good.data);
    body[body.length - 1] ^= 0xff; // corrupt the last MAC byte
    const answer = ResponseApdu.fromBytes(applet.process(good.with({ data: body }).toBytes()));
    expect(answer.sw).toBe(0x6988);
    expect(applet.secureMessagingActive).toBe(false);
  });

  it('serves the data groups through secure messaging after BAC, byte for byte', async () => {
    const data = randomTd1Data();
    const applet = await virtualIdCard(makeTd1(data));
    const plain = createCardChannel(async (b) => applet.process(b));
    await plain.transmit(new CommandApdu({ cla: 0, ins: 0xa4, p1: 4, p2: 0x0c, data: EMRTD_AID }));
    const secure = new SecureChannel(plain, new SecureMessaging(await performBac(plain, MrzInformation.fromFields(data))));
    expect((await secure.transmit(new CommandApdu({ cla: 0, ins: 0xa4, p1: 2, p2: 0x0c, data: fromHex('0101') }))).sw).toBe(0x9000);
    const r = await secure.transmit(new CommandApdu({ cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 0x20 }));
    expect(r.data).toEqual(applet.file(FID.DG1).subarray(0, 0x20));
  });
});

describe('IdChipReader', () => {
  it('reads a random ID card: DG1 fields, the JPEG photo, comparison, expiry and passive authentication', async () => {
    const data = randomTd1Data();
    const mrz = makeTd1(data);
    const card = inProcessCard(await virtualIdCard(mrz));
    const reader = new IdChipReader({ withCard: card.withCard, cscaDirectory: () => cscaDir });
    const progress: ChipReadProgress[] = [];
    const result = await reader.read({ mrz }, (p) => progress.push(p));

    expect(result.chip).toMatchObject({
      format: 'TD1',
      documentNumber: data.documentNumber,
      surname: data.surname,
      givenNames: data.givenNames,
      birthDate: data.birthDate,
      expiryDate: data.expiryDate,
      sex: data.sex,
      nationality: 'AZE',
      issuingState: 'AZE',
      fin: data.fin,
      checkDigitsValid: true,
    });
    expect(result.photo?.displayable).toBe(true);
    expect(result.photo?.mime).toBe('image/jpeg');
    expect(new Uint8Array(Buffer.from(result.photo!.base64, 'base64'))).toEqual(FACE_JPEG);
    expect(result.matchesPrinted).toBe(true);
    expect(result.comparison.every((c) => c.match === true || (c.printed === null && c.chip === null))).toBe(true);
    expect(result.expiry.expired).toBe(false);
    expect(result.passiveAuth).toMatchObject({ hashes: 'ok', signature: 'ok', csca: 'trusted', mismatchedDataGroups: [], hashAlgorithm: 'sha256' });
    expect(result.dataGroups).toEqual([1, 2]);
    expect(result.apduCount).toBeGreaterThan(10);

    const dg2 = progress.filter((p) => p.file === 'DG2');
    expect(dg2.length).toBeGreaterThan(5);
    expect(dg2.at(-1)!.read).toBe(dg2.at(-1)!.total);
    expect(dg2.every((p, i) => i === 0 || p.read! > dg2[i - 1].read!)).toBe(true);
    expect(progress.at(-1)!.stage).toBe('done');
  });

  it('opens the chip from the three typed fields and leaves the names uncompared', async () => {
    const data = randomTd1Data();
    const card = inProcessCard(await virtualIdCard(makeTd1(data)));
    const result = await new IdChipReader({ withCard: card.withCard }).read({
      documentNumber: data.documentNumber.toLowerCase(),
      birthDate: data.birthDate,
      expiryDate: data.expiryDate,
    });
    expect(result.chip.surname).toBe(data.surname);
    const byField = Object.fromEntries(result.comparison.map((c) => [c.field, c.match]));
    expect(byField).toMatchObject({ documentNumber: true, birthDate: true, expiryDate: true, surname: null, fin: null });
    expect(result.passiveAuth?.csca).toBe('not-checked');
  });

  it('reads a passport (TD3 MRZ, ICAO specimen state UTO)', async () => {
    const mrz = makeTd3({ documentNumber: 'L898902C3', birthDate: '740812', expiryDate: '341231', surname: 'ERIKSSON', givenNames: 'ANNA MARIA', sex: 'F', issuingState: 'UTO', nationality: 'UTO' });
    const card = inProcessCard(await virtualIdCard(mrz));
    const result = await new IdChipReader({ withCard: card.withCard }).read({ mrz });
    expect(result.chip).toMatchObject({ format: 'TD3', documentNumber: 'L898902C3', givenNames: 'ANNA MARIA', issuingState: 'UTO' });
  });

  it('shows every field where printed and chip data disagree', async () => {
    const data = randomTd1Data();
    const card = inProcessCard(await virtualIdCard(makeTd1(data)));
    // Same BAC fields (so the chip opens), different name and FIN printed.
    const printed = makeTd1({ ...data, surname: 'SOMEONEELSE', fin: 'ZZZZZZZ' });
    const result = await new IdChipReader({ withCard: card.withCard }).read({ mrz: printed });
    const mismatched = result.comparison.filter((c) => c.match === false).map((c) => c.field);
    expect(mismatched.sort()).toEqual(['fin', 'optionalData', 'surname']);
    expect(result.matchesPrinted).toBe(false);
  });

  it('flags an expired card', async () => {
    const data = { ...randomTd1Data(), expiryDate: '200101' };
    const card = inProcessCard(await virtualIdCard(makeTd1(data)));
    const result = await new IdChipReader({ withCard: card.withCard }).read({ mrz: makeTd1(data) });
    expect(result.expiry).toEqual({ expiryDate: '2020-01-01', expired: true });
  });

  it('gives a typed "access denied — check the MRZ" error for a wrong MRZ', async () => {
    const data = randomTd1Data();
    const card = inProcessCard(await virtualIdCard(makeTd1(data)));
    const reader = new IdChipReader({ withCard: card.withCard });
    const error = await expectAppError(reader.read({ documentNumber: data.documentNumber, birthDate: data.birthDate, expiryDate: '301231' }), ErrorCode.CardAccessDenied);
    expect(error.message).toMatch(/check the MRZ/);
  });

  it('reports a card pulled out during DG2 as CardRemoved, and the next read works', async () => {
    const data = randomTd1Data();
    const applet = await virtualIdCard(makeTd1(data));
    const card = inProcessCard(applet);
    const reader = new IdChipReader({ withCard: card.withCard });
    const progress: ChipReadProgress[] = [];
    card.pullAfter(15);
    await expectAppError(
      reader.read({ mrz: makeTd1(data) }, (p) => progress.push(p)),
      ErrorCode.CardRemoved,
    );
    expect(progress.some((p) => p.file === 'DG2')).toBe(true);
    card.insert(applet);
    const again = await reader.read({ mrz: makeTd1(data) });
    expect(again.chip.documentNumber).toBe(data.documentNumber);
  });

  it('detects a data group altered after signing (hash mismatch) and an untrusted signer', async () => {
    const data = randomTd1Data();
    const card = inProcessCard(await virtualIdCard(makeTd1(data), { tamperAfterSigning: [2] }));
    const result = await new IdChipReader({ withCard: card.withCard, cscaDirectory: () => otherCscaDir }).read({ mrz: makeTd1(data) });
    expect(result.passiveAuth).toMatchObject({ hashes: 'mismatch', mismatchedDataGroups: [2], signature: 'ok', csca: 'untrusted' });
  });

  it('returns a JPEG 2000 photo as not displayable, with the reason', async () => {
    const data = randomTd1Data();
    const jp2 = fakeJpeg2000();
    const card = inProcessCard(await virtualIdCard(makeTd1(data), { face: { image: jp2, type: 'jpeg2000' } }));
    const result = await new IdChipReader({ withCard: card.withCard }).read({ mrz: makeTd1(data) });
    expect(result.photo).toMatchObject({ displayable: false, mime: 'image/jp2' });
    expect(result.photo && !result.photo.displayable && result.photo.reason).toMatch(/JPEG 2000/);
    expect(new Uint8Array(Buffer.from(result.photo!.base64, 'base64'))).toEqual(jp2);
  });

  it('reads a DG2 larger than 32 KiB (offsets beyond READ BINARY B0 reach)', async () => {
    const data = randomTd1Data();
    const big = new Uint8Array(FACE_JPEG.length + 40_000);
    big.set(FACE_JPEG);
    const card = inProcessCard(await virtualIdCard(makeTd1(data), { face: { image: big, type: 'jpeg' } }));
    const result = await new IdChipReader({ withCard: card.withCard, cscaDirectory: () => cscaDir }).read({ mrz: makeTd1(data) });
    expect(new Uint8Array(Buffer.from(result.photo!.base64, 'base64'))).toEqual(big);
    expect(result.passiveAuth).toMatchObject({ hashes: 'ok', signature: 'ok', csca: 'trusted' });
  });
});

describe('passive authentication', () => {
  it('calls a SOD signed by a key other than its DS certificate\'s invalid', async () => {
    const { buildSod } = await import('../fixtures/pki/sod');
    const { verifyPassive } = await import('../../electron/main/cards/icao/passive-auth');
    const { createDocumentSigner } = await import('../fixtures/pki/test-pki');
    const pki = await testPki();
    const impostor = await createDocumentSigner(pki.csca, 'Impostor');
    const dg1 = Uint8Array.of(0x61, 0x03, 0x5f, 0x1f, 0x00);
    const forged = await buildSod(new Map([[1, dg1]]), { ...pki.documentSigner, keys: impostor.keys });
    const result = await verifyPassive({ sod: forged, dataGroups: new Map([[1, dg1]]), cscaCertificates: [pki.csca.x509] });
    expect(result).toMatchObject({ hashes: 'ok', signature: 'invalid', csca: 'trusted' });
    const genuine = await buildSod(new Map([[1, dg1]]), pki.documentSigner);
    expect(await verifyPassive({ sod: genuine, dataGroups: new Map([[1, dg1]]), cscaCertificates: [pki.csca.x509] })).toMatchObject({ signature: 'ok' });
  });
});

describe('cards without an expiry date (issued from age 55)', () => {
  for (const printedCheck of ['0', '<'] as const) {
    it(`opens the chip when the blank expiry's check digit is printed as '${printedCheck}', from the MRZ or typed fields`, async () => {
      const data = { ...randomTd1Data(), birthDate: '550101', expiryDate: '<<<<<<' };
      let mrz = makeTd1(data);
      if (printedCheck === '<') {
        const lines = mrz.split('\n');
        lines[1] = lines[1].slice(0, 14) + '<' + lines[1].slice(15);
        mrz = lines.join('\n');
      }
      const card = inProcessCard(await virtualIdCard(mrz));
      const reader = new IdChipReader({ withCard: card.withCard });
      const fromMrz = await reader.read({ mrz });
      expect(fromMrz.chip.expiryDate).toBeNull();
      expect(fromMrz.expiry).toEqual({ expiryDate: null, expired: false });
      expect(fromMrz.comparison.find((c) => c.field === 'expiryDate')?.match).toBe(true);
      const typed = await reader.read({ documentNumber: data.documentNumber, birthDate: data.birthDate, expiryDate: '<<<<<<' });
      expect(typed.chip.documentNumber).toBe(data.documentNumber);
    });
  }
});

describe('chips that answer fewer bytes than asked', () => {
  it('keeps reading from where the chip stopped', async () => {
    const data = randomTd1Data();
    const card = inProcessCard(await virtualIdCard(makeTd1(data), { maxReadLength: 100 }));
    const result = await new IdChipReader({ withCard: card.withCard }).read({ mrz: makeTd1(data) });
    expect(new Uint8Array(Buffer.from(result.photo!.base64, 'base64'))).toEqual(FACE_JPEG);
    expect(result.passiveAuth?.hashes).toBe('ok');
  });
});

describe('passive authentication with a brainpool document signer', () => {
  it('verifies a SOD signed on brainpoolP256r1 (many states use it; WebCrypto cannot)', async () => {
    const { buildSodWithNodeKey } = await import('../fixtures/pki/sod');
    const { verifyPassive } = await import('../../electron/main/cards/icao/passive-auth');
    const { createBrainpoolDocumentSigner } = await import('../fixtures/pki/test-pki');
    const pki = await testPki();
    const ds = await createBrainpoolDocumentSigner(pki.csca);
    const dg1 = Uint8Array.of(0x61, 0x03, 0x5f, 0x1f, 0x00);
    const sod = await buildSodWithNodeKey(new Map([[1, dg1]]), ds.certificate, ds.privateKey);
    expect(await verifyPassive({ sod, dataGroups: new Map([[1, dg1]]), cscaCertificates: [pki.csca.x509] })).toMatchObject({
      hashes: 'ok',
      signature: 'ok',
      csca: 'trusted',
    });
    const other = await createBrainpoolDocumentSigner(pki.csca);
    const forged = await buildSodWithNodeKey(new Map([[1, dg1]]), ds.certificate, other.privateKey);
    expect((await verifyPassive({ sod: forged, dataGroups: new Map([[1, dg1]]), cscaCertificates: [pki.csca.x509] })).signature).toBe('invalid');
  });
});

describe('extended-length reads', () => {
  it('reads the same bytes with 4 KiB chunks in far fewer commands', async () => {
    const data = randomTd1Data();
    const applet = await virtualIdCard(makeTd1(data));
    const card = inProcessCard(applet);
    const short = await new IdChipReader({ withCard: card.withCard }).read({ mrz: makeTd1(data) });
    const extended = await new IdChipReader({ withCard: card.withCard, chunkSize: 4096 }).read({ mrz: makeTd1(data) });
    expect(extended.photo!.base64).toBe(short.photo!.base64);
    expect(extended.passiveAuth?.hashes).toBe('ok');
    expect(extended.apduCount).toBeLessThan(short.apduCount / 2);
  });
});
