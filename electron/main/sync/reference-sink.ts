// Where pulled central rows go besides the sync area's generic `central_rows` table. The flows helper owns the
// reference data tables (tariffs, fees, renewal window…) and implements this port to keep them current; it is called
// inside the transaction that applies a pulled page, after the version check, once per accepted change.
import type { WritableDb } from '../db/database';
import type { Change } from '../../../common/sync/protocol';

export interface ReferenceDataSink {
  apply(tx: WritableDb, change: Change): void;
}

export const noReferenceDataSink: ReferenceDataSink = { apply: () => {} };
