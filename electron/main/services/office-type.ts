// The type of office this desk works in (asxm, operator, post — DOMAIN.md §7), as the sync server says: stored at
// enrolment and replaced when the office's `office_profile` row is pulled (an administrator changed it with
// `masa-server office type`). Fee look-ups read it; a desk without one (not enrolled, or an older server) has null
// and sees only the fee rows that name no office type — as before office types existed.
import type { ReadableDb, WritableDb } from '../db/database';
import { getSyncState, setSyncState } from '../db/queries/sync_state';
import { isOfficeType, type OfficeType } from '../../../common/domain/office-types';
import type { Change } from '../../../common/sync/protocol';

export const OFFICE_PROFILE_TABLE = 'office_profile';

export function deskOfficeType(db: ReadableDb): OfficeType | null {
  const v = getSyncState(db, 'officeType');
  return isOfficeType(v) ? v : null;
}

/**
 * A pulled change of the office's profile, in the pull's transaction; true when it was one (whatever its content).
 * Only the desk's own office's row counts (the server sends no other, but a row naming another office is ignored).
 */
export function applyOfficeProfile(tx: WritableDb, change: Change): boolean {
  if (change.table !== OFFICE_PROFILE_TABLE) return false;
  if (change.op !== 'upsert' || !change.row) return true;
  const officeId = getSyncState(tx, 'officeId');
  if (officeId && change.row.officeId !== officeId) return true;
  const type = change.row.type;
  if (isOfficeType(type)) setSyncState(tx, { officeType: type });
  return true;
}
