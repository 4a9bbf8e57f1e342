/**
 * The server's rules per kind: what a pushed op changes centrally and when it clashes with what is already there.
 * The table is typed by the registry (common/operations): a kind without a rule does not compile, and each rule gets
 * its kind's validated payload. A rule returns the verdict; `apply` runs only after the op row is stored.
 */
import type { Queryable } from '../db/adapter';
import { toIso } from '../db/adapter';
import { ConflictReason, type SyncOp } from '../../common/sync/protocol';
import type { OperationKind, PayloadOf } from '../../common/operations';
import type { z } from 'zod';
import type { recordKinds } from '../../common/operations/records';
import { putRow } from './changes';
import { flagCertificatesForReissue, imeiConflict, komisCodeTaken, projectCertificate, projectPoa, registerImei, registerKomis } from './projections';
import type { Desk } from './offices';

export interface Evaluation {
  status: 'applied' | 'conflict' | 'rejected';
  reason?: string;
  details?: Record<string, unknown>;
  apply?: () => Promise<void>;
}

type RecordKind = keyof typeof recordKinds;
type PayloadFor<K> = K extends OperationKind ? PayloadOf<K> : K extends RecordKind ? z.output<(typeof recordKinds)[K]['payload']> : never;
export type Rule<K extends OperationKind | RecordKind> = (tx: Queryable, desk: Desk, op: SyncOp, payload: PayloadFor<K>) => Promise<Evaluation>;

const applied = async (): Promise<Evaluation> => ({ status: 'applied' });

/** Binds the ICCID to the op's subject unless it is retired or another subscriber's. */
const bindsIccid: Rule<'sim.sell' | 'cert.issue'> = async (tx, desk, op, p) =>
  (await bindingConflict(tx, p.iccid, op.subject)) ?? { status: 'applied', apply: () => bind(tx, desk, op, p.iccid, op.subject, p.msisdn) };

export const centralRules: { [K in OperationKind | RecordKind]: Rule<K> } = {
  'visit.create': applied,
  /** The visit's lifecycle is the desk's: stored as it came, so the journal's state is known centrally. */
  'visit.close': applied,
  'visit.cancel': applied,
  /** A stand-in the desk sent for an op it could not send: stored for a human, the desk marks its op failed. */
  'desk.unsendable': applied,
  'reference.update': applied,
  /** Projected centrally: the office's other desks get it in their replica. */
  'poa.create': async (tx, desk, op, p) => ({ status: 'applied', apply: () => projectPoa(tx, desk, op, p) }),
  /** Becomes a central revocation every desk pulls. */
  'poa.revoke': async (tx, _desk, op, p) => ({ status: 'applied', apply: () => revokePoa(tx, p.poaId, op.createdAt, p.reason) }),
  /**
   * Binds the new ICCID to the subscriber and retires the old one. A lost SIM the desk did not know comes without its
   * ICCID (null): the SIM bound to the number is the one retired.
   */
  'sim.duplicate': async (tx, desk, op, p) => {
    const conflict = await bindingConflict(tx, p.newIccid, op.subject);
    if (conflict) return conflict;
    const onNumber = p.oldIccid === null ? await simsOfNumber(tx, p.msisdn, p.newIccid) : [];
    // Found from the number only: never retire another subscriber's SIM (the desk could not check whose it is).
    const foreign = onNumber.find((b) => b.subscriber !== op.subject);
    if (foreign) return { status: 'conflict', reason: ConflictReason.MsisdnBoundElsewhere, details: { msisdn: p.msisdn, iccid: foreign.iccid, subscriber: op.subject } };
    const old = p.oldIccid === null ? onNumber.map((b) => b.iccid) : [p.oldIccid];
    return {
      status: 'applied',
      apply: async () => {
        await bind(tx, desk, op, p.newIccid, op.subject, p.msisdn);
        for (const iccid of old) await retire(tx, iccid, op);
        // The certificates on the old SIM are dead, wherever they were issued: their office re-issues them.
        await flagCertificatesForReissue(tx, p.msisdn, p.newIccid);
      },
    };
  },
  /** A new SIM: the ICCID and the number must both be free (or already this subscriber's). */
  'sim.sell': async (tx, desk, op, p) => (await bindingConflict(tx, p.iccid, op.subject)) ?? (await msisdnConflict(tx, p.msisdn, p.iccid, op.subject)) ?? (await bindsIccid(tx, desk, op, p)),
  'cert.issue': async (tx, desk, op, p) => {
    const verdict = await bindsIccid(tx, desk, op, p);
    if (verdict.status !== 'applied') return verdict;
    return {
      ...verdict,
      apply: async () => {
        await verdict.apply?.();
        await projectCertificate(tx, desk, op, p);
      },
    };
  },
  'cert.reissue': async (tx, desk, op, p) => ({ status: 'applied', apply: () => projectCertificate(tx, desk, op, p, 'replaced') }),
  'cert.renew': async (tx, desk, op, p) => ({ status: 'applied', apply: () => projectCertificate(tx, desk, op, p, 'renewed') }),
  'service.activate': applied,
  'service.extend': applied,
  'service.correctType': applied,
  'token.unblock': applied,
  'token.reportLost': applied,
  /** Unique across the organisation: a second registration of an IMEI at any desk is a conflict. */
  'imei.register': async (tx, desk, op, p) => {
    const taken = await imeiConflict(tx, p);
    if (taken) return { status: 'conflict', reason: ConflictReason.ImeiRegisteredElsewhere, details: { imei: taken.imei, noticeCode: taken.noticeCode } };
    return { status: 'applied', apply: () => registerImei(tx, desk, op, p) };
  },
  /** Desks make subscriber codes offline: a code another desk issued first is a conflict (the customer gets a new one). */
  'komis.register': async (tx, desk, op, p) =>
    (await komisCodeTaken(tx, p.subscriberCode))
      ? { status: 'conflict', reason: ConflictReason.KomisCodeTaken, details: { subscriberCode: p.subscriberCode } }
      : { status: 'applied', apply: () => registerKomis(tx, desk, op, p.subscriberCode) },
};

export async function poaConflict(tx: Queryable, poaId: string, op: SyncOp): Promise<Evaluation | null> {
  // Revoked before the desk used it (the desk was offline and did not know): a conflict. Revoked after: the use stands.
  // Serialized with revocations of the same POA, so a revocation committing meanwhile is not missed.
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`poa:${poaId}`]);
  const [r] = await tx.query<{ revoked_at: Date | string; reason: string | null }>(
    'SELECT revoked_at, reason FROM poa_revocations WHERE poa_id = $1 AND revoked_at <= $2::timestamptz',
    [poaId, op.createdAt],
  );
  if (!r) return null;
  return { status: 'conflict', reason: ConflictReason.PoaRevoked, details: { poaId, revokedAt: toIso(r.revoked_at), revocationReason: r.reason } };
}

async function bindingConflict(tx: Queryable, iccid: string, subscriber: string): Promise<Evaluation | null> {
  // FOR UPDATE below locks nothing while the ICCID is unbound: two desks binding it at once would both "apply".
  // A transaction-scoped lock on the ICCID serializes them (found by test/integration/chaos-sync.test.ts).
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`iccid:${iccid}`]);
  const [retired] = await tx.query<{ retired_at: Date | string }>('SELECT retired_at FROM retired_iccids WHERE iccid = $1', [iccid]);
  if (retired) return { status: 'conflict', reason: ConflictReason.IccidRetired, details: { iccid, subscriber, retiredAt: toIso(retired.retired_at) } };
  const [b] = await tx.query<{ subscriber: string; office_id: string | null; bound_at: Date | string }>(
    'SELECT subscriber, office_id, bound_at FROM iccid_bindings WHERE iccid = $1 FOR UPDATE',
    [iccid],
  );
  if (!b || b.subscriber === subscriber) return null;
  // The other subscriber may be another office's customer: say that the SIM is bound, not to whom.
  return { status: 'conflict', reason: ConflictReason.IccidBoundElsewhere, details: { iccid, subscriber, boundAt: toIso(b.bound_at), boundByOfficeId: b.office_id } };
}

async function msisdnConflict(tx: Queryable, msisdn: string, iccid: string, subscriber: string): Promise<Evaluation | null> {
  // Two desks selling the same number at once: serialized on the number, like ICCIDs.
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`msisdn:${msisdn}`]);
  const [b] = await tx.query<{ iccid: string; office_id: string | null; bound_at: Date | string }>(
    'SELECT iccid, office_id, bound_at FROM iccid_bindings WHERE msisdn = $1 AND iccid <> $2 AND subscriber <> $3 LIMIT 1',
    [msisdn, iccid, subscriber],
  );
  if (!b) return null;
  return { status: 'conflict', reason: ConflictReason.MsisdnBoundElsewhere, details: { msisdn, iccid, subscriber, boundAt: toIso(b.bound_at), boundByOfficeId: b.office_id } };
}

export async function bind(tx: Queryable, desk: { id: string; officeId: string }, op: { id: string }, iccid: string, subscriber: string, msisdn?: string): Promise<void> {
  await tx.query(
    `INSERT INTO iccid_bindings (iccid, subscriber, msisdn, office_id, desk_id, op_id) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (iccid) DO UPDATE SET subscriber = EXCLUDED.subscriber, msisdn = EXCLUDED.msisdn, office_id = EXCLUDED.office_id,
       desk_id = EXCLUDED.desk_id, op_id = EXCLUDED.op_id, bound_at = now()`,
    [iccid, subscriber, msisdn ?? null, desk.officeId, desk.id, op.id],
  );
}

/** The SIMs bound to a number, other than `except` (the new SIM of a duplicate), serialized on the number. */
async function simsOfNumber(tx: Queryable, msisdn: string, except: string): Promise<{ iccid: string; subscriber: string }[]> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`msisdn:${msisdn}`]);
  return tx.query<{ iccid: string; subscriber: string }>('SELECT iccid, subscriber FROM iccid_bindings WHERE msisdn = $1 AND iccid <> $2 FOR UPDATE', [msisdn, except]);
}

async function retire(tx: Queryable, iccid: string, op: SyncOp): Promise<void> {
  await tx.query('DELETE FROM iccid_bindings WHERE iccid = $1', [iccid]);
  await tx.query('INSERT INTO retired_iccids (iccid, retired_at, op_id) VALUES ($1, $2, $3) ON CONFLICT (iccid) DO NOTHING', [iccid, op.createdAt, op.id]);
  await putRow(tx, { table: 'retired_iccids', key: iccid, officeId: null, row: { iccid, retiredAt: new Date(op.createdAt).toISOString() } });
}

export async function revokePoa(tx: Queryable, poaId: string, revokedAt: string, reason: string | null): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`poa:${poaId}`]);
  const [r] = await tx.query<{ revoked_at: Date | string }>(
    `INSERT INTO poa_revocations (poa_id, revoked_at, reason) VALUES ($1, $2, $3)
     ON CONFLICT (poa_id) DO UPDATE SET revoked_at = LEAST(poa_revocations.revoked_at, EXCLUDED.revoked_at) RETURNING revoked_at`,
    [poaId, revokedAt, reason],
  );
  await putRow(tx, { table: 'poa_revocations', key: poaId, officeId: null, row: { poaId, revokedAt: toIso(r.revoked_at), reason } });
}
