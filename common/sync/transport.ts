// What a desk and the server accept as a channel between them (issue 10, deliver 2): HTTPS with the server's key
// pinned, or plain HTTP on loopback only (the traffic never leaves the machine: tests, a server on the desk itself).

/** Loopback hosts: 127.0.0.0/8, ::1, localhost. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || h === '::ffff:127.0.0.1';
}

/** A server key pin: `sha256/` and the base64 SHA-256 of the key's SubjectPublicKeyInfo (44 characters). */
export const PIN_PATTERN = /^sha256\/[A-Za-z0-9+/]{43}=$/;

/** The pin as typed or pasted: spaces dropped, the `sha256/` prefix added if left out. Null when it is not one. */
export function normalisePin(raw: string): string | null {
  const v = raw.replace(/\s+/g, '');
  const pin = v.startsWith('sha256/') ? v : `sha256/${v}`;
  return PIN_PATTERN.test(pin) ? pin : null;
}
