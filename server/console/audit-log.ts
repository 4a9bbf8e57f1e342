// The server's own audit log (issue 13): every console action, every `masa-server` administration (actor 'cli') and
// every console sign-in or refusal. A hash chain like the desks' (common/audit/chain.ts): each entry's hash covers
// the previous entry's hash and the entry itself, so an edited, inserted or removed row breaks every hash after it.
// Entries are appended under a transaction-scoped advisory lock: two writers read the same last hash and fork the
// chain otherwise. Appended inside the writer's transaction where there is one, so an action and its entry commit
// (or vanish) together.
import { createHash } from 'node:crypto';
import type { Database, Queryable } from '../db/adapter';
import { toIso } from '../db/adapter';
import type { ServerAuditEntry } from '../../common/console/api';

/** The advisory lock key of the chain's tail (migrate.ts takes 7277001). */
const AUDIT_LOCK = 7277013;
export const SERVER_AUDIT_GENESIS = '0'.repeat(64);

export interface AuditInput {
  actor: string;
  action: string;
  officeId?: string | null;
  target?: string | null;
  details?: Record<string, unknown>;
}

/** JSON with object keys sorted at every depth: jsonb does not keep key order, the hash must not depend on it. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

function entryHash(prevHash: string, e: { seq: number; at: string; actor: string; action: string; officeId: string | null; target: string | null; details: Record<string, unknown> }): string {
  return createHash('sha256').update(prevHash).update(canonicalJson(e)).digest('hex');
}

/** Appends one entry in `tx` (a transaction: the lock is held until it ends). */
export async function appendAudit(tx: Queryable, e: AuditInput, now: number = Date.now()): Promise<ServerAuditEntry> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_LOCK]);
  const [last] = await tx.query<{ hash: string }>('SELECT hash FROM server_audit ORDER BY seq DESC LIMIT 1');
  const [{ seq }] = await tx.query<{ seq: string }>(`SELECT nextval(pg_get_serial_sequence('server_audit', 'seq'))::text AS seq`);
  const prevHash = last?.hash ?? SERVER_AUDIT_GENESIS;
  // Milliseconds, as timestamptz keeps them exactly: the hash is recomputed from the stored value.
  const entry = { seq: Number(seq), at: new Date(now).toISOString(), actor: e.actor, action: e.action, officeId: e.officeId ?? null, target: e.target ?? null, details: e.details ?? {} };
  const hash = entryHash(prevHash, entry);
  await tx.query(
    'INSERT INTO server_audit (seq, at, actor, action, office_id, target, details, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9)',
    [entry.seq, entry.at, entry.actor, entry.action, entry.officeId, entry.target, JSON.stringify(entry.details), prevHash, hash],
  );
  return { ...entry, hash };
}

/** Appends one entry in a transaction of its own (sign-in refusals, actions whose store function owns its transaction). */
export function audit(db: Database, e: AuditInput, now?: number): Promise<ServerAuditEntry> {
  return db.transaction((tx) => appendAudit(tx, e, now));
}

// Note: `seq::text AS seq` shadows the column in ORDER BY; the queries order by the table's column, numerically.
type AuditRow = { seq: string; at: unknown; actor: string; action: string; office_id: string | null; target: string | null; details: Record<string, unknown>; prev_hash: string; hash: string };

function entryOf(r: AuditRow): ServerAuditEntry & { prevHash: string } {
  return { seq: Number(r.seq), at: toIso(r.at), actor: r.actor, action: r.action, officeId: r.office_id, target: r.target, details: r.details ?? {}, hash: r.hash, prevHash: r.prev_hash };
}

type Checked = { intact: boolean; entries: number; firstBad: number | null; last: { seq: number; hash: string } | null };

/** Walks `rows` (in seq order) from `prev`: each entry links to the one before and its hash is its content's. */
function walk(rows: AuditRow[], prev: string): Checked {
  let last: Checked['last'] = null;
  for (const r of rows) {
    const { prevHash, hash, ...entry } = entryOf(r);
    if (prevHash !== prev || entryHash(prevHash, entry) !== hash) return { intact: false, entries: rows.length, firstBad: entry.seq, last };
    prev = hash;
    last = { seq: entry.seq, hash };
  }
  return { intact: true, entries: rows.length, firstBad: null, last };
}

const SELECT_ROWS = 'SELECT seq::text AS seq, at, actor, action, office_id, target, details, prev_hash, hash FROM server_audit a';

/** Whether the whole chain holds: each entry links to the one before and its hash is its content's. */
export async function verifyAuditChain(db: Queryable): Promise<{ intact: boolean; entries: number; firstBad: number | null }> {
  const { last: _last, ...r } = walk(await db.query<AuditRow>(`${SELECT_ROWS} ORDER BY a.seq`), SERVER_AUDIT_GENESIS);
  return r;
}

/**
 * How often the audit page walks the whole chain again. In between it walks only the entries after the last one a
 * walk found sound (re-hashing 20 000 entries took 0.1–0.5 s a call: bench/console.ts), and re-checks the entries it
 * shows; an edit further back is reported at the next whole walk, within this time.
 */
export const AUDIT_FULL_WALK_MS = 60_000;
const checkpoints = new WeakMap<object, { seq: number; hash: string; walkedAt: number }>();

/** The chain's state as the audit page reports it: a whole walk at most AUDIT_FULL_WALK_MS old, and everything since. */
export async function auditChainIntact(db: Queryable, now: number): Promise<boolean> {
  const cp = checkpoints.get(db);
  if (cp && now - cp.walkedAt < AUDIT_FULL_WALK_MS) {
    const [held] = await db.query<{ hash: string }>('SELECT hash FROM server_audit WHERE seq = $1', [cp.seq]);
    if (held?.hash === cp.hash) {
      const r = walk(await db.query<AuditRow>(`${SELECT_ROWS} WHERE a.seq > $1 ORDER BY a.seq`, [cp.seq]), cp.hash);
      if (r.intact && r.last) checkpoints.set(db, { ...r.last, walkedAt: cp.walkedAt });
      if (r.intact) return true;
    }
  }
  const whole = walk(await db.query<AuditRow>(`${SELECT_ROWS} ORDER BY a.seq`), SERVER_AUDIT_GENESIS);
  if (whole.intact) checkpoints.set(db, { ...(whole.last ?? { seq: 0, hash: SERVER_AUDIT_GENESIS }), walkedAt: now });
  else checkpoints.delete(db);
  return whole.intact;
}

/** Newest first, `limit` entries below `before` (a seq), with whether the chain verifies (auditChainIntact), the entries shown always re-checked. */
export async function listAudit(db: Queryable, q: { before?: number; limit: number }, now: number = Date.now()): Promise<{ entries: ServerAuditEntry[]; chainIntact: boolean }> {
  const rows = await db.query<AuditRow>(
    `SELECT seq::text AS seq, at, actor, action, office_id, target, details, prev_hash, hash FROM server_audit
     WHERE ($1::bigint IS NULL OR server_audit.seq < $1::bigint) ORDER BY server_audit.seq DESC LIMIT $2`,
    [q.before ?? null, q.limit],
  );
  // The shown entries hold together and each hash is its content's (whatever the checkpoint says).
  const shown = [...rows].reverse();
  const shownIntact = shown.length === 0 || walk(shown, shown[0].prev_hash).intact;
  const intact = shownIntact && (await auditChainIntact(db, now));
  return { entries: rows.map((r) => { const { prevHash: _p, ...e } = entryOf(r); return e; }), chainIntact: intact };
}
