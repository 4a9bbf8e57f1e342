// The desk's sync feature as one service for IPC handlers and the CLI: the outbox (handed to the flows' services),
// the worker, offline limits, and the views the Sync page shows.
import { deskOfficeType } from '../services/office-type';
import { withTx, type Db, type WritableDb } from '../db/database';
import type { Clock } from '../services/clock';
import type { EventBus } from '../services/event-bus';
import type { StatusService } from '../services/status-service';
import type { AuthService } from '../services/auth-service';
import type { AuditPort } from '../services/audit-log';
import type { OutboxItem, SyncStatusView } from '../../../common/ipc/channels/sync';
import { AppError, ErrorCode } from '../../../common/errors';
import { derivePasswordKey } from '../../../node-common/passwords';
import { approvalMac, resolutionApprovalMessage } from '../../../node-common/approvals';
import { clerkOrigin } from '../db/queries/clerks';
import { findCentralRow } from '../db/queries/central_rows';
import { listOutbox, outboxCounts, toOutboxItem, type OutboxFilter } from '../db/queries/outbox';
import type { SqliteOutbox } from './outbox';
import { SyncWorker, type CycleResult, type SyncWorkerOptions } from './sync-worker';
import { OfflineLimits, type OfflineLimitSettings, type OfflineLimitsInfo } from './offline-limits';

export class SyncService {
  readonly worker: SyncWorker;
  readonly limits: OfflineLimits;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    status: StatusService,
    bus: EventBus | null,
    private readonly auth: AuthService,
    /** Made first by compose.ts: the reference data service queues its edits in it before sync exists. */
    readonly outbox: SqliteOutbox,
    /** Limits changed and conflicts resolved are audit entries. */
    private readonly audit: AuditPort | null,
    options: SyncWorkerOptions = {},
  ) {
    this.worker = new SyncWorker(db, clock, status, bus, options);
    this.limits = new OfflineLimits(db, clock, auth, audit);
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
      officeType: e ? deskOfficeType(this.db) : null,
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

  async enrol(input: { serverUrl: string; code: string; deskName?: string; pin?: string }): Promise<SyncStatusView> {
    const deskName = input.deskName ?? this.auth.desk() ?? 'desk';
    await this.worker.enrol({ serverUrl: input.serverUrl, code: input.code, deskName, pin: input.pin });
    return this.status();
  }

  /**
   * A supervisor's decision, with their approval the server checks (issue 10, hole 7): the password they type again
   * derives their central account's key, which signs the decision for this conflict and desk. Only an account the
   * server published to the office can approve — a desk-local one the server has never seen cannot.
   */
  async resolveConflict(opId: string, resolution: 'accept' | 'reject', note: string, password: string): Promise<OutboxItem> {
    const supervisor = this.auth.requireSupervisor();
    // The account as the server published it: the desk may have re-hashed its own copy (a higher cost), and the key
    // must be the one the server holds.
    const central = clerkOrigin(this.db, supervisor.id) === 'central' ? findCentralRow<{ passwordHash?: unknown }>(this.db, 'clerks', supervisor.id) : null;
    if (typeof central?.passwordHash !== 'string') {
      throw new AppError(ErrorCode.ResolverNotCentral, 'Only a supervisor account of the office (from the sync server) can resolve conflicts.');
    }
    const published = central.passwordHash;
    const approve = async (conflictId: string, deskId: string) => {
      const key = await derivePasswordKey(password, published);
      if (!key) throw new AppError(ErrorCode.BadCredentials, 'The password is not correct.', { fields: { password: 'PASSWORD_WRONG' } });
      const at = this.clock.now().getTime();
      return { clerkId: supervisor.id, at, mac: approvalMac(key, resolutionApprovalMessage({ conflictId, resolution, note, deskId, clerkId: supervisor.id, at })) };
    };
    const resolved = toOutboxItem(await this.worker.resolveConflict(opId, resolution, note, approve));
    // After the server took the decision (the worker stores it then): the entry records a decision that stands.
    withTx(this.db, (tx) => this.audit?.append(tx, { kind: 'conflict.resolve', actor: supervisor.id, details: { operationId: opId, resolution } }));
    return resolved;
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
