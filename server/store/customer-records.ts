/**
 * Activity records of customers, built from the op rows when they are served: by the pull (changes.ts, table
 * `customer_records`, whose pull-log rows only name the op — migration 008) and by the look-up (customers.ts). One
 * builder, so a desk's replica holds what a look-up answers.
 */
import { toIso } from '../db/adapter';
import { operationKinds, operationSpec } from '../../common/operations';
import type { CustomerRecord } from '../../common/sync/customers';

/** Payload fields synced for the server only (a device's security code): never sent down. */
const SERVER_ONLY_FIELDS = new Set(operationKinds.flatMap((k) => (operationSpec(k).syncOnly ?? []).filter((f) => f !== 'validUntil')));

/** The columns `customerRecordOf` reads, from `ops o`, `offices f` and the op's conflict `cf` (see RECORD_JOINS). */
export const RECORD_COLUMNS = `o.id AS r_id, o.kind AS r_kind, o.subject AS r_subject, o.created_at AS r_created_at, o.status AS r_status,
  o.payload AS r_payload, o.office_id AS r_office_id, f.name AS r_office_name, cf.status AS r_resolution`;

/** The op's office and its conflict, if any, for RECORD_COLUMNS. */
export const RECORD_JOINS = `LEFT JOIN offices f ON f.id = o.office_id LEFT JOIN conflicts cf ON cf.op_id = o.id`;

export type RecordColumns = {
  r_id: string;
  r_kind: string;
  r_subject: string;
  r_created_at: Date | string;
  r_status: 'applied' | 'conflict';
  r_payload: Record<string, unknown>;
  r_office_id: string | null;
  r_office_name: string | null;
  r_resolution: 'open' | 'accepted' | 'rejected' | null;
};

export function customerRecordOf(r: RecordColumns): CustomerRecord {
  const payload: Record<string, unknown> = {};
  for (const k in r.r_payload) if (!SERVER_ONLY_FIELDS.has(k)) payload[k] = r.r_payload[k];
  return {
    id: r.r_id,
    kind: r.r_kind,
    subject: r.r_subject,
    createdAt: toIso(r.r_created_at),
    // A conflict a supervisor decided in the desk's favour stands as done.
    status: r.r_status === 'conflict' && r.r_resolution === 'accepted' ? 'applied' : r.r_status,
    payload,
    officeId: r.r_office_id,
    officeName: r.r_office_name,
  };
}
