// The seam between desk operations and sync: a service that commits an operation calls `enqueue` with the same
// transaction (the WritableDb withTx gave it), so an operation and its outbox entry are stored together or not at all.
import type { WritableDb } from '../db/database';

export interface OutboxEntry {
  /** e.g. 'visit.create', 'sim.duplicate' */
  kind: string;
  /** Ordering key: operations on the same subject are delivered in order (e.g. 'fin:ABC1234', 'iccid:8999…'). */
  subject: string;
  payload: Record<string, unknown>;
  /** The operation's own id (UUIDv7), so the server can acknowledge it idempotently. */
  id: string;
}

export interface Outbox {
  /** Writes in the caller's open transaction. */
  enqueue(tx: WritableDb, entry: OutboxEntry): void;
}
