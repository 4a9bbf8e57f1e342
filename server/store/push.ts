/**
 * Applying a pushed batch: one transaction for the whole batch (issue 9, item 8), in a fixed number of statements
 * whatever its size.
 *
 * 1. Lock the desk row (FOR UPDATE): pushes of one desk (the worker and `masa sync`, or two server processes) run one
 *    after the other, so the database holds the desk's order whatever process serves it.
 * 2. Look every op id up in one statement. It runs after the lock is granted, so its snapshot sees what a concurrent
 *    push of the same ops committed while this one waited: those come back `duplicate`, not "seq taken".
 * 3. In memory, in seq order: duplicates, gaps and taken seqs; the payload checks (PIN/PUK, unstorable text, schema),
 *    made while the database answers 1 and 2, and the keys each kind's rule needs (rules.ts).
 * 4. Lock and load those keys (central-sql.ts), decide every op on the batch's central state (central-state.ts), each
 *    seeing the effects of the ops before it.
 * 5. Write the op rows, the desk's new highest seq and every central write in one statement (batch-statement.ts).
 *
 * The batch commits or not at all: a batch cut short (server killed, connection lost) is re-pushed and comes back
 * applied, or `duplicate` for what an earlier push committed. An op whose rule or write fails unexpectedly must not
 * take the ops before it down with it: the batch is then applied in halves, down to that op alone, which fails by
 * itself as it did when every op had its own transaction.
 */
import type { Database, Queryable } from '../db/adapter';
import { toIso } from '../db/adapter';
import { isDatabaseUnavailable } from '../db/unavailable';
import { MAX_PAYLOAD_DEPTH, RejectReason, UNSTORABLE_TEXT, payloadCharLimit, type Ack, type PushResponse, type SyncOp } from '../../common/sync/protocol';
import { operationKinds, syncKindOf, syncPayloadSchemas } from '../../common/operations';
import { recordKinds } from '../../common/operations/records';
import { centralRules, poaConflict, type CentralKind, type Evaluation, type Rule } from './rules';
import type { CentralState, Needs } from './central-state';
import { loadCentralState, mergeNeeds, writeCentralState } from './central-sql';
import { BatchStatement } from './batch-statement';
import type { Desk } from './offices';
import { isIsoDate } from '../../common/domain/dates';

export async function applyPush(db: Database, desk: Desk, ops: SyncOp[]): Promise<PushResponse> {
  const sorted = ops.map((o) => ({ ...o, createdAt: utcIso(o.createdAt) })).sort((a, b) => a.seq - b.seq);
  const { acks, highestSeq } = await applyInOrder(db, desk, sorted, false);
  return { acks, highestSeq };
}

interface Applied {
  acks: Ack[];
  highestSeq: number;
  /** An op was rejected as a gap: every later op is too. */
  gap: boolean;
}

async function applyInOrder(db: Database, desk: Desk, ops: SyncOp[], afterGap: boolean): Promise<Applied> {
  try {
    return await db.transaction((tx) => applyBatch(tx, desk, ops, afterGap));
  } catch (e) {
    // The database being away fails every half too: the desk retries the batch (503).
    if (ops.length === 1 || isDatabaseUnavailable(e)) throw e;
    const half = Math.ceil(ops.length / 2);
    const first = await applyInOrder(db, desk, ops.slice(0, half), afterGap);
    const second = await applyInOrder(db, desk, ops.slice(half), first.gap);
    return { acks: [...first.acks, ...second.acks], highestSeq: second.highestSeq, gap: second.gap };
  }
}

/** An op the batch stores: its row, and what decides its status. */
interface Stored {
  op: SyncOp;
  subject: string;
  payload: unknown;
  /** Known before the rules run (a PIN in the payload, unknown kind, invalid payload). */
  outcome?: Evaluation;
  kind?: CentralKind;
  parsed?: unknown;
  /** The POA it acts under (checked for a revocation before the kind's rule). */
  poaId?: string;
  conflictId?: string;
}
type Step = { ack: Ack } | { stored: Stored } | { sameAs: Stored; op: SyncOp };

type KnownOp = { id: string; desk_id: string; seq: string; status: string; reason: string | null; conflict_id: string | null };

async function applyBatch(tx: Queryable, desk: Desk, ops: SyncOp[], afterGap: boolean): Promise<Applied> {
  // Both statements are sent at once (the connection runs them in order: the look-up starts once the lock is granted),
  // and the payloads are checked while the database works.
  const sent = Promise.all([
    tx.query<{ highest_seq: string; now: Date | string }>('SELECT highest_seq::text AS highest_seq, now() AS now FROM desks WHERE id = $1 FOR UPDATE', [desk.id]),
    tx.query<KnownOp>(
      `SELECT o.id, o.desk_id, o.seq::text AS seq, o.status, o.reason, c.id AS conflict_id FROM ops o LEFT JOIN conflicts c ON c.op_id = o.id
       WHERE o.id = ANY($1::uuid[])`,
      [ops.map((o) => o.id)],
    ),
  ]);
  sent.catch(() => undefined); // awaited below; this only keeps a failure while checking from leaving it unhandled
  const checked = ops.map(check);
  const [[d], found] = await sent;
  const known = new Map(found.map((r) => [r.id, r]));
  const steps: Step[] = [];
  const stored: Stored[] = [];
  const inBatch = new Map<string, Stored>();
  let highest = Number(d.highest_seq);
  let gap = afterGap;
  for (const [i, op] of ops.entries()) {
    const id = op.id.toLowerCase();
    const base = { id: op.id, seq: op.seq };
    const earlier = known.get(id);
    const same = inBatch.get(id);
    if (earlier) steps.push({ ack: earlier.desk_id === desk.id ? duplicateAck(op, Number(earlier.seq), earlier.status, earlier.reason, earlier.conflict_id) : { ...base, status: 'rejected', reason: 'id_taken' } });
    else if (same) steps.push({ sameAs: same, op });
    else if (gap || op.seq > highest + 1) {
      gap = true;
      steps.push({ ack: { ...base, status: 'rejected', reason: RejectReason.Gap } });
    } else if (op.seq <= highest) steps.push({ ack: { ...base, status: 'rejected', reason: RejectReason.SeqTaken } });
    else {
      const s = checked[i];
      stored.push(s);
      inBatch.set(id, s);
      steps.push({ stored: s });
      highest = op.seq;
    }
  }

  const needs: Needs[] = stored.flatMap((s) => [...(s.kind ? [(centralRules[s.kind] as Rule<CentralKind>).needs?.(s.parsed as never) ?? {}] : []), s.poaId ? { poaIds: [s.poaId] } : {}]);
  const state = await loadCentralState(tx, mergeNeeds(needs), toIso(d.now));
  for (const s of stored) {
    if (s.outcome) continue;
    const outcome = evaluate(state, desk, s);
    s.outcome = outcome;
    if (outcome.status === 'applied') outcome.apply?.();
    else if (outcome.status === 'conflict') s.conflictId = state.recordConflict(desk, s.op, outcome.reason!, outcome.details ?? {});
  }
  // Counted for `masa-server stats`: ops acknowledged `duplicate` without being applied again.
  const duplicates = steps.filter((step) => 'sameAs' in step || ('ack' in step && step.ack.status === 'duplicate')).length;
  const write = new BatchStatement();
  storeOps(write, desk, stored, highest, duplicates);
  writeCentralState(write, state);
  await write.run(tx);

  const acks = steps.map((step): Ack => {
    if ('ack' in step) return step.ack;
    if ('sameAs' in step) return duplicateAck(step.op, step.sameAs.op.seq, step.sameAs.outcome!.status, step.sameAs.outcome!.reason ?? null, step.sameAs.conflictId ?? null);
    const { op, outcome, conflictId } = step.stored;
    const ack: Ack = { id: op.id, seq: op.seq, status: outcome!.status };
    if (outcome!.reason) ack.reason = outcome!.reason;
    if (conflictId) ack.conflictId = conflictId;
    return ack;
  });
  return { acks, highestSeq: highest, gap };
}

/** An op stored before: the desk is told how the original ended if it was not a plain apply. */
function duplicateAck(op: SyncOp, seq: number, status: string, reason: string | null, conflictId: string | null): Ack {
  const ack: Ack = { id: op.id, seq, status: 'duplicate' };
  if (status !== 'applied') ack.reason = reason ? `${status}:${reason}` : status;
  if (conflictId) ack.conflictId = conflictId;
  return ack;
}

/** The op rows and the desk's highest seq (UNIQUE(desk_id, seq) backs the in-memory check), with the push counters. */
function storeOps(w: BatchStatement, desk: Desk, stored: Stored[], highest: number, duplicates: number): void {
  const id = w.param(desk.id);
  w.add(`UPDATE desks SET highest_seq = ${w.param(highest)}, last_seen_at = now(), duplicate_acks = duplicate_acks + ${w.param(duplicates)} WHERE id = ${id}`);
  if (!stored.length) return;
  const rows = stored.map((s) => ({ id: s.op.id, seq: s.op.seq, kind: s.op.kind, subject: s.subject, created_at: s.op.createdAt, payload: s.payload, status: s.outcome!.status, reason: s.outcome!.reason ?? null }));
  w.add(`INSERT INTO ops (id, desk_id, office_id, seq, kind, subject, created_at, payload, status, reason)
     SELECT x.id, ${id}::uuid, ${w.param(desk.officeId)}::uuid, x.seq, x.kind, x.subject, x.created_at, x.payload, x.status, x.reason
     FROM jsonb_to_recordset(${w.rows(rows)}) AS x(id uuid, seq bigint, kind text, subject text, created_at timestamptz, payload jsonb, status text, reason text)`);
}

/** The checks that need no central state; for the rest, the kind and validated payload its rule gets. */
function check(op: SyncOp): Stored {
  const subject = op.subject.replace(UNSTORABLE_TEXT_ALL, '\ufffd');
  const walk: PayloadWalk = { secrets: [], unstorable: false, tooDeep: false, size: 0, maxSize: payloadCharLimit(op.kind) };
  walkPayload(op.payload, '', walk, 1);
  // Too deep or too large: kept as rejected with the reason in place of the payload, which nothing else walks (the
  // walk stopped at the bound, so it may hide a PIN below; zod and the database's JSON parser recurse).
  if (walk.tooDeep) return invalidPayload(op, subject, `payload nested deeper than ${MAX_PAYLOAD_DEPTH} levels`);
  if (walk.size > walk.maxSize) return invalidPayload(op, subject, `payload larger than the ${walk.maxSize} characters ${op.kind.slice(0, 64)} allows`);
  // A PIN or PUK must never be stored: the payload is replaced by the names of the offending fields.
  if (walk.secrets.length) return { op, subject, payload: { redacted: true, secretKeys: walk.secrets }, outcome: { status: 'rejected', reason: RejectReason.SecretInPayload } };
  // PostgreSQL cannot store NUL or lone surrogates: such an op is kept as rejected (not a 500 the desk would retry
  // for ever), its subject made storable and its payload replaced.
  if (walk.unstorable || UNSTORABLE_TEXT.test(op.subject)) return invalidPayload(op, subject, 'NUL or unpaired surrogate in text');
  const kind = centralKindOf(op.kind);
  const schema = kind && syncPayloadSchemas[op.kind];
  if (!kind || !schema) return { op, subject, payload: op.payload, outcome: { status: 'rejected', reason: RejectReason.UnknownKind } };
  const parsed = schema.safeParse(op.payload);
  if (!parsed.success) return { op, subject, payload: op.payload, outcome: { status: 'rejected', reason: RejectReason.InvalidPayload } };
  // An op that acts under a power of attorney (any kind but the POA's own lifecycle) checks its revocation. Read from
  // the payload as pushed: a record kind's schema does not name the envelope's poaId, but it is still a use.
  const poaId = (op.payload as { poaId?: unknown }).poaId;
  const usesPoa = typeof poaId === 'string' && kind !== 'poa.create' && kind !== 'poa.revoke';
  return { op, subject, payload: op.payload, kind, parsed: parsed.data, ...(usesPoa ? { poaId } : {}) };
}

/** An op stored as rejected whose payload cannot be stored as it is: replaced by the problem, for a human. */
function invalidPayload(op: SyncOp, subject: string, problem: string): Stored {
  return { op, subject, payload: { redacted: true, problem }, outcome: { status: 'rejected', reason: RejectReason.InvalidPayload } };
}

/** The POA check, then the kind's central rule. */
function evaluate(state: CentralState, desk: Desk, s: Stored): Evaluation {
  const revoked = s.poaId ? poaConflict(state, s.poaId, s.op) : null;
  return revoked ?? (centralRules[s.kind!] as Rule<CentralKind>).decide(state, desk, s.op, s.parsed as never);
}

// Field names that would carry a PIN or PUK (pin, pin1, pin2, puk, newPin, oldPuk, …); `pinState` etc. are fine.
const SECRET_KEY = /^(new|old|current)?_?(pin|puk)[12]?$/i;
const UNSTORABLE_TEXT_ALL = new RegExp(UNSTORABLE_TEXT.source, 'g');

interface PayloadWalk {
  /** Paths of fields named like a PIN/PUK. */
  secrets: string[];
  /** Some key or text holds NUL or a lone surrogate. */
  unstorable: boolean;
  /** Objects/arrays nest deeper than MAX_PAYLOAD_DEPTH: the walk went no further (its recursion is bounded by it). */
  tooDeep: boolean;
  /** Size as JSON text so far, in characters (numbers and literals counted as 8, no String() per number). */
  size: number;
  /** The walk stops once `size` passes this: a huge payload is not walked to its end. */
  maxSize: number;
}

/** One walk over a payload for every check (loops, not entries/flatMap: every op goes through). `depth` counts containers. */
function walkPayload(value: unknown, path: string, out: PayloadWalk, depth: number): void {
  if (typeof value === 'string') {
    out.size += value.length + 2;
    if (!out.unstorable && UNSTORABLE_TEXT.test(value)) out.unstorable = true;
  } else if (value === null || typeof value !== 'object') {
    out.size += 8;
  } else if (depth > MAX_PAYLOAD_DEPTH) {
    out.tooDeep = true;
  } else if (Array.isArray(value)) {
    out.size += 2;
    for (let i = 0; i < value.length && !out.tooDeep && out.size <= out.maxSize; i++) {
      out.size += 1;
      walkPayload(value[i], `${path}[${i}]`, out, depth + 1);
    }
  } else {
    out.size += 2;
    for (const k in value) {
      if (out.tooDeep || out.size > out.maxSize) return;
      out.size += k.length + 4;
      if (!out.unstorable && UNSTORABLE_TEXT.test(k)) out.unstorable = true;
      if (SECRET_KEY.test(k)) out.secrets.push(path ? `${path}.${k}` : k);
      else walkPayload((value as Record<string, unknown>)[k], path ? `${path}.${k}` : k, out, depth + 1);
    }
  }
}

/** NUL or a lone surrogate anywhere in `value`; a value nested deeper than MAX_PAYLOAD_DEPTH counts as unstorable. */
export function hasUnstorableText(value: unknown): boolean {
  const out: PayloadWalk = { secrets: [], unstorable: false, tooDeep: false, size: 0, maxSize: Infinity };
  walkPayload(value, '', out, 1);
  return out.unstorable || out.tooDeep;
}

// A time as the desk sends it (toISOString) is stored as it is; any other offset is made UTC first (an offset like
// +23:59 is valid ISO but not for every SQL parser).
const CANONICAL_UTC = /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;
function utcIso(time: string): string {
  return CANONICAL_UTC.test(time) && isIsoDate(time.slice(0, 10)) ? time : new Date(time).toISOString();
}

/** The registry's kind (or non-operation record) behind each kind on the wire. */
const CENTRAL_KINDS = new Map<string, CentralKind>([
  ...operationKinds.map((k) => [syncKindOf(k), k] as const),
  ...(Object.keys(recordKinds) as (keyof typeof recordKinds)[]).map((k) => [k, k] as const),
]);
function centralKindOf(wireKind: string): CentralKind | null {
  return CENTRAL_KINDS.get(wireKind) ?? null;
}
