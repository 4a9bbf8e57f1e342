// The outbox behind the Outbox port: one row per completed operation, written in the operation's own transaction.
import type { WritableDb } from '../db/database';
import type { Outbox, OutboxEntry } from '../services/outbox-port';
import { insertOutboxEntry } from '../db/queries/outbox';
import type { Clock } from '../services/clock';

export class SqliteOutbox implements Outbox {
  private readonly listeners = new Set<() => void>();

  // The database is opened with synchronous = FULL (openDatabase): an operation queued here survives a power cut.
  constructor(private readonly clock: Clock) {}

  enqueue(tx: WritableDb, entry: OutboxEntry): void {
    // The type says so already; this catches a handle cast to WritableDb outside withTx.
    if (!tx.inTransaction) throw new Error('Outbox.enqueue must be called inside the operation’s transaction');
    insertOutboxEntry(tx, {
      id: entry.id,
      kind: entry.kind,
      subject: entry.subject,
      payloadJson: JSON.stringify(entry.payload),
      createdAt: this.clock.now().toISOString(),
    });
    // Tell the worker after the caller's transaction has had a chance to commit (a rollback just leaves nothing to send).
    if (this.listeners.size) setImmediate(() => this.listeners.forEach((l) => l()));
  }

  onEnqueued(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
