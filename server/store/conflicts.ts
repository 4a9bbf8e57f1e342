import type { Database, Queryable } from '../db/adapter';
import { AppHttpError } from '../http-error';
import { ConflictReason, type SyncConflict, type ResolveConflictRequest } from '../../common/sync/protocol';
import { putRow } from './changes';
import { conflictRowForPull } from './conflict-log';
import { bind } from './central-sql';

export async function listConflicts(db: Queryable, filter: { officeId?: string; status?: string } = {}): Promise<SyncConflict[]> {
  const rows = await db.query(
    `SELECT * FROM conflicts WHERE ($1::uuid IS NULL OR office_id = $1::uuid) AND ($2::text IS NULL OR status = $2) ORDER BY created_at, seq`,
    [filter.officeId ?? null, filter.status ?? null],
  );
  return rows.map(conflictRowForPull);
}

/**
 * A supervisor's decision. accept: the desk's operation wins (an ICCID conflict re-binds the SIM to the op's
 * subscriber); reject: central state stays and the desk's operation is recorded as overruled. Resolving twice is refused.
 * `officeId` restricts a desk to its own office's conflicts (undefined = admin).
 */
export async function resolveConflict(db: Database, id: string, req: ResolveConflictRequest, officeId?: string): Promise<SyncConflict> {
  return db.transaction(async (tx) => {
    const [c] = await tx.query(`SELECT * FROM conflicts WHERE id = $1 FOR UPDATE`, [id]);
    if (!c || (officeId && c.office_id !== officeId)) throw AppHttpError.notFound('no such conflict');
    if (c.status !== 'open') throw AppHttpError.conflict(`conflict already ${String(c.status)}`);
    const status = req.resolution === 'accept' ? 'accepted' : 'rejected';
    const [updated] = await tx.query(
      `UPDATE conflicts SET status = $2, note = $3, resolved_at = now(), resolved_by = $4 WHERE id = $1 RETURNING *`,
      [id, status, req.note, req.resolvedBy ?? 'admin'],
    );
    if (status === 'accepted' && (c.reason === ConflictReason.IccidBoundElsewhere || c.reason === ConflictReason.IccidRetired)) {
      const [op] = await tx.query<{ payload: Record<string, string> }>('SELECT payload FROM ops WHERE id = $1', [c.op_id]);
      const p = op.payload;
      const iccid = c.kind === 'sim.duplicate' ? p.newIccid : p.iccid;
      if (c.reason === ConflictReason.IccidRetired) await tx.query('DELETE FROM retired_iccids WHERE iccid = $1', [iccid]);
      await bind(tx, { id: c.desk_id as string, officeId: c.office_id as string }, { id: c.op_id as string }, iccid, c.subject as string, typeof p.msisdn === 'string' ? p.msisdn : undefined);
    }
    if (status === 'accepted') {
      // The op's activity record now stands as done (store/customer-records.ts): logged again, desks hear of it.
      await tx.query(
        `SELECT log_customer_records(array_agg(id), array_agg(office_id), array_agg(subject)) FROM ops WHERE id = $1 AND is_customer_record(kind, subject, status)`,
        [c.op_id],
      );
    }
    const out = conflictRowForPull(updated);
    await putRow(tx, { table: 'conflicts', key: id, officeId: out.officeId, row: out });
    return out;
  });
}
