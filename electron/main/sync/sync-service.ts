// The desk's sync feature as one service for IPC handlers and the CLI: the outbox (handed to the flows' services),
// the worker, offline limits, and the views the Sync page shows.
import type { Db, WritableDb } from '../db/database';
import type { Clock } from '../services/clock';
import type { EventBus } from '../services/event-bus';
import type { StatusService } from '../services/status-service';
import type { AuthService } from '../services/auth-service';
import type { OutboxItem, SyncStatusView } from '../../../common/ipc/channels/sync';
import { AppError, ErrorCode } from '../../../common/errors';
import { listOutbox, outboxCounts, toOutboxItem, type OutboxFilter } from '../db/queries/outbox';
import type { SqliteOutbox } from './outbox';
import { SyncWorker, type CycleResult, type SyncWorkerOptions } from './sync-worker';
import { OfflineLimits, type OfflineLimitSettings, type OfflineLimitsInfo } from './offline-limits';

export class SyncService {
  readonly worker: SyncWorker;
  readonly limits: OfflineLimits;

  constructor(
    private readonly db: Db,
    clock: Clock,
    status: StatusService,
    bus: EventBus | null,
    private readonly auth: AuthService,
    /** Made first by compose.ts: the reference data service queues its edits in it before sync exists. */
    readonly outbox: SqliteOutbox,
    options: SyncWorkerOptions = {},
  ) {
    this.worker = new SyncWorker(db, clock, status, bus, options);
    this.limits = new OfflineLimits(db, clock, auth);
    this.outbox.onEnqueued(() => this.worker.kick());
  }

  start(): void {
    this.worker.start();
  }

  stop(): Promise<void> {
    return this.worker.stop();
  }

  status(): SyncStatusView {
    const e = this.worker.enrolment();
    const c = outboxCounts(this.db);
    return {
      enrolled: e !== null,
      serverUrl: e?.serverUrl ?? null,
      deskId: e?.deskId ?? null,
      officeName: e?.officeName ?? null,
      deskName: e?.deskName ?? null,
      state: this.worker.currentState(),
      pending: c.pending,
      failed: c.failed,
      conflicts: c.openConflicts,
      lastSuccessAt: this.worker.lastSuccessAt(),
      lastAttemptAt: this.worker.lastAttemptAt(),
      nextRetryAt: this.worker.nextRetryAt(),
      error: this.worker.lastError(),
      limits: this.limits.check(),
    };
  }

  queue(filter: OutboxFilter, limit: number): OutboxItem[] {
    return listOutbox(this.db, filter, limit).map(toOutboxItem);
  }

  syncNow(): Promise<CycleResult> {
    if (!this.worker.enrolment()) return Promise.reject(new AppError(ErrorCode.SyncNotConfigured, 'This desk is not enrolled with a sync server.'));
    return this.worker.syncNow();
  }

  async enrol(input: { serverUrl: string; code: string; deskName?: string }): Promise<SyncStatusView> {
    const deskName = input.deskName ?? this.auth.desk() ?? 'desk';
    await this.worker.enrol({ serverUrl: input.serverUrl, code: input.code, deskName });
    return this.status();
  }

  async resolveConflict(opId: string, resolution: 'accept' | 'reject', note: string): Promise<OutboxItem> {
    const supervisor = this.auth.requireSupervisor();
    return toOutboxItem(await this.worker.resolveConflict(opId, resolution, note, `${supervisor.displayName} (${supervisor.username})`));
  }

  checkLimits(): OfflineLimitsInfo {
    return this.limits.check();
  }

  setLimits(settings: OfflineLimitSettings): OfflineLimitsInfo {
    this.limits.setSettings(settings);
    return this.limits.check();
  }

  /** See OfflineLimits.assertWithinOfflineLimits: inside the transaction that stores a new operation. */
  assertWithinOfflineLimits(tx: WritableDb, approvalId?: string): OfflineLimitsInfo {
    return this.limits.assertWithinOfflineLimits(tx, approvalId);
  }
}
