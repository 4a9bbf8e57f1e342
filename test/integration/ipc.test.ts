// IPC handlers through the same dispatcher every host uses: validation, access, error codes, what leaves main.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, openDesk, setUpDesk, type TestDesk } from '../support/desk';
import { SUPERVISOR } from '../support/accounts';
import { buildTd1 } from '../support/mrz-builder';
import { MANUAL_IDENTITY_ACTION } from '../../common/domain/actions';

let desk: TestDesk;
// A desk before its first-run set-up: the tests set it up (setUpDesk) where they need a signed-in administrator.
beforeEach(async () => {
  desk = await openDesk({ setUp: false });
});
afterEach(async () => {
  await desk.dispose();
});

const mrz = buildTd1({ documentNumber: 'AA1234567', fin: '5ZX8K2P', birth: '900215', expiry: '320215', surname: 'MAMMADOVA', givenNames: 'LEYLA' });
const identity = {
  kind: 'citizen', fin: '5ZX8K2P', documentNumber: 'AA1234567', surname: 'MAMMADOVA', givenName: 'LEYLA', patronymic: 'ƏLİ QIZI',
  birthDate: '1990-02-15', expiryDate: '2032-02-15', mrz: mrz.join('\n'),
};

describe('the dispatcher', () => {
  it('refuses unknown channels', async () => {
    expect((await desk.callRaw('fs:readFile', { path: '/etc/passwd' })).error?.code).toBe('UNKNOWN_CHANNEL');
    expect((await desk.callRaw(42 as unknown as string)).error?.code).toBe('UNKNOWN_CHANNEL');
  });

  it('validates input against the contract and names the fields', async () => {
    const r = await desk.callRaw('app:setup', { office: '', desk: 'D', adminUsername: 'a b', adminDisplayName: 'X', adminPassword: 'short', language: 'de' });
    expect(r.ok).toBe(false);
    expect(r.error?.code).toBe('INVALID_INPUT');
    expect(Object.keys(r.error!.fields!)).toEqual(expect.arrayContaining(['office', 'adminUsername', 'adminPassword', 'language']));
    expect(r.error!.fields!.adminPassword).toBe('PASSWORD_TOO_SHORT');
    expect((await desk.callRaw('app:state')).value).toMatchObject({ setUp: false });
  });

  it('requires a signed-in clerk, and a supervisor where the contract says so', async () => {
    expect((await desk.callRaw('visits:today')).error?.code).toBe('UNAUTHENTICATED');
    await setUpDesk(desk);
    const add = await desk.callRaw('clerks:add', { username: 'leyla', displayName: 'Leyla Həsənova', password: 'clerk-pass-1', role: 'clerk', language: 'ru' });
    expect(add.ok).toBe(true);
    await desk.callRaw('auth:signOut');
    expect((await desk.callRaw('auth:signIn', { username: 'leyla', password: 'clerk-pass-1' })).ok).toBe(true);
    expect((await desk.callRaw('visits:today')).ok).toBe(true);
    expect((await desk.callRaw('clerks:list')).error?.code).toBe('FORBIDDEN');
  });

  it('never sends a password hash to the renderer', async () => {
    await setUpDesk(desk);
    const r = await desk.callRaw('clerks:list');
    expect(JSON.stringify(r.value)).not.toMatch(/scrypt|passwordHash|password_hash/);
  });
});

describe('set-up and sign-in', () => {
  it('sets up once; a second set-up is refused', async () => {
    await setUpDesk(desk);
    const again = await desk.callRaw('app:setup', { office: 'Other', desk: 'X', adminUsername: 'evil', adminDisplayName: 'Evil Admin', adminPassword: 'whatever-123', language: 'en' });
    expect(again.error?.code).toBe('ALREADY_SET_UP');
    expect((await desk.callRaw('app:state')).value).toMatchObject({ office: 'ASXM Bakı-1', desk: 'Masa 3', setUp: true });
  });

  it('refuses a wrong password and does not say whether the user exists', async () => {
    await setUpDesk(desk);
    await desk.callRaw('auth:signOut');
    const wrongPassword = await desk.callRaw('auth:signIn', { username: ADMIN.username, password: 'nope-nope' });
    const unknownUser = await desk.callRaw('auth:signIn', { username: 'ghost', password: 'nope-nope' });
    expect(wrongPassword.error?.code).toBe('BAD_CREDENTIALS');
    expect(unknownUser.error?.message).toBe(wrongPassword.error?.message);
  });

  it('locks: calls are refused until the same clerk unlocks with the password', async () => {
    await setUpDesk(desk);
    await desk.callRaw('auth:lock');
    expect((await desk.callRaw('visits:today')).error?.code).toBe('SESSION_LOCKED');
    expect((await desk.callRaw('auth:unlock', { password: 'wrong-wrong' })).error?.code).toBe('BAD_CREDENTIALS');
    expect((await desk.callRaw('auth:unlock', { password: ADMIN.password })).ok).toBe(true);
    expect((await desk.callRaw('visits:today')).ok).toBe(true);
  });

  it('keeps the language per clerk', async () => {
    await setUpDesk(desk);
    await desk.callRaw('auth:setLanguage', { language: 'ru' });
    await desk.callRaw('auth:signOut');
    const s = await desk.callRaw('auth:signIn', ADMIN);
    expect(s.value).toMatchObject({ clerk: { language: 'ru' } });
  });
});

describe('visits', () => {
  it('saves an MRZ-checked visit and lists it today', async () => {
    await setUpDesk(desk);
    const r = await desk.callRaw('visits:create', { identity, identityMethod: 'mrz' });
    expect(r.ok).toBe(true);
    expect(r.value).toMatchObject({ number: 1, identityMethod: 'mrz', identity: { fin: '5ZX8K2P' }, clerkName: 'Aysel Məmmədova' });
    const today = await desk.callRaw('visits:today');
    expect((today.value as unknown[]).length).toBe(1);
  });

  it('returns field errors for a bad identity and saves nothing', async () => {
    await setUpDesk(desk);
    const r = await desk.callRaw('visits:create', { identity: { ...identity, fin: 'I0', expiryDate: '2020-01-01' }, identityMethod: 'mrz' });
    expect(r.error?.code).toBe('INVALID_INPUT');
    expect(r.error?.fields).toMatchObject({ fin: 'FIN_LENGTH', expiryDate: 'DOCUMENT_EXPIRED' });
    expect((await desk.callRaw('visits:today')).value).toEqual([]);
  });

  async function addSupervisor(): Promise<void> {
    const r = await desk.callRaw('clerks:add', { ...SUPERVISOR, role: 'supervisor', language: 'az' });
    expect(r.ok).toBe(true);
  }

  it('manual entry needs a supervisor approval for that action, usable once; the visit names the approver', async () => {
    await setUpDesk(desk);
    await addSupervisor();
    const manual = { ...identity, mrz: undefined };
    expect((await desk.callRaw('visits:create', { identity: manual, identityMethod: 'manual' })).error?.code).toBe('APPROVAL_REQUIRED');
    const approval = await desk.callRaw('auth:approve', { username: SUPERVISOR.username, password: SUPERVISOR.password, reason: 'MRZ worn off', action: MANUAL_IDENTITY_ACTION });
    const approvalId = (approval.value as { approvalId: string }).approvalId;
    const saved = await desk.callRaw('visits:create', { identity: manual, identityMethod: 'manual', approvalId });
    expect(saved.ok).toBe(true);
    // The audit: who approved (id and name), stored on the visit and synced with it.
    const supervisorId = (approval.value as { supervisorId: string }).supervisorId;
    expect(saved.value).toMatchObject({ identityCheck: { approval: { reason: 'MRZ worn off', supervisorId, supervisorName: SUPERVISOR.displayName } } });
    expect((await desk.callRaw('visits:create', { identity: manual, identityMethod: 'manual', approvalId })).error?.code).toBe('APPROVAL_REQUIRED');
  });

  it('an approval needs a second person: the signed-in supervisor cannot approve her own request', async () => {
    await setUpDesk(desk);
    const r = await desk.callRaw('auth:approve', { username: ADMIN.username, password: ADMIN.password, reason: 'MRZ worn off', action: MANUAL_IDENTITY_ACTION });
    expect(r.error?.code).toBe('APPROVER_IS_REQUESTER');
    expect(r.error?.fields).toEqual({ username: 'APPROVER_IS_REQUESTER' });
  });

  it('an approval by a non-supervisor is refused', async () => {
    await setUpDesk(desk);
    await desk.callRaw('clerks:add', { username: 'leyla', displayName: 'Leyla Həsənova', password: 'clerk-pass-1', role: 'clerk', language: 'az' });
    const r = await desk.callRaw('auth:approve', { username: 'leyla', password: 'clerk-pass-1', reason: 'because', action: MANUAL_IDENTITY_ACTION });
    expect(r.error?.code).toBe('FORBIDDEN');
  });

  it('survives closing and reopening the desk', async () => {
    await setUpDesk(desk);
    await desk.callRaw('visits:create', { identity, identityMethod: 'mrz' });
    await desk.close();
    await desk.reopen();
    await desk.callRaw('auth:signIn', ADMIN);
    const r = await desk.callRaw('visits:search', { query: 'mammadova' });
    expect((r.value as { identity: { fin: string } }[])[0].identity.fin).toBe('5ZX8K2P');
  });
});
