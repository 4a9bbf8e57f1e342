// Clerk passwords: scrypt with a per-password salt, parameters stored with the hash so they can be raised later.
// In node-common/ because the desk (auth, central clerks) and the sync server (masa-server clerk add) must hash
// with the very same scheme, and it needs node:crypto, which common/ may not use.
//
// Stored form: `scrypt$N$r$p$salt$key` (base64). It has named its cost from the start, so hashes made with an older,
// lower N still verify; the desk re-hashes them with the current cost at the clerk's next sign-in (needsRehash).
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** scrypt's N for new hashes: OWASP's recommendation for scrypt today (2^17, r = 8, p = 1), about 0.4 s here. */
export const PASSWORD_COST = 2 ** 17;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

// Bounds on the parameters a stored hash names: central accounts arrive from the server with their own N, r and p,
// and a made-up N = 2^30 must be refused, not make a sign-in allocate 128 GiB. N·r·p (time, and with N·r memory:
// 128·N·r bytes) at most that of N = 2^20, r = 8, p = 1 — eight times today's cost, room to raise it.
const MAX_N = 2 ** 20;
const MAX_WORK = MAX_N * R;

interface ParsedHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  key: Buffer;
}

function scrypt(password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))));
}

/**
 * scrypt needs 128·N·r bytes for its table plus 128·r·p for its blocks; Node refuses anything above `maxmem`, whose
 * default (32 MiB) is below what N = 2^17, r = 8 takes (128 MiB). Twice the table leaves room for the blocks.
 */
function options(N: number, r: number, p: number): ScryptOptions {
  return { N, r, p, maxmem: 2 * 128 * N * r + 128 * r * p };
}

function isCost(N: number): boolean {
  return Number.isInteger(N) && N > 1 && N <= MAX_N && (N & (N - 1)) === 0;
}

function parseHash(stored: string): ParsedHash | null {
  const [scheme, n, r, p, saltB64, keyB64, extra] = stored.split('$');
  if (scheme !== 'scrypt' || !saltB64 || !keyB64 || extra !== undefined) return null;
  const [N, rr, pp] = [Number(n), Number(r), Number(p)];
  if (!isCost(N) || !Number.isInteger(rr) || rr < 1 || !Number.isInteger(pp) || pp < 1 || N * rr * pp > MAX_WORK) return null;
  const key = Buffer.from(keyB64, 'base64');
  return key.length > 0 ? { N, r: rr, p: pp, salt: Buffer.from(saltB64, 'base64'), key } : null;
}

/**
 * A new hash of `password`. `cost` is scrypt's N: production code leaves it at PASSWORD_COST; the test desks pass a
 * lower one through composeServices (the suite signs in hundreds of times), never through the environment.
 */
export async function hashPassword(password: string, cost = PASSWORD_COST): Promise<string> {
  if (!isCost(cost)) throw new Error(`scrypt cost must be a power of two up to ${MAX_N}, not ${cost}`);
  const salt = randomBytes(SALT_LENGTH);
  const key = await scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options(cost, R, P));
  return `scrypt$${cost}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** Whether `password` matches `stored`, whatever cost `stored` was made with; false for a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  return (await derivePasswordKey(password, stored)) !== null;
}

/**
 * The key `stored` holds, derived from `password` — null when the password is wrong or the hash malformed. Whoever
 * knows the password can prove it to a holder of the hash without sending it: a supervisor's approval of a conflict
 * resolution is an HMAC under this key (node-common/approvals.ts), which the server checks with `storedPasswordKey`.
 */
export async function derivePasswordKey(password: string, stored: string): Promise<Buffer | null> {
  const h = parseHash(stored);
  if (!h) return null;
  const key = await scrypt(password.normalize('NFC'), h.salt, h.key.length, options(h.N, h.r, h.p));
  return timingSafeEqual(key, h.key) ? key : null;
}

/** The key a well-formed hash holds (see derivePasswordKey), or null. */
export function storedPasswordKey(stored: string): Buffer | null {
  return parseHash(stored)?.key ?? null;
}

/** Whether `stored` is weaker than what hashPassword(…, cost) makes now: re-hash it once the password is known. */
export function needsRehash(stored: string, cost = PASSWORD_COST): boolean {
  const h = parseHash(stored);
  return !h || h.N < cost || h.r < R || h.key.length < KEY_LENGTH;
}

/** A well-formed hash of no password at this cost: verifying against it takes as long as verifying a real one. */
export function dummyHash(cost = PASSWORD_COST): string {
  return `scrypt$${cost}$${R}$${P}$${Buffer.alloc(SALT_LENGTH).toString('base64')}$${Buffer.alloc(KEY_LENGTH).toString('base64')}`;
}
