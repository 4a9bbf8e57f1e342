// The desk's sync worker, in the main process. One cycle = reconcile with the server's highest seq when needed,
// push the outbox in bounded batches, pull central changes with the server's cursor. One request in flight per desk:
// cycles never overlap (a request for a cycle while one runs is folded into a follow-up cycle). Every database step is
// a short transaction, and the network waits are async, so the clerk's UI never waits for sync.
import { withTx, type Db, type WritableDb } from '../db/database';
import type { Clock } from '../services/clock';
import type { EventBus } from '../services/event-bus';
import type { StatusService } from '../services/status-service';
import { AppError, ErrorCode } from '../../../common/errors';
import { SyncClient, SyncHttpError, type FetchLike } from '../../../common/sync/client';
import { MAX_BODY_BYTES, MAX_OPS_PER_PUSH, RejectReason, syncOpSchema, type Ack, type Change, type ResolveConflictRequest, type SyncOp } from '../../../common/sync/protocol';
import {
  applyOutboxAcks,
  findOutboxByConflict,
  findOutboxEntry,
  highestAcknowledgedSeq,
  markOutboxFailedAttempt,
  markOutboxSent,
  outboxCounts,
  openConflictsByClerk,
  pruneAcknowledged,
  renumberUnsentAfter,
  requeueAbove,
  setOutboxResolution,
  outboxPayload,
  unsentOutboxEntries,
  type AckUpdate,
  type OutboxRow,
} from '../db/queries/outbox';
import { getSyncState, setSyncState } from '../db/queries/sync_state';
import { setSetting } from '../db/queries/settings';
import { centralRowVersion, dropCentralRowsPulledBefore, forgetCentralVersions, putCentralRow } from '../db/queries/central_rows';
import { noReferenceDataSink, type ReferenceDataSink } from './reference-sink';
import { deskCredentials, migrateToDeskKeyPair } from './desk-key-migration';
import { AuditLinkSender } from './audit-links';
import { pinnedFetch } from '../../../node-common/pinned-fetch';
import { isLoopbackHost, normalisePin } from '../../../common/sync/transport';
import { publicKeyPin } from '../../../node-common/key-pins';

export type SyncState = 'not-configured' | 'idle' | 'syncing' | 'offline' | 'error';

export interface Enrolment {
  serverUrl: string;
  deskId: string;
  officeId: string;
  officeName: string;
  deskName: string;
  enrolledAt: string;
}

export interface SyncWorkerOptions {
  fetch?: FetchLike;
  requestTimeoutMs?: number;
  initialBatch?: number;
  maxBatch?: number;
  maxBatchBytes?: number;
  backoffBaseMs?: number;
  backoffCapMs?: number;
  /** Pull (and retry anything left) this often when idle. */
  pollIntervalMs?: number;
  /** Wait this long after an operation is recorded before pushing, to send bursts as one batch. */
  debounceMs?: number;
  pullPageSize?: number;
  /** Acknowledged ops are kept this long (to refill a server that lost commits), then deleted. */
  retentionDays?: number;
  random?: () => number;
  sink?: ReferenceDataSink;
  /** After every complete pull (the customer replica's retention runs then). */
  afterPull?: () => void;
  /** The app's version, told to the server at each pull with the count of operations waiting (the console's desks page). */
  appVersion?: string;
  log?: (message: string) => void;
}

export interface CycleResult {
  ok: boolean;
  pushed: number;
  pulled: number;
  pending: number;
  failed: number;
  conflicts: number;
  error: string | null;
}

/** Bytes of envelope around each op's payload in a push body (id, seq, kind, subject, createdAt, keys). */
const OP_OVERHEAD_BYTES = 200;
const MAX_PUSH_ROUNDS_PER_CYCLE = 10_000;
const MAX_PULL_PAGES_PER_CYCLE = 200;

export class SyncWorker {
  private readonly opts: Required<Omit<SyncWorkerOptions, 'fetch' | 'log'>> & Pick<SyncWorkerOptions, 'fetch' | 'log'>;
  private batchSize: number;
  private failures = 0;
  private needsReconcile = true;
  private inFlight: Promise<CycleResult> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private state: SyncState = 'not-configured';
  private retryAt = 0;
  private readonly listeners = new Set<() => void>();
  private readonly auditLinks: AuditLinkSender;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly status: StatusService,
    private readonly bus: EventBus | null,
    options: SyncWorkerOptions = {},
  ) {
    this.opts = {
      requestTimeoutMs: 15_000,
      initialBatch: 200,
      maxBatch: MAX_OPS_PER_PUSH,
      maxBatchBytes: 1024 * 1024,
      backoffBaseMs: 500,
      backoffCapMs: 60_000,
      pollIntervalMs: 30_000,
      debounceMs: 50,
      pullPageSize: 500,
      retentionDays: 30,
      random: Math.random,
      sink: noReferenceDataSink,
      afterPull: () => {},
      appVersion: '',
      ...options,
    };
    this.batchSize = Math.min(this.opts.initialBatch, this.opts.maxBatch);
    this.auditLinks = new AuditLinkSender(db, this.opts.log);
    this.state = this.enrolment() ? 'idle' : 'not-configured';
    this.publish();
  }

  // ---- enrolment ----

  enrolment(): Enrolment | null {
    const deskId = getSyncState(this.db, 'deskId');
    if (!deskId) return null;
    return {
      serverUrl: getSyncState(this.db, 'serverUrl')!,
      deskId,
      officeId: getSyncState(this.db, 'officeId')!,
      officeName: getSyncState(this.db, 'officeName') ?? '',
      deskName: getSyncState(this.db, 'deskName') ?? '',
      enrolledAt: getSyncState(this.db, 'enrolledAt')!,
    };
  }

  /** One-time code from the server's administrator. The desk's private key is stored only in the encrypted desk database. */
  async enrol(input: { serverUrl: string; code: string; deskName: string; pin?: string }): Promise<Enrolment> {
    if (this.enrolment()) throw new AppError(ErrorCode.Conflict, 'This desk is already enrolled with a sync server.');
    let url: URL;
    try {
      url = new URL(input.serverUrl);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme');
    } catch {
      throw new AppError(ErrorCode.InvalidInput, 'The server address must be an http(s) URL.', { fields: { serverUrl: 'URL_FORMAT' } });
    }
    // HTTPS with the server's key pinned, or plain HTTP that never leaves this machine (issue 10, hole 2).
    if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
      throw new AppError(ErrorCode.InvalidInput, 'Plain http:// crosses the network unencrypted: use the server’s https:// address and its key pin.', { fields: { serverUrl: 'URL_INSECURE' } });
    }
    const pin = input.pin?.trim() ? normalisePin(input.pin) : null;
    if (input.pin?.trim() && !pin) throw new AppError(ErrorCode.InvalidInput, 'The server key pin is not one (sha256/ and 44 characters).', { fields: { pin: 'PIN_FORMAT' } });
    if (url.protocol === 'https:' && !pin) {
      throw new AppError(ErrorCode.InvalidInput, 'An https server needs its key pin (printed with the enrolment code).', { fields: { pin: 'PIN_REQUIRED' } });
    }
    const serverUrl = url.toString().replace(/\/$/, '');
    const client = new SyncClient(serverUrl, undefined, { fetch: this.fetchFor(url.protocol === 'https:' ? pin : null), timeoutMs: this.opts.requestTimeoutMs });
    // Over HTTPS: the pinned server's whole public key, to check its signatures on clerk accounts at rest. Through the
    // pinned channel, and checked against the pin all the same. An older server without it (404): accounts unsigned.
    // Read before the code is spent, so a failure here leaves the code usable.
    const serverKey = url.protocol === 'https:' ? await this.pinnedServerKey(client, pin!) : null;
    let r;
    try {
      r = await client.enrol(input.code.trim(), input.deskName);
    } catch (e) {
      if (e instanceof SyncHttpError && e.code === 'SERVER_KEY_MISMATCH') {
        throw new AppError(ErrorCode.SyncFailed, `Enrolment refused: ${e.message}`, { fields: { pin: 'PIN_MISMATCH' } });
      }
      if (e instanceof SyncHttpError && e.code === 'ENROLMENT_CODE_INVALID') {
        throw new AppError(ErrorCode.InvalidInput, 'The enrolment code is unknown, already used or expired.', { fields: { code: 'ENROLMENT_CODE_INVALID' } });
      }
      throw new AppError(ErrorCode.SyncFailed, `Enrolment failed: ${(e as Error).message}`, { details: { status: (e as SyncHttpError).status ?? 0 } });
    }
    withTx(this.db, (tx) => {
      // One name for the office everywhere (status bar, receipts, the Sync page): the central office's, which the
      // other desks and the console use too, replaces the one typed at first set-up (issue 14, item 14).
      setSetting(tx, 'office', r.officeName);
      // The desk's name as enrolled (typed on the Sync page, else the set-up name): the header and receipts use it too.
      setSetting(tx, 'desk', input.deskName);
      setSyncState(tx, {
        serverUrl,
        serverPin: url.protocol === 'https:' ? pin : null,
        serverPublicKey: serverKey,
        deskId: r.deskId,
        officeId: r.officeId,
        officeName: r.officeName,
        officeType: r.officeType ?? null,
        deskName: input.deskName,
        deskPrivateKey: r.privateKey,
        enrolledAt: this.clock.now().toISOString(),
        cursor: null,
        lastError: null,
      });
    });
    this.needsReconcile = true;
    this.failures = 0;
    this.retryAt = 0;
    this.state = 'idle';
    this.publish();
    if (this.running) this.schedule(0);
    return this.enrolment()!;
  }

  private client(timeoutMs = this.opts.requestTimeoutMs): SyncClient | null {
    const e = this.enrolment();
    const credentials = e && deskCredentials(this.db, e.deskId);
    if (!e || !credentials) return null;
    return new SyncClient(e.serverUrl, credentials, { fetch: this.fetchFor(getSyncState(this.db, 'serverPin')), timeoutMs });
  }

  private async pinnedServerKey(client: SyncClient, pin: string): Promise<string | null> {
    try {
      const { publicKey } = await client.serverKey();
      if (publicKeyPin(publicKey) !== pin) throw new AppError(ErrorCode.SyncFailed, 'The server’s key does not match the pin it was reached with.', { fields: { pin: 'PIN_MISMATCH' } });
      return publicKey;
    } catch (e) {
      if (e instanceof SyncHttpError && e.status === 404) return null;
      if (e instanceof SyncHttpError && e.code === 'SERVER_KEY_MISMATCH') throw new AppError(ErrorCode.SyncFailed, `Enrolment refused: ${e.message}`, { fields: { pin: 'PIN_MISMATCH' } });
      throw e instanceof AppError ? e : new AppError(ErrorCode.SyncFailed, `Enrolment: the server's key could not be read: ${(e as Error).message}`);
    }
  }

  private pinned: { pin: string; fetch: FetchLike } | null = null;
  /** The fetch that reaches the server: pinned to its key on https (one agent per pin, connections kept alive). */
  private fetchFor(pin: string | null): FetchLike | undefined {
    if (this.opts.fetch || !pin) return this.opts.fetch;
    if (this.pinned?.pin !== pin) this.pinned = { pin, fetch: pinnedFetch(pin) };
    return this.pinned.fetch;
  }

  /**
   * A signed client for a question a clerk waits on (a customer look-up), outside the worker's cycle: at most
   * `timeoutMs` (never longer than the worker's own timeout), then the caller answers from the replica. null: not enrolled.
   */
  requestClient(timeoutMs: number): SyncClient | null {
    return this.client(Math.min(timeoutMs, this.opts.requestTimeoutMs));
  }

  // ---- lifecycle ----

  /** Background mode (Electron, browser host): sync soon, then after every new operation and every poll interval. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  /** Stops scheduling; waits briefly for a cycle in flight (an ack not recorded is just re-sent as a duplicate later). */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.inFlight) await Promise.race([this.inFlight.catch(() => {}), new Promise((r) => setTimeout(r, 2_000).unref?.())]);
  }

  /** A new operation was recorded: push soon, unless the worker is backing off after a failure. */
  kick(): void {
    if (!this.running) return;
    this.publish();
    if (this.clock.now().getTime() < this.retryAt) return;
    this.schedule(this.opts.debounceMs);
  }

  /** "Sync now": one full cycle, ignoring any backoff; waits for a cycle already running first. */
  async syncNow(): Promise<CycleResult> {
    if (this.inFlight) await this.inFlight.catch(() => {});
    this.retryAt = 0;
    return this.runCycle();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.runCycle().catch((e) => this.opts.log?.(`sync cycle crashed: ${(e as Error).message}`));
    }, delayMs);
    this.timer.unref?.();
  }

  private runCycle(): Promise<CycleResult> {
    if (this.inFlight) {
      this.again = true;
      return this.inFlight;
    }
    const p = this.cycle().finally(() => {
      this.inFlight = null;
      if (this.again && this.running) {
        this.again = false;
        this.schedule(0);
      }
    });
    this.inFlight = p;
    return p;
  }

  // ---- one cycle ----

  private async cycle(): Promise<CycleResult> {
    let client = this.client();
    if (!client) {
      this.state = 'not-configured';
      this.publish();
      return { ok: false, pushed: 0, pulled: 0, ...this.countsForResult(), error: 'not enrolled' };
    }
    // A routine pull while up to date does not flash "sending…" in the status bar every poll.
    if (this.state !== 'idle' || outboxCounts(this.db).pending > 0) this.state = 'syncing';
    withTx(this.db, (tx) => setSyncState(tx, { lastAttemptAt: this.clock.now().toISOString() }));
    this.publish();
    let pushed = 0;
    let pulled = 0;
    try {
      // A desk still on HMAC moves to its key pair first; the cycle then signs with the new key.
      if (await migrateToDeskKeyPair(this.db, (c) => client!.withCredentials(c), this.opts.log)) client = this.client()!;
      if (this.needsReconcile) await this.reconcile(client);
      pushed = await this.pushAll(client);
      // The audit chain's links after the push; a break the server finds comes back in this pull (audit-links.ts).
      await this.auditLinks.sendPending(client);
      pulled = await this.pullAll(client);
      withTx(this.db, (tx) => pruneAcknowledged(tx, new Date(this.clock.now().getTime() - this.opts.retentionDays * 86_400_000).toISOString()));
      this.failures = 0;
      this.retryAt = 0;
      withTx(this.db, (tx) => setSyncState(tx, { lastSuccessAt: this.clock.now().toISOString(), lastError: null }));
      this.state = 'idle';
      this.publish();
      if (this.running) this.schedule(this.opts.pollIntervalMs);
      return { ok: true, pushed, pulled, ...this.countsForResult(), error: null };
    } catch (e) {
      const message = describe(e);
      this.failures++;
      this.needsReconcile = true;
      const delay = this.backoffDelay(e);
      this.retryAt = this.clock.now().getTime() + delay;
      withTx(this.db, (tx) => setSyncState(tx, { lastError: message }));
      this.state = e instanceof SyncHttpError && e.retryable ? 'offline' : 'error';
      this.opts.log?.(`sync failed (${this.failures} in a row), retrying in ${delay} ms: ${message}`);
      this.publish();
      if (this.running) this.schedule(delay);
      return { ok: false, pushed, pulled, ...this.countsForResult(), error: message };
    }
  }

  /** Full-jitter exponential backoff; never sooner than the server's Retry-After. */
  private backoffDelay(e: unknown): number {
    const ceiling = Math.min(this.opts.backoffCapMs, this.opts.backoffBaseMs * 2 ** Math.min(this.failures - 1, 30));
    const jittered = Math.floor(this.opts.random() * ceiling);
    const retryAfter = e instanceof SyncHttpError ? (e.retryAfterMs ?? 0) : 0;
    return Math.max(jittered, retryAfter);
  }

  /**
   * After a restart or an error: the server may have lost ops we hold as acknowledged (PGlite without fsync, a
   * restore from backup): queue them again. (The opposite case — the server holds seqs this desk re-used after being
   * restored itself — shows up precisely as `seq_taken` acks and is handled by renumbering in pushAll.)
   */
  private async reconcile(client: SyncClient): Promise<void> {
    const { highestSeq } = await client.state();
    if (highestAcknowledgedSeq(this.db) > highestSeq) {
      const requeued = withTx(this.db, (tx) => requeueAbove(tx, highestSeq));
      this.opts.log?.(`server holds up to seq ${highestSeq}: re-sending ${requeued} operations it lost`);
    }
    this.needsReconcile = false;
  }

  private takeBatch(): OutboxRow[] {
    const rows = unsentOutboxEntries(this.db, this.batchSize);
    let bytes = 0;
    const batch: OutboxRow[] = [];
    for (const r of rows) {
      const size = r.payload_json.length + r.subject.length + OP_OVERHEAD_BYTES;
      if (batch.length > 0 && bytes + size > this.opts.maxBatchBytes) break;
      batch.push(r);
      bytes += size;
    }
    return batch;
  }

  private async pushAll(client: SyncClient): Promise<number> {
    let pushed = 0;
    for (let round = 0; round < MAX_PUSH_ROUNDS_PER_CYCLE; round++) {
      const batch = this.takeBatch();
      if (!batch.length) return pushed;
      const seqs = batch.map((r) => r.seq);
      withTx(this.db, (tx) => markOutboxSent(tx, seqs));
      let response;
      try {
        response = await client.push(batch.map((r) => toSyncOp(r).op));
      } catch (e) {
        if (isTimeout(e)) {
          // A batch that does not get through in time: smaller batches next (the server keeps what committed).
          this.batchSize = Math.max(1, Math.floor(this.batchSize / 2));
        }
        withTx(this.db, (tx) => markOutboxFailedAttempt(tx, seqs, describe(e)));
        throw e;
      }
      const outcome = this.applyAcks(batch, response.acks);
      pushed += outcome.done;
      // Grow back slowly after a success: an eighth at a time.
      this.batchSize = Math.min(this.opts.maxBatch, this.batchSize + Math.max(1, Math.floor(this.batchSize / 8)));
      this.publish();
      if (outcome.seqTaken) {
        withTx(this.db, (tx) => renumberUnsentAfter(tx, response.highestSeq));
      } else if (outcome.gap) {
        // The server is missing earlier ops than this batch: find out what it holds and re-send from there.
        await this.reconcile(client);
      }
    }
    return pushed;
  }

  private applyAcks(batch: OutboxRow[], acks: Ack[]): { done: number; gap: boolean; seqTaken: boolean } {
    const byId = new Map(acks.map((a) => [a.id, a]));
    const updates: AckUpdate[] = [];
    let done = 0;
    let gap = false;
    let seqTaken = false;
    for (const row of batch) {
      const ack = byId.get(row.id);
      if (!ack) {
        updates.push({ id: row.id, state: 'pending', ackStatus: row.ack_status ?? '', ackReason: null, conflictId: null, error: 'no acknowledgement for this operation' });
        continue;
      }
      const unsendable = toSyncOp(row).problem;
      // The server stored a stand-in for an op it could not have accepted: the op itself failed, for a human to see.
      const u: AckUpdate =
        unsendable && ack.status !== 'rejected'
          ? { id: row.id, state: 'rejected', ackStatus: ack.status, ackReason: `unsendable: ${unsendable}`, conflictId: null, error: `not sent: ${unsendable}` }
          : ackToUpdate(ack);
      if (ack.status === 'rejected' && ack.reason === RejectReason.Gap) gap = true;
      if (ack.status === 'rejected' && ack.reason === RejectReason.SeqTaken) seqTaken = true;
      if (u.state !== 'pending') done++;
      updates.push(u);
    }
    withTx(this.db, (tx) => applyOutboxAcks(tx, updates, this.clock.now().toISOString()));
    return { done, gap, seqTaken };
  }

  private async pullAll(client: SyncClient): Promise<number> {
    let applied = 0;
    for (let page = 0; page < MAX_PULL_PAGES_PER_CYCLE; page++) {
      const cursor = getSyncState(this.db, 'cursor') ?? undefined;
      const r = await client.pull(cursor, this.opts.pullPageSize, { pending: outboxCounts(this.db).pending, appVersion: this.opts.appVersion || undefined });
      applied += this.applyChanges(r.changes, r.cursor, r.reset === true, r.more);
      if (!r.more) break;
    }
    this.opts.afterPull();
    return applied;
  }

  /**
   * One page in one transaction, cursor included: a crash re-pulls the page, and the version rule makes that harmless.
   * A `reset` page means the server restarted its walk (it lost commits, was restored or compacted): versions held here
   * may be ahead of the server's new ones, so they are forgotten (set to 0), and when the walk ends every row not
   * received since the reset is dropped — the desk mirrors what the server has now.
   */
  private applyChanges(changes: Change[], cursor: string, reset: boolean, more: boolean): number {
    const at = this.clock.now().toISOString();
    let applied = 0;
    withTx(this.db, (tx) => {
      if (reset) {
        forgetCentralVersions(tx);
        setSyncState(tx, { pullResetAt: at });
      }
      for (const c of changes) {
        if (c.version <= centralRowVersion(tx, c.table, c.key)) continue;
        putCentralRow(tx, { table: c.table, key: c.key, version: c.version, deleted: c.op === 'delete', rowJson: c.row ? JSON.stringify(c.row) : null, pulledAt: at });
        if (c.table === 'conflicts' && c.row) this.applyConflictRow(tx, c.row);
        this.opts.sink.apply(tx, c);
        applied++;
      }
      const resetAt = getSyncState(tx, 'pullResetAt');
      if (resetAt && !more) {
        for (const gone of dropCentralRowsPulledBefore(tx, resetAt)) {
          this.opts.sink.apply(tx, { table: gone.table, key: gone.key, op: 'delete', version: 1, row: null });
        }
        setSyncState(tx, { pullResetAt: null });
      }
      setSyncState(tx, { cursor });
    });
    return applied;
  }

  private applyConflictRow(tx: WritableDb, row: Record<string, unknown>): void {
    const status = row.status;
    if (status !== 'accepted' && status !== 'rejected') return;
    const entry = (typeof row.opId === 'string' && findOutboxEntry(tx, row.opId)) || (typeof row.id === 'string' && findOutboxByConflict(tx, row.id));
    if (entry && entry.resolution === null) {
      setOutboxResolution(tx, entry.id, status, typeof row.note === 'string' ? row.note : null, typeof row.resolvedAt === 'string' ? row.resolvedAt : new Date().toISOString());
    }
  }

  // ---- conflicts ----

  /** A supervisor decides a conflict (on the server, which every desk of the office then pulls). */
  /** `approve` makes the supervisor's approval of the decision for the conflict and this desk (sync-service.ts). */
  async resolveConflict(
    opId: string,
    resolution: 'accept' | 'reject',
    note: string,
    approve: (conflictId: string, deskId: string) => Promise<ResolveConflictRequest['approval']>,
  ): Promise<OutboxRow> {
    const entry = findOutboxEntry(this.db, opId);
    if (!entry || entry.state !== 'conflict' || !entry.conflict_id) throw new AppError(ErrorCode.NotFound, 'No such conflict on this desk.');
    const client = this.client();
    const enrolment = this.enrolment();
    if (!client || !enrolment) throw new AppError(ErrorCode.SyncNotConfigured, 'This desk is not enrolled with a sync server.');
    const approval = await approve(entry.conflict_id, enrolment.deskId);
    try {
      await client.resolveConflict(entry.conflict_id, { resolution, note, approval });
    } catch (e) {
      if (e instanceof SyncHttpError && e.status === 409) {
        // Someone else decided first: pull to learn how.
        await this.pullAll(client).catch(() => {});
        throw new AppError(ErrorCode.Conflict, 'This conflict was already resolved.');
      }
      throw new AppError(ErrorCode.SyncFailed, `The server could not be reached: ${describe(e)}`);
    }
    withTx(this.db, (tx) => setOutboxResolution(tx, opId, resolution === 'accept' ? 'accepted' : 'rejected', note, this.clock.now().toISOString()));
    this.publish();
    return findOutboxEntry(this.db, opId)!;
  }

  // ---- status ----

  currentState(): SyncState {
    return this.state;
  }

  lastSuccessAt(): string | null {
    return getSyncState(this.db, 'lastSuccessAt');
  }

  lastAttemptAt(): string | null {
    return getSyncState(this.db, 'lastAttemptAt');
  }

  lastError(): string | null {
    return getSyncState(this.db, 'lastError');
  }

  nextRetryAt(): string | null {
    return this.retryAt > this.clock.now().getTime() ? new Date(this.retryAt).toISOString() : null;
  }

  currentBatchSize(): number {
    return this.batchSize;
  }

  private countsForResult(): { pending: number; failed: number; conflicts: number } {
    const c = outboxCounts(this.db);
    return { pending: c.pending, failed: c.failed, conflicts: c.openConflicts };
  }

  private publish(): void {
    const counts = outboxCounts(this.db);
    const lastSuccessAt = this.lastSuccessAt();
    const error = this.state === 'offline' || this.state === 'error' ? this.lastError() : null;
    this.status.setSync({ state: this.state, pending: counts.pending, lastSuccessAt, error, conflicts: openConflictsByClerk(this.db) });
    this.bus?.emit('sync:changed', { state: this.state, pending: counts.pending, failed: counts.failed, conflicts: counts.openConflicts, lastSuccessAt, error });
    for (const l of this.listeners) l();
  }
}

/** Largest single op sent as is: leaves room in the server's body limit for the envelope. */
const MAX_OP_BYTES = MAX_BODY_BYTES - 64 * 1024;

/**
 * The op as pushed. An op the server's request schema would refuse (bad kind, subject too long, payload not an object)
 * or that is too big for any request would fail its whole batch with a 4xx for ever and block the queue behind it. So
 * it travels as a stand-in with the same id and seq (the server stores it, the sequence stays gapless) and is marked
 * failed here, with the reason, for a human to deal with.
 */
function toSyncOp(r: OutboxRow): { op: SyncOp; problem: string | null } {
  const payload = outboxPayload(r);
  const op = { id: r.id, seq: r.seq, kind: r.kind, subject: r.subject, createdAt: r.created_at, payload: payload as Record<string, unknown> };
  const parsed = syncOpSchema.safeParse(op);
  let problem: string | null = null;
  if (!parsed.success) problem = parsed.error.issues.map((i) => `${i.path.join('.') || 'op'}: ${i.message}`).join('; ').slice(0, 300);
  else if (r.payload_json.length > MAX_OP_BYTES) problem = `payload of ${r.payload_json.length} bytes is larger than a request may be`;
  if (!problem) return { op, problem: null };
  return {
    op: {
      id: r.id,
      seq: r.seq,
      kind: 'desk.unsendable',
      subject: `outbox:${r.seq}`,
      createdAt: r.created_at,
      payload: { originalKind: r.kind.slice(0, 64), originalSubject: r.subject.slice(0, 200), problem },
    },
    problem,
  };
}

/** What each acknowledgement means for the local row. A `duplicate` carries how the original ended ("conflict:…"). */
function ackToUpdate(ack: Ack): AckUpdate {
  const base = { id: ack.id, ackStatus: ack.status, conflictId: ack.conflictId ?? null, error: null };
  switch (ack.status) {
    case 'applied':
      return { ...base, state: 'acked', ackReason: null };
    case 'duplicate': {
      const [was, ...rest] = (ack.reason ?? '').split(':');
      const reason = rest.join(':') || null;
      if (was === 'conflict') return { ...base, state: 'conflict', ackReason: reason };
      if (was === 'rejected') return { ...base, state: 'rejected', ackReason: reason, error: `rejected by the server: ${reason ?? 'no reason'}` };
      return { ...base, state: 'acked', ackReason: null };
    }
    case 'conflict':
      return { ...base, state: 'conflict', ackReason: ack.reason ?? null };
    case 'rejected':
      // gap and seq_taken mean "not stored, send again" (after re-reading the server's state / renumbering).
      if (ack.reason === RejectReason.Gap || ack.reason === RejectReason.SeqTaken) {
        return { ...base, state: 'pending', ackReason: ack.reason, error: `server said ${ack.reason}; will re-send` };
      }
      return { ...base, state: 'rejected', ackReason: ack.reason ?? null, error: `rejected by the server: ${ack.reason ?? 'no reason'}` };
  }
}

function isTimeout(e: unknown): boolean {
  return e instanceof SyncHttpError && e.status === 0 && /timeout|timed out|aborted/i.test(e.message);
}

function describe(e: unknown): string {
  if (e instanceof SyncHttpError) return e.status ? `${e.status} ${e.code}: ${e.message}` : e.message;
  return e instanceof Error ? e.message : String(e);
}
