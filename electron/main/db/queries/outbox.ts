import type { ReadableDb, WritableDb } from '../database';
import type { OutboxItem } from '../../../../common/ipc/channels/sync';

export type OutboxState = 'pending' | 'sent' | 'acked' | 'conflict' | 'rejected';

export interface OutboxRow {
  seq: number;
  id: string;
  kind: string;
  subject: string;
  payload_json: string;
  created_at: string;
  state: OutboxState;
  attempts: number;
  last_error: string | null;
  ack_status: string | null;
  ack_reason: string | null;
  acked_at: string | null;
  conflict_id: string | null;
  resolution: 'accepted' | 'rejected' | null;
  resolution_note: string | null;
  resolved_at: string | null;
}

/** The row as the Sync page lists it. */
export function toOutboxItem(r: OutboxRow): OutboxItem {
  return {
    id: r.id,
    seq: r.seq,
    kind: r.kind,
    subject: r.subject,
    createdAt: r.created_at,
    state: r.state,
    attempts: r.attempts,
    lastError: r.last_error,
    ackStatus: r.ack_status,
    ackReason: r.ack_reason,
    ackedAt: r.acked_at,
    conflictId: r.conflict_id,
    resolution: r.resolution,
    resolutionNote: r.resolution_note,
  };
}

/** The stored payload, or null when its text is not JSON (the worker then sends a stand-in for it). */
export function outboxPayload(r: OutboxRow): unknown {
  try {
    return JSON.parse(r.payload_json);
  } catch {
    return null;
  }
}

/**
 * Appends an operation with seq = max + 1, inside the caller's transaction (the WritableDb): SQLite has one writer,
 * so max + 1 read and written in one transaction never collides, and a rolled-back operation leaves no hole.
 */
export function insertOutboxEntry(tx: WritableDb, e: { id: string; kind: string; subject: string; payloadJson: string; createdAt: string }): number {
  const row = tx
    .prepare(
      `INSERT INTO outbox (seq, id, kind, subject, payload_json, created_at)
       VALUES ((SELECT coalesce(max(seq), 0) + 1 FROM outbox), ?, ?, ?, ?, ?) RETURNING seq`,
    )
    .get(e.id, e.kind, e.subject, e.payloadJson, e.createdAt) as { seq: number };
  return row.seq;
}

/** Unacknowledged operations in seq order ('sent' ones too: a desk killed before the ack re-sends them). */
export function unsentOutboxEntries(db: ReadableDb, limit: number): OutboxRow[] {
  return db.prepare(`SELECT * FROM outbox WHERE state IN ('pending', 'sent') ORDER BY seq LIMIT ?`).all(limit) as OutboxRow[];
}

export function markOutboxSent(tx: WritableDb, seqs: readonly number[]): void {
  const stmt = tx.prepare(`UPDATE outbox SET state = 'sent', attempts = attempts + 1 WHERE seq = ? AND state IN ('pending', 'sent')`);
  for (const s of seqs) stmt.run(s);
}

export function markOutboxFailedAttempt(tx: WritableDb, seqs: readonly number[], error: string): void {
  const stmt = tx.prepare(`UPDATE outbox SET state = 'pending', last_error = ? WHERE seq = ? AND state IN ('pending', 'sent')`);
  for (const s of seqs) stmt.run(error, s);
}

export interface AckUpdate {
  id: string;
  state: OutboxState;
  ackStatus: string;
  ackReason: string | null;
  conflictId: string | null;
  error: string | null;
}

export function applyOutboxAcks(tx: WritableDb, updates: readonly AckUpdate[], at: string): void {
  const stmt = tx.prepare(
    `UPDATE outbox SET state = ?, ack_status = ?, ack_reason = ?, conflict_id = coalesce(?, conflict_id), last_error = ?,
       acked_at = CASE WHEN ? IN ('acked', 'conflict', 'rejected') THEN ? ELSE acked_at END
     WHERE id = ?`,
  );
  for (const u of updates) stmt.run(u.state, u.ackStatus, u.ackReason, u.conflictId, u.error, u.state, at, u.id);
}

export function highestOutboxSeq(db: ReadableDb): number {
  return (db.prepare('SELECT coalesce(max(seq), 0) FROM outbox').pluck().get() as number) ?? 0;
}

/** Highest seq the server acknowledged as stored (acked, conflict or final rejection). */
export function highestAcknowledgedSeq(db: ReadableDb): number {
  return (db.prepare(`SELECT coalesce(max(seq), 0) FROM outbox WHERE state IN ('acked', 'conflict', 'rejected')`).pluck().get() as number) ?? 0;
}

/** The server lost ops above its highest seq (restored, or PGlite without fsync): queue them again. */
export function requeueAbove(tx: WritableDb, serverHighest: number): number {
  return tx
    .prepare(`UPDATE outbox SET state = 'pending', last_error = 'server lost this operation; re-sending' WHERE seq > ? AND state IN ('acked', 'conflict', 'rejected')`)
    .run(serverHighest).changes;
}

/**
 * The server already holds these seqs for other ops (the desk was restored from a backup): renumber every unsent op
 * after `serverHighest`, keeping their order. Two passes (negative then final) because seq is the primary key.
 */
export function renumberUnsentAfter(tx: WritableDb, serverHighest: number): number {
  const rows = tx.prepare(`SELECT seq FROM outbox WHERE state IN ('pending', 'sent') ORDER BY seq`).pluck().all() as number[];
  if (!rows.length) return 0;
  const acked = tx.prepare(`SELECT coalesce(max(seq), 0) FROM outbox WHERE state NOT IN ('pending', 'sent')`).pluck().get() as number;
  const start = Math.max(serverHighest, acked) + 1;
  if (rows[0] === start) return 0;
  const move = tx.prepare('UPDATE outbox SET seq = ? WHERE seq = ?');
  for (const s of rows) move.run(-s, s);
  rows.forEach((s, i) => move.run(start + i, -s));
  return rows.length;
}

export interface OutboxCounts {
  pending: number;
  failed: number;
  conflicts: number;
  openConflicts: number;
  oldestPendingAt: string | null;
}

/** Indexed counts only (the outbox keeps acknowledged rows for a while, so never scan them on the hot path). */
export function outboxCounts(db: ReadableDb): OutboxCounts {
  const count = (where: string) => db.prepare(`SELECT count(*) FROM outbox WHERE ${where}`).pluck().get() as number;
  const oldest = db.prepare(`SELECT created_at FROM outbox WHERE state IN ('pending', 'sent') ORDER BY seq LIMIT 1`).pluck().get() as string | undefined;
  return {
    pending: count(`state IN ('pending', 'sent')`),
    failed: count(`state = 'rejected'`),
    conflicts: count(`state = 'conflict'`),
    openConflicts: count(`state = 'conflict' AND resolution IS NULL`),
    oldestPendingAt: oldest ?? null,
  };
}

/** Open conflicts by the clerk who did the operation (from its payload), for the status bar; conflicts are few. */
export function openConflictsByClerk(db: ReadableDb): { total: number; byClerk: Record<string, number> } {
  const rows = db
    .prepare(`SELECT json_extract(payload_json, '$.clerkId') AS clerk, count(*) AS n FROM outbox WHERE state = 'conflict' AND resolution IS NULL GROUP BY clerk`)
    .all() as { clerk: string | null; n: number }[];
  const byClerk: Record<string, number> = {};
  for (const r of rows) if (r.clerk) byClerk[r.clerk] = r.n;
  return { total: rows.reduce((sum, r) => sum + r.n, 0), byClerk };
}

/**
 * Forgets acknowledged ops older than the retention cut-off. They are kept until then so a server that lost its last
 * commits can be refilled (GET /v1/state); the highest seq always stays, so the next seq still follows it.
 */
export function pruneAcknowledged(tx: WritableDb, ackedBefore: string): number {
  return tx.prepare(`DELETE FROM outbox WHERE state = 'acked' AND acked_at < ? AND seq < (SELECT max(seq) FROM outbox)`).run(ackedBefore).changes;
}

export type OutboxFilter = 'pending' | 'failed' | 'conflicts' | 'acked' | 'all';

export function listOutbox(db: ReadableDb, filter: OutboxFilter, limit: number): OutboxRow[] {
  const where = {
    pending: `state IN ('pending', 'sent')`,
    failed: `state = 'rejected'`,
    conflicts: `state = 'conflict'`,
    acked: `state = 'acked'`,
    all: '1 = 1',
  }[filter];
  return db.prepare(`SELECT * FROM outbox WHERE ${where} ORDER BY seq DESC LIMIT ?`).all(limit) as OutboxRow[];
}

export function findOutboxEntry(db: ReadableDb, id: string): OutboxRow | null {
  return (db.prepare('SELECT * FROM outbox WHERE id = ?').get(id) as OutboxRow | undefined) ?? null;
}

export function findOutboxByConflict(db: ReadableDb, conflictId: string): OutboxRow | null {
  return (db.prepare('SELECT * FROM outbox WHERE conflict_id = ?').get(conflictId) as OutboxRow | undefined) ?? null;
}

export function setOutboxResolution(tx: WritableDb, id: string, resolution: 'accepted' | 'rejected', note: string | null, at: string): void {
  tx.prepare('UPDATE outbox SET resolution = ?, resolution_note = ?, resolved_at = ? WHERE id = ?').run(resolution, note, at, id);
}
