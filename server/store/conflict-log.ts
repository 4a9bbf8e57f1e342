// Conflict rows as desks pull them, shared by the resolution (conflicts.ts). A push records its conflicts in bulk
// (central-state.ts `recordConflict`, the same shape).
import type { Row } from '../db/adapter';
import { toIso, toIsoOrNull } from '../db/adapter';
import type { SyncConflict } from '../../common/sync/protocol';

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
    resolvedByDeskId: (r.resolved_by_desk ?? null) as string | null,
  };
}
