// What the console lists of enrolment codes and conflicts (issue 13), each in one query.
import type { Queryable } from '../db/adapter';
import { toIso, toIsoOrNull } from '../db/adapter';
import { AppHttpError } from '../http-error';
import { conflictRowForPull } from '../store/conflict-log';
import type { ConsoleConflict, ConsoleEnrolmentCode } from '../../common/console/api';

/** The codes of these offices (null: all), newest first. The code itself is not kept: its hash's first 12 digits name it. */
export async function listEnrolmentCodes(db: Queryable, officeIds: string[] | null): Promise<ConsoleEnrolmentCode[]> {
  const rows = await db.query<{ id: string; office_id: string; office_name: string; created_at: unknown; created_by: string | null; expires_at: unknown; used_at: unknown; desk_id: string | null; desk_name: string | null; expired: boolean }>(
    `SELECT left(e.code_hash, 12) AS id, e.office_id, o.name AS office_name, e.created_at, e.created_by, e.expires_at, e.used_at, e.desk_id, d.name AS desk_name,
       e.expires_at <= now() AS expired
     FROM enrolment_codes e JOIN offices o ON o.id = e.office_id LEFT JOIN desks d ON d.id = e.desk_id
     WHERE $1::uuid[] IS NULL OR e.office_id = ANY($1::uuid[]) ORDER BY e.created_at DESC LIMIT 1000`,
    [officeIds],
  );
  return rows.map((r) => ({
    id: r.id,
    officeId: r.office_id,
    officeName: r.office_name,
    createdAt: toIso(r.created_at),
    createdBy: r.created_by,
    expiresAt: toIso(r.expires_at),
    usedAt: toIsoOrNull(r.used_at),
    deskId: r.desk_id,
    deskName: r.desk_name,
    state: r.used_at ? 'used' : r.expired ? 'expired' : 'active',
  }));
}

/** Ends an unused code now (the database's clock, which enrolment checks codes against). */
export async function expireEnrolmentCode(db: Queryable, id: string): Promise<void> {
  const r = await db.query(`UPDATE enrolment_codes SET expires_at = now() WHERE left(code_hash, 12) = $1 AND used_at IS NULL AND expires_at > now() RETURNING office_id`, [id]);
  if (!r.length) throw AppHttpError.conflict('the code is already used or expired');
}

// What the server holds now for a conflict's subject, by what the operation names: the SIM's binding and whether it
// is retired, the number's binding, the power of attorney's revocation, the IMEI's or KÖMİS code's registration, the
// live certificates on the number or for the company. Empty parts are left out.
const ICCID = `coalesce(op.payload->>'newIccid', op.payload->>'iccid')`;
/** A central record as a person reads it: its own fields without internal ids, and the office, desk and time of the
 * operation that made it (a supervisor deciding a conflict asks "who did this first, where, when?"). */
const RECORD = (alias: string) => `(to_jsonb(${alias}) - 'op_id' - 'office_id' - 'desk_id') || coalesce((SELECT jsonb_build_object('office', fo.name, 'desk', fd.name, 'at', fop.created_at)
    FROM ops fop JOIN desks fd ON fd.id = fop.desk_id JOIN offices fo ON fo.id = fop.office_id WHERE fop.id = ${alias}.op_id), '{}'::jsonb)`;
const CENTRAL = `jsonb_strip_nulls(jsonb_build_object(
  'iccidBinding', (SELECT ${RECORD('b')} FROM iccid_bindings b WHERE b.iccid = ${ICCID}),
  'iccidRetired', (SELECT ${RECORD('r')} FROM retired_iccids r WHERE r.iccid = ${ICCID}),
  'numberBinding', (SELECT ${RECORD('b')} FROM iccid_bindings b WHERE b.msisdn = op.payload->>'msisdn' ORDER BY b.bound_at DESC LIMIT 1),
  'poaRevocation', (SELECT to_jsonb(p) FROM poa_revocations p WHERE p.poa_id = op.payload->>'poaId'),
  'imeiRegistration', (SELECT ${RECORD('i')} FROM imei_registrations i WHERE i.imei = op.payload->>'imei'),
  'komisRegistration', (SELECT ${RECORD('k')} FROM komis_registrations k WHERE k.subscriber_code = op.payload->>'subscriberCode'),
  'certificates', (SELECT jsonb_agg(cert.row) FROM certificates cert WHERE cert.status = 'active'
                     AND (cert.msisdn = op.payload->>'msisdn' OR (cert.voen IS NOT NULL AND cert.voen = op.payload->>'voen')))
))`;
/** The clerk named on the operation, as their published account reads: "Name (username)"; else the id as recorded. */
const CLERK = `(SELECT (cr.row->>'displayName') || ' (' || (cr.row->>'username') || ')' FROM central_rows cr
  WHERE cr.table_name = 'clerks' AND cr.key = op.payload->>'clerkId' AND cr.office_id = op.office_id)`;

export async function listConsoleConflicts(db: Queryable, officeIds: string[] | null, f: { status?: string; reason?: string }): Promise<ConsoleConflict[]> {
  const rows = await db.query(
    `SELECT c.*, o.name AS office_name, d.name AS desk_name, op.kind AS op_kind, op.payload AS op_payload, op.created_at AS op_created_at, ${CENTRAL} AS central, ${CLERK} AS clerk_name
     FROM conflicts c JOIN offices o ON o.id = c.office_id JOIN desks d ON d.id = c.desk_id JOIN ops op ON op.id = c.op_id
     WHERE ($1::uuid[] IS NULL OR c.office_id = ANY($1::uuid[])) AND ($2::text IS NULL OR c.status = $2) AND ($3::text IS NULL OR c.reason = $3)
     ORDER BY c.created_at DESC, c.seq LIMIT 1000`,
    [officeIds, f.status ?? null, f.reason ?? null],
  );
  return rows.map((r) => {
    const payload = (r.op_payload ?? {}) as Record<string, unknown>;
    return {
      ...conflictRowForPull(r),
      officeName: r.office_name as string,
      deskName: r.desk_name as string,
      operation: { kind: r.op_kind as string, payload, createdAt: toIso(r.op_created_at), clerk: (r.clerk_name as string | null) ?? (typeof payload.clerkId === 'string' ? payload.clerkId : null) },
      central: (r.central ?? {}) as Record<string, unknown>,
    };
  });
}
