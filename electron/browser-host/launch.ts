// The browser host's credentials. The address the host opens carries a one-time launch token, never the secret
// that authorises calls: the first GET with the token is answered with a random session secret in an HttpOnly,
// SameSite=Strict cookie, and every WebSocket must present that cookie. Chromium's arguments (which `ps` shows to
// every local user) then hold nothing that still works, and page script, the address bar and history never see
// the secret. A used or expired token is refused.
import { randomBytes, timingSafeEqual } from 'node:crypto';

/** Long enough to paste the printed address into a browser by hand; one use only. */
export const LAUNCH_TOKEN_TTL_MS = 5 * 60_000;

export type LaunchOutcome =
  | { kind: 'granted'; setCookie: string }
  | { kind: 'refused'; reason: 'used' | 'expired' | 'wrong' };

function equal(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export class LaunchGate {
  readonly token = randomBytes(32).toString('base64url');
  /** Per port: cookies ignore ports, and two hosts (two desks in one browser, the e2e suite) must not mix. */
  readonly cookieName: string;
  private used = false;
  private readonly expiresAt: number;
  private readonly secrets: string[] = [];

  constructor(
    port: number,
    ttlMs = LAUNCH_TOKEN_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {
    this.cookieName = `masa_session_${port}`;
    this.expiresAt = now() + ttlMs;
  }

  /** Exchanges the launch token, once, for a session cookie. */
  exchange(given: string): LaunchOutcome {
    if (!equal(given, this.token)) return { kind: 'refused', reason: 'wrong' };
    if (this.used) return { kind: 'refused', reason: 'used' };
    if (this.now() > this.expiresAt) return { kind: 'refused', reason: 'expired' };
    this.used = true;
    const secret = randomBytes(32).toString('base64url');
    this.secrets.push(secret);
    return { kind: 'granted', setCookie: `${this.cookieName}=${secret}; HttpOnly; SameSite=Strict; Path=/` };
  }

  /** Whether a request's Cookie header carries a session secret this host handed out. */
  authorised(cookieHeader: string | undefined): boolean {
    const value = cookieValue(cookieHeader, this.cookieName);
    return value !== null && this.secrets.some((s) => equal(value, s));
  }
}

function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}
