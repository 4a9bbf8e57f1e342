import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Queryable, Database } from '../db/adapter';
import { toIso } from '../db/adapter';
import { AppHttpError } from '../http-error';
import { SyncErrorCode, UNSTORABLE_TEXT, type EnrolResponse } from '../../common/sync/protocol';
import { isOfficeType, officeTypes, type OfficeType } from '../../common/domain/office-types';
import { putRow } from './changes';

export interface Office {
  id: string;
  name: string;
  /** ASXM, operator office or post office/bank (DOMAIN.md §7): the desk's fees depend on it. */
  type: OfficeType;
}

/** The pulled row that tells an office's desks its name and type (only that office's desks see it). */
export const OFFICE_PROFILE_TABLE = 'office_profile';

function checkType(type: string): OfficeType {
  if (!isOfficeType(type)) throw AppHttpError.badRequest(`office type must be one of ${officeTypes.join(', ')}, not "${type}"`);
  return type;
}

async function publishProfile(tx: Queryable, o: Office): Promise<void> {
  await putRow(tx, { table: OFFICE_PROFILE_TABLE, key: o.id, officeId: o.id, row: { officeId: o.id, name: o.name, type: o.type } });
}
export interface Desk {
  id: string;
  officeId: string;
  name: string;
  highestSeq: number;
}
/** What a desk proves itself with: its Ed25519 public key, or (not migrated yet) the HMAC key it shares. */
export interface DeskCredentialsOnServer {
  publicKey: string | null;
  deskKey: string | null;
}

/** More work in the writer's transaction once it has done its own (the server's audit entry: console/audit-log.ts). */
export type AlsoInTx<T> = (tx: Queryable, result: T) => Promise<unknown>;

function checkName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > 200 || UNSTORABLE_TEXT.test(trimmed)) throw AppHttpError.badRequest('office name must be 1–200 characters of text');
  return trimmed;
}

async function refuseTakenName(tx: Queryable, name: string, except: string | null): Promise<void> {
  const existing = await tx.query<{ id: string }>('SELECT id FROM offices WHERE name = $1 AND id IS DISTINCT FROM $2::uuid', [name, except]);
  if (existing.length) throw AppHttpError.conflict(`office "${name}" already exists`);
}

export async function addOffice(db: Database, name: string, type: string = 'asxm', alsoInTx?: AlsoInTx<Office>): Promise<Office> {
  const trimmed = checkName(name);
  const officeType = checkType(type);
  return db.transaction(async (tx) => {
    await refuseTakenName(tx, trimmed, null);
    const office: Office = { id: randomUUID(), name: trimmed, type: officeType };
    await tx.query('INSERT INTO offices (id, name, type) VALUES ($1, $2, $3)', [office.id, office.name, office.type]);
    await publishProfile(tx, office);
    await alsoInTx?.(tx, office);
    return office;
  });
}

/** Changes an office's type; its desks take the new one at their next pull. */
export async function setOfficeType(db: Database, idOrName: string, type: string, alsoInTx?: AlsoInTx<Office>): Promise<Office> {
  return updateOffice(db, idOrName, { type }, alsoInTx);
}

/** Renames an office and/or changes its type; its desks take both at their next pull (the office's profile row). */
export async function updateOffice(db: Database, idOrName: string, change: { name?: string; type?: string }, alsoInTx?: AlsoInTx<Office>): Promise<Office> {
  const name = change.name === undefined ? undefined : checkName(change.name);
  const type = change.type === undefined ? undefined : checkType(change.type);
  return db.transaction(async (tx) => {
    const found = await findOffice(tx, idOrName);
    const office: Office = { id: found.id, name: name ?? found.name, type: type ?? found.type };
    if (name !== undefined) await refuseTakenName(tx, name, office.id);
    await tx.query('UPDATE offices SET name = $2, type = $3 WHERE id = $1', [office.id, office.name, office.type]);
    await publishProfile(tx, office);
    await alsoInTx?.(tx, office);
    return office;
  });
}

export async function listOffices(db: Queryable): Promise<Array<Office & { desks: number }>> {
  const rows = await db.query<{ id: string; name: string; type: OfficeType; desks: string }>(
    // Desks that may sync: a revoked desk (the console's Desks page) is not one of the office's any more.
    'SELECT o.id, o.name, o.type, count(d.id) FILTER (WHERE d.revoked_at IS NULL)::text AS desks FROM offices o LEFT JOIN desks d ON d.office_id = o.id GROUP BY o.id, o.name, o.type ORDER BY o.name',
  );
  return rows.map((r) => ({ id: r.id, name: r.name, type: r.type, desks: Number(r.desks) }));
}

/** By id or by exact name. */
export async function findOffice(db: Queryable, idOrName: string): Promise<Office> {
  const rows = await db.query<{ id: string; name: string; type: OfficeType }>(
    `SELECT id, name, type FROM offices WHERE name = $1 OR id::text = $1 LIMIT 1`,
    [idOrName.trim()],
  );
  if (!rows.length) throw AppHttpError.notFound(`no office "${idOrName}"`);
  return rows[0];
}

// Crockford-style alphabet: no I, L, O, U, so a code read aloud or typed is unambiguous.
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export function normaliseCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}
function hashCode(code: string): string {
  return createHash('sha256').update(normaliseCode(code)).digest('hex');
}

/** A one-time code, stored only as a hash, expiring after ttlHours. Printed as XXXX-XXXX-XXXX. */
export async function createEnrolmentCode(db: Queryable, officeIdOrName: string, ttlHours = 72, createdBy: string | null = null): Promise<{ code: string; officeId: string; officeName: string; expiresAt: string; id: string }> {
  if (!(ttlHours > 0 && ttlHours <= 24 * 30)) throw AppHttpError.badRequest('ttl must be between 0 and 720 hours');
  const office = await findOffice(db, officeIdOrName);
  const bytes = randomBytes(12);
  const raw = Array.from(bytes, (b) => CODE_ALPHABET[b % 32]).join('');
  const code = `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8, 12)}`;
  const hash = hashCode(code);
  const [r] = await db.query<{ expires_at: Date | string }>(
    `INSERT INTO enrolment_codes (code_hash, office_id, expires_at, created_by) VALUES ($1, $2, now() + make_interval(secs => $3), $4) RETURNING expires_at`,
    [hash, office.id, Math.round(ttlHours * 3600), createdBy],
  );
  // `id` names the code without being it (the console lists and expires codes by it): its hash's first 12 hex digits.
  return { code, officeId: office.id, officeName: office.name, expiresAt: toIso(r.expires_at), id: hash.slice(0, 12) };
}

/**
 * Consumes the code and creates the desk in one transaction: a code works once. The desk's public key is all the
 * server keeps to know it again (no shared secret: nothing here lets anyone sign as the desk).
 */
export async function enrolDesk(db: Database, code: string, deskName: string, publicKey: string): Promise<EnrolResponse> {
  return db.transaction(async (tx) => {
    const rows = await tx.query<{ office_id: string; name: string; type: OfficeType }>(
      `SELECT e.office_id, o.name, o.type FROM enrolment_codes e JOIN offices o ON o.id = e.office_id
       WHERE e.code_hash = $1 AND e.used_at IS NULL AND e.expires_at > now() FOR UPDATE OF e`,
      [hashCode(code)],
    );
    if (!rows.length) throw AppHttpError.unauthenticated('enrolment code is unknown, used or expired', SyncErrorCode.EnrolmentCodeInvalid);
    const deskId = randomUUID();
    await tx.query('INSERT INTO desks (id, office_id, name, desk_public_key) VALUES ($1, $2, $3, $4)', [deskId, rows[0].office_id, deskName, publicKey]);
    await tx.query('UPDATE enrolment_codes SET used_at = now(), desk_id = $2 WHERE code_hash = $1', [hashCode(code), deskId]);
    return { deskId, officeId: rows[0].office_id, officeName: rows[0].name, officeType: rows[0].type };
  });
}

export async function findDesk(db: Queryable, deskId: string): Promise<Desk | null> {
  return (await findDeskWithCredentials(db, deskId))?.desk ?? null;
}

/** The desk and its credentials in one query (every signed request needs both). */
/** `revoked`: revoked in the console (issue 13); auth.ts refuses it once the signature verifies. */
export async function findDeskWithCredentials(db: Queryable, deskId: string): Promise<{ desk: Desk; credentials: DeskCredentialsOnServer; revoked: boolean } | null> {
  const rows = await db.query<{ id: string; office_id: string; name: string; desk_key: string | null; desk_public_key: string | null; highest_seq: string; revoked: boolean }>(
    'SELECT id, office_id, name, desk_key, desk_public_key, highest_seq::text AS highest_seq, revoked_at IS NOT NULL AS revoked FROM desks WHERE id = $1',
    [deskId],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    desk: { id: r.id, officeId: r.office_id, name: r.name, highestSeq: Number(r.highest_seq) },
    credentials: { publicKey: r.desk_public_key, deskKey: r.desk_key },
    revoked: r.revoked,
  };
}

/**
 * An HMAC desk's public key (`POST /v1/desk-key`): stored and the desk key erased in one statement, so no moment
 * exists where the server holds both or neither. 'same': the desk had already handed over this key (a retry after a
 * lost answer); 'other': it holds another one (a key is not replaced this way).
 */
export async function storeDeskPublicKey(db: Queryable, deskId: string, publicKey: string): Promise<'stored' | 'same' | 'other'> {
  const updated = await db.query('UPDATE desks SET desk_public_key = $2, desk_key = NULL WHERE id = $1 AND desk_public_key IS NULL RETURNING id', [deskId, publicKey]);
  if (updated.length) return 'stored';
  const [r] = await db.query<{ desk_public_key: string | null }>('SELECT desk_public_key FROM desks WHERE id = $1', [deskId]);
  return r?.desk_public_key === publicKey ? 'same' : 'other';
}
