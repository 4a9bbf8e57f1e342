import { createHash, createHmac, createPublicKey, timingSafeEqual, verify } from 'node:crypto';
import type { Queryable } from './db/adapter';
import { AppHttpError } from './http-error';
import { SIGNATURE_WINDOW_MS, SignatureScheme, SyncErrorCode, SyncHeader, canonicalRequest, fromBase64url } from '../common/sync/protocol';
import { findDeskWithCredentials, type Desk, type DeskCredentialsOnServer } from './store/offices';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface SignedRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer | undefined;
}

function header(req: SignedRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Verifies the desk's signature (see common/sync/protocol.ts) and returns the desk: Ed25519 with the desk's public
 * key, or HMAC with its desk key — only while the server has no public key for it (once it has, the desk key is
 * erased and HMAC is refused).
 */
export async function authenticateDesk(db: Queryable, req: SignedRequest, now: number): Promise<Desk> {
  const deskId = header(req, SyncHeader.desk);
  const timestamp = header(req, SyncHeader.timestamp);
  const signature = header(req, SyncHeader.signature);
  const scheme = header(req, SyncHeader.scheme) ?? SignatureScheme.Hmac;
  if (!deskId || !timestamp || !signature) throw AppHttpError.unauthenticated('signed request required');
  if (!UUID.test(deskId) || !/^\d{1,16}$/.test(timestamp)) throw AppHttpError.unauthenticated('malformed authentication headers');
  if (Math.abs(now - Number(timestamp)) > SIGNATURE_WINDOW_MS) {
    throw new AppHttpError(401, SyncErrorCode.ClockSkew, `request time is more than ${SIGNATURE_WINDOW_MS / 1000}s from the server clock`, {
      serverTime: new Date(now).toISOString(),
    });
  }
  const found = await findDeskWithCredentials(db, deskId);
  // Same answer for an unknown desk, a scheme the desk may not use and a bad signature: no desk-id probing.
  if (!found) throw AppHttpError.unauthenticated('signature does not verify');
  let given: Buffer;
  try {
    given = Buffer.from(fromBase64url(signature));
  } catch {
    throw AppHttpError.unauthenticated('signature does not verify');
  }
  const bodyHash = createHash('sha256').update(req.rawBody ?? Buffer.alloc(0)).digest('hex');
  const canonical = Buffer.from(canonicalRequest(req.method, req.url, timestamp, deskId, bodyHash));
  if (!verifies(found.credentials, scheme, canonical, given)) throw AppHttpError.unauthenticated('signature does not verify');
  // Only after the signature: whoever cannot sign as the desk learns nothing of it (revoked or not, there or not).
  if (found.revoked) throw AppHttpError.unauthenticated('this desk was revoked', SyncErrorCode.DeskRevoked);
  return found.desk;
}

function verifies(credentials: DeskCredentialsOnServer, scheme: string, canonical: Buffer, given: Buffer): boolean {
  if (scheme === SignatureScheme.Ed25519) {
    if (!credentials.publicKey || given.length !== 64) return false;
    try {
      const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: credentials.publicKey }, format: 'jwk' });
      return verify(null, canonical, key, given);
    } catch {
      return false; // a stored key Node cannot read verifies nothing
    }
  }
  if (scheme === SignatureScheme.Hmac) {
    if (!credentials.deskKey || credentials.publicKey) return false;
    const expected = createHmac('sha256', Buffer.from(fromBase64url(credentials.deskKey))).update(canonical).digest();
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
  return false;
}

/** Constant-time comparison of the admin token. */
export function adminTokenMatches(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}
