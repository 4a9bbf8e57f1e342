/**
 * Applying a pushed batch. Ops of one desk are applied strictly in seq order, one transaction per op, so an op either
 * committed with its effects or not at all; a batch cut short by a crash is simply re-pushed and the committed part
 * comes back `duplicate`. The desk row is locked (FOR UPDATE) at the start of each op's transaction, which
 * serializes two concurrent pushes of the same desk (e.g. the worker and `masa sync`).
 */
import type { Database, Queryable } from '../db/adapter';
import { RejectReason, UNSTORABLE_TEXT, type Ack, type PushResponse, type SyncOp } from '../../common/sync/protocol';
import { operationKinds, syncKindOf, syncPayloadSchemas } from '../../common/operations';
import { recordKinds } from '../../common/operations/records';
import { centralRules, poaConflict, type Evaluation, type Rule } from './rules';
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

/** Validates the payload against its kind's schema (common/operations), then the kind's central rule decides. */
async function evaluate(tx: Queryable, desk: Desk, op: SyncOp): Promise<Evaluation> {
  const kind = centralKindOf(op.kind);
  const schema = kind && syncPayloadSchemas[op.kind];
  if (!kind || !schema) return { status: 'rejected', reason: RejectReason.UnknownKind };
  const parsed = schema.safeParse(op.payload);
  if (!parsed.success) return { status: 'rejected', reason: RejectReason.InvalidPayload };
  // An op that acts under a power of attorney (any kind but the POA's own lifecycle) checks its revocation. Read from
  // the payload as pushed: a record kind's schema does not name the envelope's poaId, but it is still a use.
  const poaId = (op.payload as { poaId?: unknown }).poaId;
  if (typeof poaId === 'string' && kind !== 'poa.create' && kind !== 'poa.revoke') {
    const c = await poaConflict(tx, poaId, op);
    if (c) return c;
  }
  return (centralRules[kind] as Rule<typeof kind>)(tx, desk, op, parsed.data as never);
}

/** The registry's kind (or non-operation record) behind a kind on the wire. */
function centralKindOf(wireKind: string): keyof typeof centralRules | null {
  if (Object.hasOwn(recordKinds, wireKind)) return wireKind as keyof typeof recordKinds;
  return operationKinds.find((k) => syncKindOf(k) === wireKind) ?? null;
}
