// The visit a paper is printed for. A purged visit has no customer to print (docs/security.md): refused before a
// print is counted or audited, rather than a paper with a blank name that could pass for the customer's.
import { AppError, ErrorCode } from '../../../common/errors';
import type { ReadableDb } from '../db/database';
import { findVisit, toVisit, type VisitRow } from '../db/queries/visits';

export function printableVisit(db: ReadableDb, visitId: string): VisitRow {
  const v = findVisit(db, visitId);
  if (!v) throw new AppError(ErrorCode.NotFound, 'No such visit.');
  const purged = toVisit(v).purged;
  if (purged) {
    throw new AppError(ErrorCode.PersonalDataPurged, `The customer's details were removed from this desk after ${purged.afterDays} days; the central office keeps the record.`, {
      details: { days: purged.afterDays },
    });
  }
  return v;
}
