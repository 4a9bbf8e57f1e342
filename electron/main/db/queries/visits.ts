import { searchFold } from '../../../../common/domain/search';
import type { ReadableDb, WritableDb } from '../database';
import { PURGED_DATE, PURGED_NAME, type Visit } from '../../../../common/ipc/channels/visits';
import type { Identity } from '../../../../common/domain/identity';

export interface VisitRow {
  id: string;
  number: number;
  created_at: string;
  local_date: string;
  clerk_id: string;
  clerk_name: string;
  identity_json: string;
  identity_method: 'chip' | 'mrz' | 'manual';
  identity_check_json: string;
  approval_id: string | null;
  subject_key: string;
  status: 'open' | 'completed' | 'cancelled';
  operation_count: number;
  closed_at: string | null;
  close_reason: 'clerk' | 'receipt' | 'end-of-day' | 'cancelled' | null;
  print_count: number;
  /** The visit's operations by their outbox state (SELECT below): not yet acknowledged, acknowledged, in conflict. */
  ops_provisional: number;
  ops_conflict: number;
  /** The visit's operations voided since (operation_voids, issue 12). */
  ops_voided: number;
}

export interface NewVisit {
  id: string;
  createdAt: string;
  localDate: string;
  clerkId: string;
  identityJson: string;
  identityMethod: 'chip' | 'mrz' | 'manual';
  identityCheckJson: string;
  approvalId: string | null;
  subjectKey: string;
  searchText: string;
}

/** A purged identity (services/personal-data-retention.ts) as the contract's Identity: the key, stand-ins elsewhere. */
function purgedIdentity(stub: Record<string, unknown>): Identity {
  const n = PURGED_NAME;
  const d = PURGED_DATE;
  return stub.kind === 'citizen'
    ? { kind: 'citizen', fin: String(stub.fin), documentNumber: n, surname: n, givenName: n, patronymic: '', birthDate: d, expiryDate: null }
    : { kind: 'foreigner', nationality: String(stub.nationality), passportNumber: String(stub.passportNumber), surname: n, givenName: n, birthDate: d, passportExpiry: d, residencePermitNumber: n, residencePermitExpiry: d, personalCode: '' };
}

/** The row as the contract's Visit (JSON columns parsed). */
export function toVisit(row: VisitRow): Visit {
  const stored = JSON.parse(row.identity_json) as Record<string, unknown>;
  const purged = typeof stored.purgedAt === 'string' ? { at: stored.purgedAt, afterDays: Number(stored.purgedAfterDays) } : null;
  return {
    id: row.id,
    number: row.number,
    createdAt: row.created_at,
    clerkId: row.clerk_id,
    clerkName: row.clerk_name,
    identity: purged ? purgedIdentity(stored) : (stored as unknown as Identity),
    identityMethod: row.identity_method,
    identityCheck: JSON.parse(row.identity_check_json) as Record<string, unknown>,
    status: row.status,
    operations: row.operation_count,
    closedAt: row.closed_at,
    closeReason: row.close_reason,
    printCount: row.print_count,
    voided: row.ops_voided ?? 0,
    sync: { provisional: row.ops_provisional, conflict: row.ops_conflict, final: row.operation_count - row.ops_provisional - row.ops_conflict },
    purged,
  };
}

// An operation and its outbox entry share the id; a conflict the supervisor accepted counts as final.
const SELECT = `SELECT v.*, c.display_name AS clerk_name,
  (SELECT count(*) FROM operations o JOIN outbox b ON b.id = o.id WHERE o.visit_id = v.id AND b.state IN ('pending', 'sent')) AS ops_provisional,
  (SELECT count(*) FROM operations o JOIN outbox b ON b.id = o.id WHERE o.visit_id = v.id
     AND (b.state = 'rejected' OR (b.state = 'conflict' AND coalesce(b.resolution, '') <> 'accepted'))) AS ops_conflict,
  (SELECT count(*) FROM operation_voids x JOIN operations o ON o.id = x.operation_id WHERE o.visit_id = v.id) AS ops_voided
  FROM visits v JOIN clerks c ON c.id = v.clerk_id`;

/** Inserts a visit with the next per-desk number (read and written in the caller's transaction); returns that number. */
export function insertVisit(tx: WritableDb, v: NewVisit): number {
  const number = ((tx.prepare('SELECT max(number) FROM visits').pluck().get() as number | null) ?? 0) + 1;
  tx.prepare(
    `INSERT INTO visits (id, number, created_at, local_date, clerk_id, identity_json, identity_method, identity_check_json, approval_id, subject_key, search_text)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(v.id, number, v.createdAt, v.localDate, v.clerkId, v.identityJson, v.identityMethod, v.identityCheckJson, v.approvalId, v.subjectKey, v.searchText);
  return number;
}

export function findVisit(db: ReadableDb, id: string): VisitRow | null {
  return (db.prepare(`${SELECT} WHERE v.id = ?`).get(id) as VisitRow | undefined) ?? null;
}

export function listVisitsOnDate(db: ReadableDb, localDate: string): VisitRow[] {
  return db.prepare(`${SELECT} WHERE v.local_date = ? ORDER BY v.number DESC`).all(localDate) as VisitRow[];
}

export function searchVisits(db: ReadableDb, query: string, limit: number): VisitRow[] {
  const like = `%${searchFold(query).replace(/[%_]/g, (c) => '\\' + c)}%`;
  return db.prepare(`${SELECT} WHERE v.search_text LIKE ? ESCAPE '\\' ORDER BY v.number DESC LIMIT ?`).all(like, limit) as VisitRow[];
}

export function incrementVisitOperations(tx: WritableDb, id: string): void {
  tx.prepare('UPDATE visits SET operation_count = operation_count + 1 WHERE id = ?').run(id);
}

export function setVisitStatus(tx: WritableDb, id: string, status: VisitRow['status']): void {
  tx.prepare('UPDATE visits SET status = ? WHERE id = ?').run(status, id);
}

/** Closes (status 'completed') or cancels an open visit; false when it was not open. */
export function endVisit(tx: WritableDb, id: string, status: 'completed' | 'cancelled', reason: NonNullable<VisitRow['close_reason']>, at: string): boolean {
  return tx.prepare(`UPDATE visits SET status = ?, close_reason = ?, closed_at = ? WHERE id = ? AND status = 'open'`).run(status, reason, at, id).changes === 1;
}

/** Closes the open visits of local days before `today`; returns them (id, subject) for the outbox. */
export function closeVisitsBefore(tx: WritableDb, today: string, at: string): { id: string; subject_key: string }[] {
  return tx
    .prepare(`UPDATE visits SET status = 'completed', close_reason = 'end-of-day', closed_at = ? WHERE status = 'open' AND local_date < ? RETURNING id, subject_key`)
    .all(at, today) as { id: string; subject_key: string }[];
}

/** Counts a print of the visit's receipt; returns the new count (1 = the first print). */
export function countVisitPrint(tx: WritableDb, id: string): number {
  return tx.prepare('UPDATE visits SET print_count = print_count + 1 WHERE id = ? RETURNING print_count').pluck().get(id) as number;
}

export function countVisits(db: ReadableDb): number {
  return db.prepare('SELECT count(*) FROM visits').pluck().get() as number;
}
