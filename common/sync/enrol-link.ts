// One line that carries everything a desk needs to enrol (issue 13): the server's address, the one-time code and the
// server's key pin. The console shows it as a QR code; a desk's 2D barcode scanner types it (scanners are keyboards),
// and the Sync page's enrolment form splits it into its three fields. Also fine to paste.
//
//   masa-enrol:?server=https%3A%2F%2Fsync.asan.az%3A8787&code=ABCD-EFGH-JKMN&pin=sha256%2F…
import { normalisePin } from './transport';

export const ENROL_LINK_SCHEME = 'masa-enrol:';

export interface EnrolLink {
  serverUrl: string;
  code: string;
  /** Null for a plain-HTTP server on loopback (it has no key). */
  pin: string | null;
}

export function enrolLink(l: EnrolLink): string {
  const q = new URLSearchParams({ server: l.serverUrl, code: l.code });
  if (l.pin) q.set('pin', l.pin);
  return `${ENROL_LINK_SCHEME}?${q.toString()}`;
}

/** The link's parts, or null when the text is not one (then it is just a code typed by hand). */
export function parseEnrolLink(text: string): EnrolLink | null {
  const t = text.trim();
  if (!t.toLowerCase().startsWith(ENROL_LINK_SCHEME)) return null;
  const q = new URLSearchParams(t.slice(ENROL_LINK_SCHEME.length).replace(/^\?/, ''));
  const serverUrl = q.get('server')?.trim();
  const code = q.get('code')?.trim();
  if (!serverUrl || !code || !/^https?:\/\/[^\s]+$/i.test(serverUrl)) return null;
  const rawPin = q.get('pin');
  const pin = rawPin ? normalisePin(rawPin) : null;
  if (rawPin && !pin) return null;
  return { serverUrl, code, pin };
}
