/**
 * Applying a pushed batch. Ops of one desk are applied strictly in seq order, one transaction per op, so an op either
 * committed with its effects or not at all; a batch cut short by a crash is simply re-pushed and the committed part
 * comes back `duplicate`. The desk row is locked (FOR UPDATE) at the start of each op's transaction, which
 * serializes two concurrent pushes of the same desk (e.g. the worker and `masa sync`).
 */
import type { Database, Queryable } from '../db/adapter';
import { toIso } from '../db/adapter';
import { ConflictReason, RejectReason, UNSTORABLE_TEXT, opPayloads, type Ack, type KnownKind, type PushResponse, type SyncOp } from '../../common/sync/protocol';
import { putRow } from './changes';
import { recordConflict } from './conflict-log';
import type { Desk } from './offices';

export async function applyPush(db: Database, desk: Desk, ops: SyncOp[]): Promise<PushResponse> {
  // Times normalised to UTC ISO (an offset like +23:59 is valid ISO but not for every SQL parser).
  const sorted = ops.map((o) => ({ ...o, createdAt: new Date(o.createdAt).toISOString() })).sort((a, b) => a.seq - b.seq);
  const acks: Ack[] = [];
  let gap = false;
  let highestSeq = desk.highestSeq;
  try {
    for (const op of sorted) {
      const { ack, highest } = await db.transaction((tx) => applyOne(tx, desk, op, gap));
      highestSeq = highest;
      if (ack.status === 'rejected' && ack.reason === RejectReason.Gap) gap = true;
      acks.push(ack);
    }
  } finally {
    // Counters for `masa-server stats`, once per batch (also when the batch failed half-way).
    const duplicates = acks.filter((a) => a.status === 'duplicate').length;
    await db
      .query('UPDATE desks SET last_seen_at = now(), duplicate_acks = duplicate_acks + $2 WHERE id = $1', [desk.id, duplicates])
      .catch(() => undefined);
  }
  return { acks, highestSeq };
}

interface Outcome {
  ack: Ack;
  highest: number;
}

type LockedDesk = { highest_seq: string; existing_desk: string | null; existing_seq: string | null; status: string | null; reason: string | null; conflict_id: string | null };

async function applyOne(tx: Queryable, desk: Desk, op: SyncOp, afterGap: boolean): Promise<Outcome> {
  // One round trip: lock the desk row (serializes pushes of one desk) and look the op id up.
  const [d] = await tx.query<LockedDesk>(
    `SELECT d.highest_seq::text AS highest_seq, o.desk_id AS existing_desk, o.seq::text AS existing_seq, o.status, o.reason, c.id AS conflict_id
     FROM desks d LEFT JOIN ops o ON o.id = $2 LEFT JOIN conflicts c ON c.op_id = o.id
     WHERE d.id = $1 FOR UPDATE OF d`,
    [desk.id, op.id],
  );
  const highest = Number(d.highest_seq);
  const base = { id: op.id, seq: op.seq };

  let existing: LockedDesk | undefined = d.existing_desk ? d : undefined;
  if (!existing && op.seq <= highest) {
    // If this statement waited for the desk lock, PostgreSQL re-read the desk row but not the ops join (READ
    // COMMITTED): the same op pushed concurrently may have just been stored. Look again with a fresh snapshot
    // before calling it someone else's seq.
    [existing] = await tx.query<LockedDesk>(
      `SELECT o.desk_id AS existing_desk, o.seq::text AS existing_seq, o.status, o.reason, c.id AS conflict_id
       FROM ops o LEFT JOIN conflicts c ON c.op_id = o.id WHERE o.id = $1`,
      [op.id],
    );
  }
  if (existing) {
    if (existing.existing_desk !== desk.id) return { ack: { ...base, status: 'rejected', reason: 'id_taken' }, highest };
    const ack: Ack = { id: op.id, seq: Number(existing.existing_seq), status: 'duplicate' };
    // Tell the desk how the original ended if it was not a plain apply.
    if (existing.status !== 'applied') ack.reason = existing.reason ? `${existing.status}:${existing.reason}` : (existing.status ?? undefined);
    if (existing.conflict_id) ack.conflictId = existing.conflict_id;
    return { ack, highest };
  }
  if (afterGap || op.seq > highest + 1) return { ack: { ...base, status: 'rejected', reason: RejectReason.Gap }, highest };
  if (op.seq <= highest) return { ack: { ...base, status: 'rejected', reason: RejectReason.SeqTaken }, highest };

  const secrets = secretKeysIn(op.payload);
  // PostgreSQL cannot store NUL or lone surrogates: such an op is kept as rejected (not a 500 the desk would retry
  // for ever), its subject made storable and its payload replaced.
  const unstorable = UNSTORABLE_TEXT.test(op.subject) || hasUnstorableText(op.payload);
  let outcome: Evaluation;
  let payload: unknown = op.payload;
  if (secrets.length) {
    // A PIN or PUK must never be stored: the payload is replaced by the names of the offending fields.
    outcome = { status: 'rejected', reason: RejectReason.SecretInPayload };
    payload = { redacted: true, secretKeys: secrets };
  } else if (unstorable) {
    outcome = { status: 'rejected', reason: RejectReason.InvalidPayload };
    payload = { redacted: true, problem: 'NUL or unpaired surrogate in text' };
  } else {
    outcome = await evaluate(tx, desk, op);
  }
  const subject = op.subject.replace(new RegExp(UNSTORABLE_TEXT.source, 'g'), '\ufffd');
  // Store the op and advance the desk's sequence in one statement (UNIQUE(desk_id, seq) backs the check above).
  await tx.query(
    `WITH stored AS (
       INSERT INTO ops (id, desk_id, office_id, seq, kind, subject, created_at, payload, status, reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10) RETURNING seq)
     UPDATE desks SET highest_seq = (SELECT seq FROM stored) WHERE id = $2`,
    [op.id, desk.id, desk.officeId, op.seq, op.kind, subject, op.createdAt, JSON.stringify(payload), outcome.status, outcome.reason ?? null],
  );
  const ack: Ack = { ...base, status: outcome.status };
  if (outcome.reason) ack.reason = outcome.reason;
  if (outcome.status === 'applied') {
    await outcome.apply?.();
  } else if (outcome.status === 'conflict') {
    ack.conflictId = await recordConflict(tx, desk, op, outcome.reason!, outcome.details ?? {});
  }
  return { ack, highest: op.seq };
}

// Field names that would carry a PIN or PUK (pin, pin1, pin2, puk, newPin, oldPuk, …); `pinState` etc. are fine.
const SECRET_KEY = /^(new|old|current)?_?(pin|puk)[12]?$/i;

/** Paths of fields named like a PIN/PUK anywhere in the payload. */
export function secretKeysIn(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => secretKeysIn(v, `${path}[${i}]`));
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => {
    const p = path ? `${path}.${k}` : k;
    return SECRET_KEY.test(k) ? [p] : secretKeysIn(v, p);
  });
}

export function hasUnstorableText(value: unknown): boolean {
  if (typeof value === 'string') return UNSTORABLE_TEXT.test(value);
  if (Array.isArray(value)) return value.some(hasUnstorableText);
  if (value && typeof value === 'object') return Object.entries(value).some(([k, v]) => UNSTORABLE_TEXT.test(k) || hasUnstorableText(v));
  return false;
}

interface Evaluation {
  status: 'applied' | 'conflict' | 'rejected';
  reason?: string;
  details?: Record<string, unknown>;
  apply?: () => Promise<void>;
}

function isKnownKind(kind: string): kind is KnownKind {
  return Object.hasOwn(opPayloads, kind);
}

/** Central rules per kind. Kinds without rules are stored and acknowledged as applied. */
async function evaluate(tx: Queryable, desk: Desk, op: SyncOp): Promise<Evaluation> {
  if (isKnownKind(op.kind)) {
    const parsed = opPayloads[op.kind].safeParse(op.payload);
    if (!parsed.success) return { status: 'rejected', reason: RejectReason.InvalidPayload };
  }
  const p = op.payload as Record<string, string>;
  const msisdn = typeof p.msisdn === 'string' ? p.msisdn : undefined;
  // An op that acts under a power of attorney (any kind but the POA's own lifecycle) checks its revocation.
  if (typeof p.poaId === 'string' && op.kind !== 'poa.create' && op.kind !== 'poa.revoke') {
    const c = await poaConflict(tx, p.poaId, op);
    if (c) return c;
  }
  switch (op.kind) {
    case 'sim.duplicate':
      return (
        (await bindingConflict(tx, p.newIccid, op.subject)) ?? {
          status: 'applied',
          apply: async () => {
            await bind(tx, desk, op, p.newIccid, op.subject, msisdn);
            await retire(tx, p.oldIccid, op);
          },
        }
      );
    case 'sim.sell':
    case 'cert.issue':
      return (await bindingConflict(tx, p.iccid, op.subject)) ?? { status: 'applied', apply: () => bind(tx, desk, op, p.iccid, op.subject, msisdn) };
    case 'poa.revoke':
      return { status: 'applied', apply: () => revokePoa(tx, p.poaId, op.createdAt, p.reason ?? null) };
    default:
      return { status: 'applied' };
  }
}

async function poaConflict(tx: Queryable, poaId: string, op: SyncOp): Promise<Evaluation | null> {
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

export async function bind(tx: Queryable, desk: { id: string; officeId: string }, op: { id: string }, iccid: string, subscriber: string, msisdn?: string): Promise<void> {
  await tx.query(
    `INSERT INTO iccid_bindings (iccid, subscriber, msisdn, office_id, desk_id, op_id) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (iccid) DO UPDATE SET subscriber = EXCLUDED.subscriber, msisdn = EXCLUDED.msisdn, office_id = EXCLUDED.office_id,
       desk_id = EXCLUDED.desk_id, op_id = EXCLUDED.op_id, bound_at = now()`,
    [iccid, subscriber, msisdn ?? null, desk.officeId, desk.id, op.id],
  );
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
