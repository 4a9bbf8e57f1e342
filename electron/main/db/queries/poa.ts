import type { ReadableDb, WritableDb } from '../database';
import type { PowerOfAttorney } from '../../../../common/operations';

export interface PoaRow {
  id: string;
  visit_id: string | null;
  principal_json: string;
  principal_key: string;
  trustee_key: string;
  trustee_name: string;
  notary_registry_number: string;
  notary_date: string;
  valid_from: string;
  valid_to: string;
  scope_json: string;
  letter_confirmed: number | null;
  letter_sha256: string | null;
  letter_mime: string | null;
  letter_size: number | null;
  created_at: string;
  revoked_at: string | null;
  revoked_reason: string | null;
  revoked_source: 'desk' | 'central' | null;
}

/** A stored POA with its JSON columns read; the screens' status (valid, expired…) depends on the day, so it is left to the caller. */
export type PoaRecord = Omit<PowerOfAttorney, 'status'>;

export function toPoa(row: PoaRow): PoaRecord {
  return {
    id: row.id,
    visitId: row.visit_id ?? '',
    principal: JSON.parse(row.principal_json) as PowerOfAttorney['principal'],
    principalKey: row.principal_key,
    trusteeKey: row.trustee_key,
    trusteeName: row.trustee_name,
    notaryRegistryNumber: row.notary_registry_number,
    notaryDate: row.notary_date,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    scope: JSON.parse(row.scope_json) as string[],
    letter: row.letter_sha256 ? { confirmedSignedSealed: row.letter_confirmed === 1, sha256: row.letter_sha256, mime: row.letter_mime ?? '', size: row.letter_size ?? 0 } : null,
    revokedAt: row.revoked_at,
    revokedReason: row.revoked_reason,
    createdAt: row.created_at,
  };
}

const COLUMNS = `id, visit_id, principal_json, principal_key, trustee_key, trustee_name, notary_registry_number, notary_date, valid_from,
  valid_to, scope_json, letter_confirmed, letter_sha256, letter_mime, letter_size, created_at, revoked_at, revoked_reason, revoked_source`;

export function insertPoa(tx: WritableDb, p: Omit<PoaRow, 'revoked_at' | 'revoked_reason' | 'revoked_source'> & { letter_scan: Buffer | null }): void {
  tx.prepare(
    `INSERT INTO powers_of_attorney (id, visit_id, principal_json, principal_key, trustee_key, trustee_name, notary_registry_number, notary_date,
       valid_from, valid_to, scope_json, letter_confirmed, letter_sha256, letter_mime, letter_size, letter_scan, created_at)
     VALUES (@id, @visit_id, @principal_json, @principal_key, @trustee_key, @trustee_name, @notary_registry_number, @notary_date,
       @valid_from, @valid_to, @scope_json, @letter_confirmed, @letter_sha256, @letter_mime, @letter_size, @letter_scan, @created_at)`,
  ).run(p);
}

export function findPoa(db: ReadableDb, id: string): PoaRow | null {
  return (db.prepare(`SELECT ${COLUMNS} FROM powers_of_attorney WHERE id = ?`).get(id) as PoaRow | undefined) ?? null;
}

export function findPoaScan(db: ReadableDb, id: string): { mime: string; scan: Buffer; sha256: string } | null {
  const r = db.prepare('SELECT letter_mime AS mime, letter_scan AS scan, letter_sha256 AS sha256 FROM powers_of_attorney WHERE id = ? AND letter_scan IS NOT NULL').get(id) as
    | { mime: string; scan: Buffer; sha256: string }
    | undefined;
  return r ?? null;
}

export function listPoas(db: ReadableDb, filter: { principalKey?: string; trusteeKey?: string; visitId?: string }): PoaRow[] {
  const where: string[] = [];
  const args: string[] = [];
  for (const [column, value] of [['principal_key', filter.principalKey], ['trustee_key', filter.trusteeKey], ['visit_id', filter.visitId]] as const) {
    if (!value) continue;
    where.push(`${column} = ?`);
    args.push(value);
  }
  const sql = `SELECT ${COLUMNS} FROM powers_of_attorney ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY created_at DESC LIMIT 500`;
  return db.prepare(sql).all(...args) as PoaRow[];
}

/** Records a revocation; the earliest revocation wins (a central one may arrive after a local one). */
export function revokePoa(tx: WritableDb, id: string, at: string, reason: string, source: 'desk' | 'central'): boolean {
  return (
    tx
      .prepare(
        `UPDATE powers_of_attorney SET revoked_at = ?, revoked_reason = ?, revoked_source = ?
         WHERE id = ? AND (revoked_at IS NULL OR revoked_at > ?)`,
      )
      .run(at, reason, source, id, at).changes === 1
  );
}

/** A POA registered at another desk of the office; a revocation placeholder received earlier keeps its revocation. */
export function insertCentralPoa(tx: WritableDb, p: Omit<PoaRow, 'revoked_at' | 'revoked_reason' | 'revoked_source' | 'letter_confirmed' | 'letter_mime' | 'letter_size'>): void {
  tx.prepare(
    `INSERT INTO powers_of_attorney (id, visit_id, principal_json, principal_key, trustee_key, trustee_name, notary_registry_number,
       notary_date, valid_from, valid_to, scope_json, letter_sha256, created_at)
     VALUES (@id, @visit_id, @principal_json, @principal_key, @trustee_key, @trustee_name, @notary_registry_number,
       @notary_date, @valid_from, @valid_to, @scope_json, @letter_sha256, @created_at)
     ON CONFLICT (id) DO UPDATE SET principal_json = excluded.principal_json, principal_key = excluded.principal_key,
       trustee_key = excluded.trustee_key, trustee_name = excluded.trustee_name, notary_registry_number = excluded.notary_registry_number,
       notary_date = excluded.notary_date, valid_from = excluded.valid_from, valid_to = excluded.valid_to, scope_json = excluded.scope_json,
       letter_sha256 = excluded.letter_sha256
     WHERE powers_of_attorney.principal_key = ''`,
  ).run(p);
}

/** A central revocation of a POA this desk has never seen is kept, so the POA is refused if it turns up later. */
export function insertRevokedPoaPlaceholder(tx: WritableDb, id: string, at: string, reason: string): void {
  tx.prepare(
    `INSERT OR IGNORE INTO powers_of_attorney (id, visit_id, principal_json, principal_key, trustee_key, trustee_name, notary_registry_number,
       notary_date, valid_from, valid_to, scope_json, created_at, revoked_at, revoked_reason, revoked_source)
     VALUES (?, NULL, '{}', '', '', '', '', '', '', '', '[]', ?, ?, ?, 'central')`,
  ).run(id, at, at, reason);
}
