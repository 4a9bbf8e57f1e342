import type { Database, Queryable } from '../db/adapter';
import { storedPasswordKey } from '../../node-common/passwords';
import { approvalMacMatches, resolutionApprovalMessage } from '../../node-common/approvals';
import { AppHttpError } from '../http-error';
import { ConflictReason, type SyncConflict, type ResolveConflictRequest } from '../../common/sync/protocol';
import { putRow } from './changes';
import { conflictRowForPull } from './conflict-log';
import { bind } from './central-sql';
import type { AlsoInTx } from './offices';

export async function listConflicts(db: Queryable, filter: { officeId?: string; status?: string } = {}): Promise<SyncConflict[]> {
  const rows = await db.query(
    `SELECT * FROM conflicts WHERE ($1::uuid IS NULL OR office_id = $1::uuid) AND ($2::text IS NULL OR status = $2) ORDER BY created_at, seq`,
    [filter.officeId ?? null, filter.status ?? null],
  );
  return rows.map(conflictRowForPull);
}

/** How far a supervisor's approval may be from the server's clock (desks' clocks are checked within 5 minutes). */
const APPROVAL_WINDOW_MS = 5 * 60_000;

/** A desk asking to resolve: its office's conflicts only, and only with a supervisor's approval the server checks. */
export interface DeskResolver {
  deskId: string;
  officeId: string;
  now: number;
}

/**
 * The office's central supervisor account whose approval `req` carries, if the approval verifies: issued for this
 * conflict, decision, note, desk and clerk, within the window, under the account's password key.
 */
async function approvingSupervisor(tx: Queryable, conflictId: string, req: ResolveConflictRequest, from: DeskResolver): Promise<{ id: string; name: string }> {
  const a = req.approval;
  if (!a) throw AppHttpError.forbidden('a resolution needs the approval of a supervisor of the office');
  const [r] = await tx.query<{ row: { username: string; displayName: string; role: string; active?: boolean; passwordHash: string } }>(
    `SELECT row FROM central_rows WHERE table_name = 'clerks' AND key = $1 AND office_id = $2::uuid AND NOT deleted`,
    [a.clerkId, from.officeId],
  );
  const key = r && r.row.role === 'supervisor' && r.row.active !== false ? storedPasswordKey(r.row.passwordHash) : null;
  if (!r || !key) throw AppHttpError.forbidden('the approval is not from a supervisor account of this office');
  if (Math.abs(from.now - a.at) > APPROVAL_WINDOW_MS) throw AppHttpError.forbidden('the approval is too old or from the future');
  const message = resolutionApprovalMessage({ conflictId, resolution: req.resolution, note: req.note, deskId: from.deskId, clerkId: a.clerkId, at: a.at });
  if (!approvalMacMatches(key, message, a.mac)) throw AppHttpError.forbidden('the approval does not verify');
  return { id: a.clerkId, name: `${r.row.displayName} (${r.row.username})` };
}

/**
 * A supervisor's decision. accept: the desk's operation wins (an ICCID conflict re-binds the SIM to the op's
 * subscriber); reject: central state stays and the desk's operation is recorded as overruled. Resolving twice is refused.
 * `from`: a desk (its office's conflicts only, with a verified supervisor's approval); undefined: the administrator.
 */
export async function resolveConflict(db: Database, id: string, req: ResolveConflictRequest, from?: DeskResolver, alsoInTx?: AlsoInTx<SyncConflict>): Promise<SyncConflict> {
  return db.transaction(async (tx) => {
    const [c] = await tx.query(`SELECT * FROM conflicts WHERE id = $1 FOR UPDATE`, [id]);
    if (!c || (from && c.office_id !== from.officeId)) throw AppHttpError.notFound('no such conflict');
    if (c.status !== 'open') throw AppHttpError.conflict(`conflict already ${String(c.status)}`);
    const supervisor = from ? await approvingSupervisor(tx, id, req, from) : null;
    const status = req.resolution === 'accept' ? 'accepted' : 'rejected';
    const [updated] = await tx.query(
      `UPDATE conflicts SET status = $2, note = $3, resolved_at = now(), resolved_by = $4, resolved_by_desk = $5, resolved_by_clerk = $6 WHERE id = $1 RETURNING *`,
      [id, status, req.note, supervisor?.name ?? req.resolvedBy ?? 'admin', from?.deskId ?? null, supervisor?.id ?? null],
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
    await alsoInTx?.(tx, out);
    return out;
  });
}
