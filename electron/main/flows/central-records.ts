// Records the server projects for the office (issue 9), applied to the desk's replica as they are pulled: powers of
// attorney registered at the office's other desks, and certificates whose status was decided elsewhere (flagged for
// re-issue by a SIM duplicate at another office, replaced, renewed). The server is the authority; an invalid row is
// skipped and logged, never half-applied.
import { z } from 'zod';
import type { WritableDb } from '../db/database';
import type { Change } from '../../../common/sync/protocol';
import { certificateSchema, centralPoaSchema } from '../../../common/operations';
import { insertCentralPoa } from '../db/queries/poa';
import { upsertCentralCertificate } from '../db/queries/certificates';

// The projected rows are the screens' schemas without what only a desk knows (its visit, the letter's scan, status).

const certificateRow = certificateSchema
  .omit({ daysLeft: true, renewal: true, typeChangeFrom: true })
  .extend({ operationId: z.string(), replacesId: z.string().nullable() });

export const centralRecordTables = ['poas', 'certificates'] as const;

/** Applies one pulled change of a central record table; false when the table is not one of them. */
export function applyCentralRecord(tx: WritableDb, change: Change): boolean {
  if (!(centralRecordTables as readonly string[]).includes(change.table)) return false;
  if (change.op !== 'upsert' || !change.row) return true;
  if (change.table === 'poas') {
    const p = centralPoaSchema.safeParse(change.row);
    if (!p.success) return skipped(change, p.error.message);
    insertCentralPoa(tx, {
      id: p.data.id,
      visit_id: null,
      principal_json: JSON.stringify(p.data.principal),
      principal_key: p.data.principalKey,
      trustee_key: p.data.trusteeKey,
      trustee_name: p.data.trusteeName,
      notary_registry_number: p.data.notaryRegistryNumber,
      notary_date: p.data.notaryDate,
      valid_from: p.data.validFrom,
      valid_to: p.data.validTo,
      scope_json: JSON.stringify(p.data.scope),
      letter_sha256: p.data.letterSha256,
      created_at: p.data.createdAt,
    });
    return true;
  }
  const c = certificateRow.safeParse(change.row);
  if (!c.success) return skipped(change, c.error.message);
  const r = c.data;
  upsertCentralCertificate(tx, {
    id: r.id,
    subject: r.subject,
    holder_name: r.holderName,
    type: r.type,
    msisdn: r.msisdn,
    iccid: r.iccid,
    valid_from: r.validFrom,
    valid_to: r.validTo,
    status: r.status,
    issued_at: r.issuedAt,
    operation_id: r.operationId,
    replaces_id: r.replacesId,
  });
  return true;
}

function skipped(change: Change, why: string): true {
  console.error(`masa: central ${change.table}/${change.key} from the server is invalid; skipped: ${why}`);
  return true;
}
