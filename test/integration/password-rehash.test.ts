// Clerk passwords at today's cost (issue 10, deliver 10): a desk hashes at scrypt N = 2^17, and an account hashed
// before the cost was raised still signs in and leaves with an N = 2^17 hash; a wrong password changes nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN, openDesk, type TestDesk } from '../support/desk';
import { withTx } from '../../electron/main/db/database';
import { AuthService } from '../../electron/main/services/auth-service';
import { EventBus } from '../../electron/main/services/event-bus';
import { hashPassword, PASSWORD_COST, verifyPassword } from '../../node-common/passwords';

let desk: TestDesk | undefined;
afterEach(async () => {
  await desk?.dispose();
  desk = undefined;
});

const storedHash = (d: TestDesk, username = ADMIN.username) =>
  d.services.db.prepare('SELECT password_hash FROM clerks WHERE username = ?').pluck().get(username) as string;
const costOf = (hash: string) => Number(hash.split('$')[1]);
const setHash = (d: TestDesk, hash: string) =>
  withTx(d.services.db, (tx) => tx.prepare('UPDATE clerks SET password_hash = ? WHERE username = ?').run(hash, ADMIN.username));

describe('password re-hashing at sign-in', () => {
  it('an N = 2^15 hash signs in and is replaced by an N = 2^17 one; a wrong password does not re-hash', async () => {
    desk = await openDesk({ passwordCost: PASSWORD_COST, signIn: null });
    expect(costOf(storedHash(desk))).toBe(2 ** 17); // the set-up's own hash
    const old = await hashPassword(ADMIN.password, 2 ** 15);
    setHash(desk, old);

    const wrong = await desk.callRaw('auth:signIn', { username: ADMIN.username, password: 'not-the-password' });
    expect(wrong.error?.code).toBe('BAD_CREDENTIALS');
    expect(storedHash(desk)).toBe(old);

    expect((await desk.callRaw('auth:signIn', ADMIN)).ok).toBe(true);
    const raised = storedHash(desk);
    expect(costOf(raised)).toBe(2 ** 17);
    expect(await verifyPassword(ADMIN.password, raised)).toBe(true);
    expect(await verifyPassword('not-the-password', raised)).toBe(false);

    // Already at today's cost: signing in again (or unlocking) leaves it alone.
    await desk.call('auth:signOut');
    expect((await desk.callRaw('auth:signIn', ADMIN)).ok).toBe(true);
    await desk.call('auth:lock');
    expect((await desk.callRaw('auth:unlock', { password: ADMIN.password })).ok).toBe(true);
    expect(storedHash(desk)).toBe(raised);
  });

  it('a desk composed as the hosts compose it (no cost given) raises a lower hash to 2^17', async () => {
    desk = await openDesk({ signIn: null }); // the test desks hash at a low cost
    expect(costOf(storedHash(desk))).toBeLessThan(2 ** 17);
    const auth = new AuthService(desk.services.db, new EventBus(), desk.clock);
    await auth.signIn(ADMIN.username, ADMIN.password);
    expect(costOf(storedHash(desk))).toBe(2 ** 17);
    expect(await verifyPassword(ADMIN.password, storedHash(desk))).toBe(true);
  });
});
