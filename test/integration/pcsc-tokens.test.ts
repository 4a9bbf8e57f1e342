// e-İmza tokens through PKCS#11 against SoftHSM2 (a real PKCS#11 module, no mocks). SoftHSM never locks a PIN, so
// lockout is covered by the virtual PIN card in pcsc-cards.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../common/errors';
import { Pkcs11TokenPort, Pkcs11Tokens } from '../../electron/main/cards/tokens';
import { SoftHsmStore, softHsmSkipReason, type TestToken } from '../support/softhsm';
import { expectNoSecret } from '../support/secrets';
import { createCsca, createDocumentSigner, type TestSigner } from '../fixtures/pki/test-pki';

const skip = softHsmSkipReason();
if (skip) console.warn(skip);

describe.skipIf(!!skip)('e-İmza tokens over PKCS#11 (SoftHSM2)', () => {
  let store: SoftHsmStore;
  let token: TestToken;
  let service: Pkcs11Tokens;
  let holder: TestSigner;
  // The service's clock stands still, so the days left to a certificate's end are one known number.
  const now = new Date();

  beforeAll(async () => {
    store = new SoftHsmStore();
    token = store.initToken('Masa e-imza', '246810', '13572468');
    holder = await createDocumentSigner(await createCsca('AZ', 'Test e-Imza CA'), 'ALIYEV ELVIN');
    store.importCertificate(token, holder);
    service = new Pkcs11Tokens({ modulePath: store.modulePath, now: () => now });
  });

  afterAll(() => {
    service?.close();
    store?.dispose();
  });

  it('lists the token with its certificate, days left and PIN state', async () => {
    const tokens = await service.list();
    const t = tokens.find((x) => x.id === token.serial)!;
    expect(t).toMatchObject({ label: 'Masa e-imza', manufacturer: 'SoftHSM project', pin: { state: 'ok', mustChange: false } });
    expect(t.certificates).toHaveLength(1);
    const c = t.certificates[0];
    expect(c.subject).toBe('CN=ALIYEV ELVIN, O=Masa Test, C=AZ');
    expect(c.issuer).toBe('CN=Test e-Imza CA, O=Masa Test, C=AZ');
    expect(c.serialNumber).toBe(holder.x509.serialNumber.toUpperCase());
    const expectedDays = Math.floor((new Date(holder.x509.validTo).getTime() - Date.now()) / 86_400_000);
    expect(Math.abs(c.daysLeft - expectedDays)).toBeLessThanOrEqual(1);
    expect(c.notAfter).toBe(new Date(holder.x509.validTo).toISOString());
    expect(c.expired).toBe(false);
    expect(c.label).toBe('e-imza');
  });

  it('verifies the right PIN and refuses a wrong one with a typed error that does not echo it', async () => {
    await expect(service.verifyPin(token.serial, token.pin)).resolves.toMatchObject({ pin: { state: 'ok' } });
    const e = await service.verifyPin(token.serial, '999999').catch((x) => x);
    expect(e.code).toBe(ErrorCode.PinWrong);
    expectNoSecret(['999999', token.pin], e.message, JSON.stringify(e.toPayload()));
  });

  it('changes the PIN', async () => {
    await service.changePin(token.serial, token.pin, '112233');
    await expect(service.verifyPin(token.serial, token.pin)).rejects.toMatchObject({ code: ErrorCode.PinWrong });
    await service.verifyPin(token.serial, '112233');
    await expect(service.changePin(token.serial, 'wrong1', '445566')).rejects.toMatchObject({ code: ErrorCode.PinWrong });
    token = { ...token, pin: '112233' };
  });

  it('unblocks (re-sets) the user PIN with the SO PIN only', async () => {
    // A wrong SO PIN (the PUK) is a wrong PUK, not a wrong PIN (issue 14).
    await expect(service.unblockPin(token.serial, '00000000', '135790')).rejects.toMatchObject({ code: ErrorCode.PukWrong });
    await service.unblockPin(token.serial, token.soPin, '135790');
    await service.verifyPin(token.serial, '135790');
  });

  it('stands behind the desk\'s token port: status in the one vocabulary, unblock with PUK buffers', async () => {
    const port = new Pkcs11TokenPort(service);
    const status = await port.status(token.serial);
    expect(status).toMatchObject({ present: true, label: 'Masa e-imza', serial: token.serial, pin: { state: 'ok', mustChange: false }, puk: { state: 'ok' } });
    const daysLeft = Math.floor((new Date(holder.x509.validTo).getTime() - now.getTime()) / 86_400_000);
    expect(status.certificates).toEqual([{ subject: 'CN=ALIYEV ELVIN, O=Masa Test, C=AZ', serial: holder.x509.serialNumber.toUpperCase(), validTo: new Date(holder.x509.validTo).toISOString().slice(0, 10), daysLeft }]);
    expect(await port.status(status.reader!)).toMatchObject({ serial: token.serial });
    const bytes = (s: string) => new TextEncoder().encode(s);
    await expect(port.unblockPin(token.serial, bytes('00000000'), bytes('975310'))).rejects.toMatchObject({ code: ErrorCode.PukWrong });
    await port.unblockPin(token.serial, bytes(token.soPin), bytes('975310'));
    await service.verifyPin(token.serial, '975310');
  });

  it('says which token is missing', async () => {
    await expect(service.verifyPin('no-such-token', '1234')).rejects.toMatchObject({ code: ErrorCode.NoCard });
  });
});
