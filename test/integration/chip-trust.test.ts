// Facts from hardware stay in main (issue 10, hole 1): a visit by chip names a read the main process made and kept;
// whatever the renderer says about a chip — "read", "passive authentication ok", the identity itself — is not taken.
// The chip here is a real eMRTD applet (BAC, secure messaging, a signed EF.SOD) read by the real IdChipReader.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IdChipReader } from '../../electron/main/cards/icao/id-reader';
import { inProcessCard, virtualIdCard, type InProcessCard } from '../fixtures/vcards/emrtd-harness';
import { makeTd1 } from '../fixtures/vcards/emrtd-mrz';
import { ADMIN, openDesk, type TestDesk } from '../support/desk';

const CARD = { documentNumber: 'AA7712345', birthDate: '850314', expiryDate: '300101', fin: '5ABCDEF', surname: 'ALIYEV', givenNames: 'RASHAD', sex: 'M' as const };
const MRZ = makeTd1(CARD);
const bac = { documentNumber: CARD.documentNumber, birthDate: CARD.birthDate, expiryDate: CARD.expiryDate };
const forged = {
  identity: { kind: 'citizen', fin: '5ABCDEF', documentNumber: 'AA7712345', surname: 'ƏLİYEV', givenName: 'RƏŞAD', patronymic: '', birthDate: '1985-03-14', expiryDate: '2030-01-01' },
  identityMethod: 'chip',
  identityCheck: { chipRead: true, matchesPrinted: true, passiveAuth: { hashes: 'ok', signature: 'ok', csca: 'trusted' } },
};

describe('a visit by chip is decided in main', () => {
  let desk: TestDesk;
  let card: InProcessCard;
  beforeAll(async () => {
    card = inProcessCard(await virtualIdCard(MRZ));
    desk = await openDesk({ signIn: 'clerk', now: '2026-06-01T08:00:00Z', idChip: new IdChipReader({ withCard: card.withCard, now: () => desk.clock.now() }) });
  });
  afterAll(() => desk.close());

  const outbox = () => desk.services.db.prepare("SELECT count(*) FROM outbox WHERE kind = 'visit.create'").pluck().get() as number;

  it('refuses a made-up chip verdict with no read behind it, and a read id main never gave out; nothing is queued', async () => {
    const before = outbox();
    expect((await desk.callRaw('visits:create', forged)).error?.code).toBe('CHIP_NOT_READ');
    expect((await desk.callRaw('visits:create', { ...forged, chipReadId: '0b0e6a4c-1d1e-4f55-9d41-5b1c1b6d2a10' })).error?.code).toBe('CHIP_NOT_READ');
    expect(outbox()).toBe(before);
  });

  it('takes the identity and the record of the check from the read, not from the caller; a read is used once', async () => {
    const read = await desk.call<{ readId: string; refusal: string | null; photo: { base64: string } }>('idcard:readChip', bac);
    expect(read.refusal).toBeNull();
    const visit = await desk.call<{ identity: Record<string, unknown>; identityCheck: Record<string, unknown> }>('visits:create', { ...forged, chipReadId: read.readId, identityCheck: { chipRead: true, passiveAuth: 'made up' } });
    expect(visit.identity).toMatchObject({ kind: 'citizen', fin: '5ABCDEF', documentNumber: 'AA7712345', surname: 'ALIYEV', givenName: 'RASHAD', birthDate: '1985-03-14', expiryDate: '2030-01-01' });
    expect(visit.identityCheck).toMatchObject({ chipRead: true, readId: read.readId, matchesPrinted: true, passiveAuth: { hashes: 'ok', signature: 'ok' }, photoShown: true });
    expect(visit.identityCheck.photoSha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await desk.callRaw('visits:create', { identityMethod: 'chip', chipReadId: read.readId })).error?.code).toBe('CHIP_NOT_READ');
  });

  it('refuses a read whose data failed passive authentication, whatever the caller claims', async () => {
    card.insert(await virtualIdCard(MRZ, { tamperAfterSigning: [2] }));
    const read = await desk.call<{ readId: string; refusal: string | null }>('idcard:readChip', bac);
    expect(read.refusal).toBe('passive');
    const r = await desk.callRaw('visits:create', { ...forged, chipReadId: read.readId });
    expect(r.error?.code).toBe('CHIP_REFUSED');
    card.insert(await virtualIdCard(MRZ));
  });

  it('a read stands for the clerk who made it, and for ten minutes', async () => {
    const read = await desk.call<{ readId: string }>('idcard:readChip', bac);
    desk.clock.set('2026-06-01T08:11:00Z');
    expect((await desk.callRaw('visits:create', { identityMethod: 'chip', chipReadId: read.readId })).error?.code).toBe('CHIP_NOT_READ');
    const fresh = await desk.call<{ readId: string }>('idcard:readChip', bac);
    await desk.call('auth:signOut');
    await desk.call('auth:signIn', ADMIN);
    expect((await desk.callRaw('visits:create', { identityMethod: 'chip', chipReadId: fresh.readId })).error?.code).toBe('CHIP_NOT_READ');
  });
});
