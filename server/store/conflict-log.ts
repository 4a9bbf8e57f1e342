// Writing and reading conflict rows, shared by the push (which records a conflict) and the resolution
// (conflicts.ts, which re-binds an ICCID through push's `bind`). Kept apart so push.ts and conflicts.ts do not
// import each other.
import { randomUUID } from 'node:crypto';
import type { Queryable, Row } from '../db/adapter';
import { toIso, toIsoOrNull } from '../db/adapter';
import type { SyncConflict, SyncOp } from '../../common/sync/protocol';
import { putRow } from './changes';
import type { Desk } from './offices';

export function conflictRowForPull(r: Row): SyncConflict {
  return {
    id: r.id as string,
    officeId: r.office_id as string,
    deskId: r.desk_id as string,
    opId: r.op_id as string,
    seq: Number(r.seq),
    kind: r.kind as string,
    subject: r.subject as string,
    reason: r.reason as string,
    details: (r.details ?? {}) as Record<string, unknown>,
    status: r.status as SyncConflict['status'],
    note: (r.note ?? null) as string | null,
    createdAt: toIso(r.created_at),
    resolvedAt: toIsoOrNull(r.resolved_at),
    resolvedBy: (r.resolved_by ?? null) as string | null,
  };
}

/** Records a conflict for a pushed op and publishes it to the office's desks (pull). Returns the conflict id. */
export async function recordConflict(tx: Queryable, desk: Desk, op: SyncOp, reason: string, details: Record<string, unknown>): Promise<string> {
  const id = randomUUID();
  const [row] = await tx.query(
    `INSERT INTO conflicts (id, office_id, desk_id, op_id, seq, kind, subject, reason, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb) RETURNING *`,
    [id, desk.officeId, desk.id, op.id, op.seq, op.kind, op.subject, reason, JSON.stringify(details)],
  );
  await putRow(tx, { table: 'conflicts', key: id, officeId: desk.officeId, row: conflictRowForPull(row) });
  return id;
}
