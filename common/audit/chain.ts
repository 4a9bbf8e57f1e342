// The audit log's chain, as the desk writes it and anyone (the desk's verify, `masa audit verify`, the sync server)
// checks it. Environment-free: the SHA-256 itself is taken by the caller (node:crypto on the desk and the server).
//
// Entry n's hash is SHA-256 over the UTF-8 of auditHashInput(n), which includes entry n-1's hash (prev_hash); the
// first entry links to AUDIT_GENESIS. Changing any field of any entry changes its hash; changing the hash too
// breaks the next entry's link; deleting an entry leaves a gap in seq. Only the newest entries can be cut off
// unseen on the desk alone — the server, which has seen the hashes, notices that.

/** The prev_hash of entry 1. */
export const AUDIT_GENESIS = '0'.repeat(64);

/** What an entry records. Kinds are the audit page's vocabulary (common/i18n/{az,en,ru}/audit.ts names each). */
export const auditKinds = [
  'desk.setup',
  'auth.signIn',
  'auth.signInFailed',
  'auth.signOut',
  'auth.lock',
  'auth.unlock',
  'approval.granted',
  'approval.refused',
  'approval.used',
  'visit.create',
  'operation',
  'print.receipt',
  'print.form',
  'print.komisSheet',
  'settings.update',
  'reference.update',
  'clerk.add',
  'clerk.setActive',
  'conflict.resolve',
  'payment',
  'operation.void',
  'print.refundSlip',
  'print.slip',
  'shift.open',
  'shift.close',
  'print.shiftReport',
  'stock.move',
  'stock.count',
] as const;
export type AuditKind = (typeof auditKinds)[number];

export type AuditDetails = Record<string, string | number | boolean | null>;

/** JSON with object keys sorted at every level, so the same details always hash the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export interface ChainedFields {
  seq: number;
  at: string;
  kind: string;
  actor: string | null;
  /** The stored canonical JSON text, hashed as stored. */
  detailsJson: string;
  prevHash: string;
}

/** The exact text that is hashed: a JSON array, so no field can bleed into the next. */
export function auditHashInput(e: ChainedFields): string {
  return JSON.stringify([e.seq, e.at, e.kind, e.actor, e.detailsJson, e.prevHash]);
}

export type AuditBreak = { seq: number; reason: 'hash' | 'link' | 'gap' };

export interface AuditVerdict {
  ok: boolean;
  /** How many entries were read. */
  entries: number;
  /** The first entry that does not hold: its hash is wrong, it does not link to the one before, or it is missing. */
  firstBad?: AuditBreak;
}

/**
 * Walks entries in seq order and names the first that does not hold. `hash` computes SHA-256 hex of a string.
 * A gap is named by the first missing seq; entry 1 must link to the genesis value.
 */
export function verifyChain(entries: Iterable<ChainedFields & { hash: string }>, hash: (text: string) => string): AuditVerdict {
  let count = 0;
  let expectedSeq = 1;
  let prevHash = AUDIT_GENESIS;
  let firstBad: AuditBreak | undefined;
  for (const e of entries) {
    count++;
    // Past the first break the rest is only counted: one bad entry is enough to say the log cannot be trusted.
    if (firstBad) continue;
    if (e.seq !== expectedSeq) firstBad = { seq: expectedSeq, reason: 'gap' };
    else if (e.prevHash !== prevHash) firstBad = { seq: e.seq, reason: 'link' };
    else if (hash(auditHashInput(e)) !== e.hash) firstBad = { seq: e.seq, reason: 'hash' };
    prevHash = e.hash;
    expectedSeq++;
  }
  return firstBad ? { ok: false, entries: count, firstBad } : { ok: true, entries: count };
}
