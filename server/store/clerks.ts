/**
 * Clerk accounts an office publishes to its desks: rows of the `clerks` reference table, one per account, seen only
 * by that office's desks. Unlike `reference set` (which replaces a whole table) these add, change or remove one
 * account. The password hash is made by the desk's own scheme, so desks verify it offline; the clear password is
 * never stored here.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Database, Queryable } from '../db/adapter';
import { AppHttpError } from '../http-error';
import { deleteRow, putRow } from './changes';
import { findOffice, type AlsoInTx } from './offices';
import { hashPassword } from '../../node-common/passwords';
import type { SignedClerkFields } from '../../node-common/clerk-signature';

const TABLE = 'clerks';

export const clerkInputSchema = z.object({
  office: z.string().min(1),
  username: z.string().trim().min(2).max(40).regex(/^[a-z0-9._-]+$/i, 'letters, digits, dot, dash, underscore'),
  displayName: z.string().trim().min(2).max(100),
  role: z.enum(['clerk', 'supervisor']),
  language: z.enum(['az', 'en', 'ru']).default('az'),
  password: z.string().min(8, 'at least 8 characters').max(200),
});
export type ClerkInput = z.input<typeof clerkInputSchema>;

export interface PublishedClerk {
  id: string;
  office: string;
  officeId?: string;
  /** false: deactivated — the desks keep the account but refuse its sign-in (and sign it out). */
  active?: boolean;
  username: string;
  displayName: string;
  role: 'clerk' | 'supervisor';
  language: string;
}

async function findClerkKey(db: Queryable, officeId: string, username: string): Promise<string | null> {
  const [r] = await db.query<{ key: string }>(
    `SELECT key FROM central_rows WHERE table_name = $1 AND NOT deleted AND office_id = $2::uuid AND lower(row->>'username') = lower($3)`,
    [TABLE, officeId, username],
  );
  return r?.key ?? null;
}

/** Adds the account, or replaces name, role and password of an existing one (same office and username). */
/** Signs a published account with the server's key (node-common/clerk-signature.ts); absent on a plain-HTTP server. */
export type ClerkSigner = (row: SignedClerkFields) => string;

export async function putClerk(db: Database, input: ClerkInput, signer?: ClerkSigner, alsoInTx?: AlsoInTx<PublishedClerk & { created: boolean }>): Promise<PublishedClerk & { created: boolean }> {
  const parsed = clerkInputSchema.safeParse(input);
  if (!parsed.success) throw AppHttpError.badRequest(`clerk: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const c = parsed.data;
  const office = await findOffice(db, c.office);
  const passwordHash = await hashPassword(c.password);
  return db.transaction(async (tx) => {
    const existing = await findClerkKey(tx, office.id, c.username);
    const id = existing ?? randomUUID();
    const fields = { id, officeId: office.id, username: c.username, displayName: c.displayName, role: c.role, language: c.language, passwordHash, active: true };
    const row = signer ? { ...fields, serverSignature: signer(fields) } : fields;
    await putRow(tx, { table: TABLE, key: id, officeId: office.id, row });
    const out = { id, office: office.name, officeId: office.id, username: c.username, displayName: c.displayName, role: c.role, language: c.language, active: true, created: existing === null };
    await alsoInTx?.(tx, out);
    return out;
  });
}

type ClerkRow = { id: string; officeId: string; username: string; displayName: string; role: string; language: string; passwordHash: string; active: boolean };

/**
 * Changes one published account by its id — a new password hash, or active false — and signs it again. The row stays
 * (a deactivated account is a row with active false): the desks keep it, refuse its sign-in and sign it out at their
 * next pull (electron/main/services/auth-service.ts applyCentralClerk), and reports still name its clerk.
 */
export async function changeClerk(
  db: Database,
  id: string,
  change: { password?: string; active?: boolean },
  signer?: ClerkSigner,
  alsoInTx?: AlsoInTx<PublishedClerk>,
): Promise<PublishedClerk> {
  const passwordHash = change.password === undefined ? undefined : await hashPassword(change.password);
  return db.transaction(async (tx) => {
    const [r] = await tx.query<{ row: ClerkRow; office: string }>(
      `SELECT r.row, o.name AS office FROM central_rows r JOIN offices o ON o.id = r.office_id WHERE r.table_name = $1 AND r.key = $2 AND NOT r.deleted FOR UPDATE OF r`,
      [TABLE, id],
    );
    if (!r) throw AppHttpError.notFound('no such clerk account');
    const c = r.row;
    const fields = { id: c.id, officeId: c.officeId, username: c.username, displayName: c.displayName, role: c.role, language: c.language, passwordHash: passwordHash ?? c.passwordHash, active: change.active ?? c.active !== false };
    const row = signer ? { ...fields, serverSignature: signer(fields as SignedClerkFields) } : fields;
    await putRow(tx, { table: TABLE, key: id, officeId: c.officeId, row });
    const out = publishedOf(fields, r.office);
    await alsoInTx?.(tx, out);
    return out;
  });
}

function publishedOf(row: Omit<ClerkRow, 'passwordHash'>, office: string): PublishedClerk {
  return {
    id: row.id, office, officeId: row.officeId, username: row.username, displayName: row.displayName, role: row.role as PublishedClerk['role'], language: row.language, active: row.active !== false,
  };
}

/** Removes the account: desks deactivate it (and sign it out) at their next pull. */
export async function removeClerk(db: Database, officeName: string, username: string): Promise<{ removed: boolean }> {
  const office = await findOffice(db, officeName);
  return db.transaction(async (tx) => {
    const key = await findClerkKey(tx, office.id, username);
    if (!key) throw AppHttpError.notFound(`no clerk "${username}" in office "${office.name}"`);
    return { removed: (await deleteRow(tx, TABLE, key)) !== null };
  });
}

export async function listClerks(db: Database, officeName?: string): Promise<PublishedClerk[]> {
  const officeId = officeName ? (await findOffice(db, officeName)).id : null;
  return listClerksOf(db, officeId ? [officeId] : null);
}

/** The published accounts of these offices (null: all), by office and username. */
export async function listClerksOf(db: Queryable, officeIds: string[] | null): Promise<PublishedClerk[]> {
  const rows = await db.query<{ row: ClerkRow; office: string }>(
    `SELECT r.row, o.name AS office FROM central_rows r JOIN offices o ON o.id = r.office_id
     WHERE r.table_name = $1 AND NOT r.deleted AND ($2::uuid[] IS NULL OR r.office_id = ANY($2::uuid[])) ORDER BY o.name, r.row->>'username'`,
    [TABLE, officeIds],
  );
  return rows.map(({ row, office }) => publishedOf(row, office));
}
