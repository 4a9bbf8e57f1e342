import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Queryable } from './db/adapter';
import { AppHttpError } from './http-error';
import { SIGNATURE_WINDOW_MS, SyncErrorCode, SyncHeader, canonicalRequest, fromBase64url } from '../common/sync/protocol';
import { findDesk, type Desk } from './store/offices';

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

/** Verifies the desk's HMAC signature (see common/sync/protocol.ts) and returns the desk. */
export async function authenticateDesk(db: Queryable, req: SignedRequest, now: number): Promise<Desk> {
  const deskId = header(req, SyncHeader.desk);
  const timestamp = header(req, SyncHeader.timestamp);
  const signature = header(req, SyncHeader.signature);
  if (!deskId || !timestamp || !signature) throw AppHttpError.unauthenticated('signed request required');
  if (!UUID.test(deskId) || !/^\d{1,16}$/.test(timestamp)) throw AppHttpError.unauthenticated('malformed authentication headers');
  if (Math.abs(now - Number(timestamp)) > SIGNATURE_WINDOW_MS) {
    throw new AppHttpError(401, SyncErrorCode.ClockSkew, `request time is more than ${SIGNATURE_WINDOW_MS / 1000}s from the server clock`, {
      serverTime: new Date(now).toISOString(),
    });
  }
  const desk = await findDesk(db, deskId);
  // Same answer for an unknown desk and a bad signature: no desk-id probing.
  if (!desk) throw AppHttpError.unauthenticated('signature does not verify');
  const bodyHash = createHash('sha256').update(req.rawBody ?? Buffer.alloc(0)).digest('hex');
  const expected = createHmac('sha256', Buffer.from(fromBase64url(desk.deskKey)))
    .update(canonicalRequest(req.method, req.url, timestamp, deskId, bodyHash))
    .digest();
  let given: Buffer;
  try {
    given = Buffer.from(fromBase64url(signature));
  } catch {
    throw AppHttpError.unauthenticated('signature does not verify');
  }
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw AppHttpError.unauthenticated('signature does not verify');
  return desk;
}

/** Constant-time comparison of the admin token. */
export function adminTokenMatches(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}
