// The outbox behind the Outbox port: one row per completed operation, written in the operation's own transaction.
import type { Db } from '../db/database';
import type { Outbox, OutboxEntry } from '../services/outbox-port';
import { insertOutboxEntry } from '../db/queries/outbox';
import type { Clock } from '../services/clock';

export class SqliteOutbox implements Outbox {
  private readonly listeners = new Set<() => void>();

  // The database is opened with synchronous = FULL (openDatabase): an operation queued here survives a power cut.
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  enqueue(entry: OutboxEntry): void {
    if (!this.db.inTransaction) throw new Error('Outbox.enqueue must be called inside the operation’s transaction');
    insertOutboxEntry(this.db, {
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
