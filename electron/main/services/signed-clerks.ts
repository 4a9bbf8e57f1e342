// Clerk accounts as the server signed them (issue 10, deliver 2; node-common/clerk-signature.ts). A desk enrolled
// over HTTPS keeps the server's public key; from then on a pulled account without the server's signature is not taken,
// and at sign-in a central account is checked against the signed row it came in — the desk's own copy (role, active,
// password hash) may have been edited in the database. Desks enrolled over plain HTTP on loopback have no key and
// take accounts as before.
import type { ReadableDb } from '../db/database';
import { getSyncState } from '../db/queries/sync_state';
import { findCentralRow } from '../db/queries/central_rows';
import { clerkOrigin } from '../db/queries/clerks';
import { clerkSignatureValid, type SignedClerkFields } from '../../../node-common/clerk-signature';

function signedFields(row: Record<string, unknown>): SignedClerkFields | null {
  const { id, officeId, username, displayName, role, language, passwordHash, active } = row;
  if ([id, officeId, username, displayName, role, language, passwordHash].some((v) => typeof v !== 'string') || typeof active !== 'boolean') return null;
  return { id, officeId, username, displayName, role, language, passwordHash, active } as SignedClerkFields;
}

/** Whether a pulled account may be taken: signed by the server whose key the desk holds (any, when it holds none). */
export function acceptsClerkRow(db: ReadableDb, row: Record<string, unknown>): boolean {
  const key = getSyncState(db, 'serverPublicKey');
  if (!key) return true;
  const fields = signedFields(row);
  return fields !== null && clerkSignatureValid(fields, row.serverSignature, key);
}

/**
 * For a central account on a desk that holds the server's key: the account as signed (its password hash decides the
 * sign-in), or 'altered' when the desk's copy no longer matches a valid signed row. null: nothing to check (a local
 * account, or no server key).
 */
export function signedAccount(db: ReadableDb, clerk: { id: string; username: string; role: string; active: boolean }): SignedClerkFields | 'altered' | null {
  const key = getSyncState(db, 'serverPublicKey');
  if (!key || clerkOrigin(db, clerk.id) !== 'central') return null;
  const row = findCentralRow<Record<string, unknown>>(db, 'clerks', clerk.id);
  const fields = row && signedFields(row);
  if (!row || !fields || !clerkSignatureValid(fields, row.serverSignature, key)) return 'altered';
  if (fields.username.toLowerCase() !== clerk.username.toLowerCase() || fields.role !== clerk.role || fields.active !== clerk.active) return 'altered';
  return fields;
}
