// Clerk password hashes (issue 10, hole 9 / deliver 10): scrypt at N = 2^17 by default, the cost named in the hash so
// older hashes keep verifying and can be raised, and a hash's parameters bounded before scrypt is asked to run them.
import { describe, expect, it } from 'vitest';
import { dummyHash, hashPassword, needsRehash, PASSWORD_COST, verifyPassword } from '../../node-common/passwords';

const costOf = (hash: string) => Number(hash.split('$')[1]);

describe('password hashes', () => {
  it('are made at N = 2^17 by default (more than Node’s default scrypt memory) and verify', async () => {
    expect(PASSWORD_COST).toBe(2 ** 17);
    const hash = await hashPassword('correct-horse-9');
    expect(hash).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(await verifyPassword('correct-horse-9', hash)).toBe(true);
    expect(await verifyPassword('correct-horse-8', hash)).toBe(false);
    expect(needsRehash(hash)).toBe(false);
  });

  it('an old N = 2^15 hash still verifies and asks to be re-hashed; a lower test cost does not ask for it', async () => {
    const old = await hashPassword('correct-horse-9', 2 ** 15);
    expect(costOf(old)).toBe(2 ** 15);
    expect(await verifyPassword('correct-horse-9', old)).toBe(true);
    expect(needsRehash(old)).toBe(true);
    expect(needsRehash(old, 2 ** 10)).toBe(false);
    // The very hash the desk kept before the cost was raised (NFC-normalised password, 16-byte salt, 32-byte key).
    const legacy = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
    expect(await verifyPassword('anything', legacy)).toBe(false);
    expect(needsRehash(legacy)).toBe(true);
  });

  it('refuses malformed hashes and absurd parameters without running scrypt on them', async () => {
    const t = Date.now();
    for (const bad of [
      'scrypt$1073741824$8$1$AAAA$AAAA', // N = 2^30 would ask for 1 TiB
      'scrypt$1048576$64$1$AAAA$AAAA', // r = 64 at N = 2^20: 8 GiB
      'scrypt$131072$8$1000$AAAA$AAAA', // p = 1000: minutes of work
      'scrypt$100000$8$1$AAAA$AAAA', // not a power of two
      'scrypt$131072$8$1$AAAA$', // no key
      'bcrypt$131072$8$1$AAAA$AAAA',
      '',
    ]) {
      expect(await verifyPassword('x', bad)).toBe(false);
      expect(needsRehash(bad)).toBe(true);
    }
    expect(Date.now() - t).toBeLessThan(1000);
    await expect(hashPassword('x', 3)).rejects.toThrow(/power of two/);
  });

  it('the dummy hash for unknown usernames costs what a real hash costs', () => {
    expect(costOf(dummyHash())).toBe(PASSWORD_COST);
    expect(costOf(dummyHash(2 ** 10))).toBe(2 ** 10);
    expect(needsRehash(dummyHash())).toBe(false);
  });
});
