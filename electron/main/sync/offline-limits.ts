// How long and how much a desk may work without reaching the server. Past the warning thresholds new operations
// carry a warning; past the hard thresholds each new operation needs a supervisor's approval
// (action OFFLINE_LIMIT_ACTION), because central facts (POA revocations, retired SIMs) may be stale by then.
import { withTx, type Db, type WritableDb } from '../db/database';
import type { Clock } from '../services/clock';
import type { AuthService } from '../services/auth-service';
import type { AuditPort } from '../services/audit-log';
import { AppError, ErrorCode } from '../../../common/errors';
import { getSetting, setSetting, type SettingName } from '../db/queries/settings';
import { outboxCounts } from '../db/queries/outbox';
import { getSyncState } from '../db/queries/sync_state';

export const OFFLINE_LIMIT_ACTION = 'sync.offline-limit';

export type OfflineLevel = 'ok' | 'warn' | 'approval-required';

export interface OfflineLimitSettings {
  warnAfterHours: number;
  approvalAfterHours: number;
  warnPending: number;
  approvalPending: number;
}

export interface OfflineLimitsInfo {
  level: OfflineLevel;
  /** Which limit decided the level: 'age', 'pending', or null when ok. */
  reason: 'age' | 'pending' | null;
  pending: number;
  /** Since the last successful sync (or enrolment); null when the desk is not enrolled. */
  offlineHours: number | null;
  settings: OfflineLimitSettings;
}

export const DEFAULT_OFFLINE_LIMITS: OfflineLimitSettings = { warnAfterHours: 24, approvalAfterHours: 72, warnPending: 500, approvalPending: 2000 };

/** Which desk setting holds each limit. */
const SETTING: Record<keyof OfflineLimitSettings, Extract<SettingName, `offline${string}` | `pending${string}`>> = {
  warnAfterHours: 'offlineWarnHours',
  approvalAfterHours: 'offlineApprovalHours',
  warnPending: 'pendingWarn',
  approvalPending: 'pendingApproval',
};

export class OfflineLimits {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly auth: AuthService,
    /** A supervisor's change of the limits is an audit entry. */
    private readonly audit: AuditPort | null = null,
  ) {}

  settings(): OfflineLimitSettings {
    const out = { ...DEFAULT_OFFLINE_LIMITS };
    for (const k of Object.keys(SETTING) as (keyof OfflineLimitSettings)[]) {
      const v = getSetting(this.db, SETTING[k]);
      if (v !== null) out[k] = v;
    }
    return out;
  }

  setSettings(next: OfflineLimitSettings): OfflineLimitSettings {
    if (next.approvalAfterHours < next.warnAfterHours || next.approvalPending < next.warnPending) {
      throw new AppError(ErrorCode.InvalidInput, 'The approval limit must not be below the warning limit.', { fields: { approvalAfterHours: 'LIMIT_ORDER' } });
    }
    const by = this.auth.session().clerk;
    withTx(this.db, (tx) => {
      for (const k of Object.keys(SETTING) as (keyof OfflineLimitSettings)[]) setSetting(tx, SETTING[k], next[k]);
      this.audit?.append(tx, { kind: 'settings.update', actor: by?.id ?? null, details: { name: 'offlineLimits', ...next } });
    });
    return this.settings();
  }

  check(): OfflineLimitsInfo {
    const settings = this.settings();
    const pending = outboxCounts(this.db).pending;
    const enrolledAt = getSyncState(this.db, 'enrolledAt');
    // A desk that was never enrolled works standalone: no sync, so no offline limit.
    if (!enrolledAt) return { level: 'ok', reason: null, pending, offlineHours: null, settings };
    const since = getSyncState(this.db, 'lastSuccessAt') ?? enrolledAt;
    const offlineHours = Math.max(0, (this.clock.now().getTime() - Date.parse(since)) / 3_600_000);
    const byAge: OfflineLevel = offlineHours >= settings.approvalAfterHours ? 'approval-required' : offlineHours >= settings.warnAfterHours ? 'warn' : 'ok';
    const byPending: OfflineLevel = pending >= settings.approvalPending ? 'approval-required' : pending >= settings.warnPending ? 'warn' : 'ok';
    const rank = { ok: 0, warn: 1, 'approval-required': 2 } as const;
    const level = rank[byAge] >= rank[byPending] ? byAge : byPending;
    const reason = level === 'ok' ? null : rank[byAge] >= rank[byPending] ? 'age' : 'pending';
    return { level, reason, pending, offlineHours: Math.round(offlineHours * 10) / 10, settings };
  }

  /**
   * For the flows' services, inside the transaction that stores a new operation. Returns the level ('ok' or 'warn',
   * to show the clerk); past the hard limit it throws APPROVAL_REQUIRED unless a fresh supervisor approval for
   * OFFLINE_LIMIT_ACTION is given, which it consumes.
   */
  assertWithinOfflineLimits(tx: WritableDb, approvalId?: string): OfflineLimitsInfo {
    const info = this.check();
    if (info.level !== 'approval-required') return info;
    if (!approvalId) {
      throw new AppError(ErrorCode.ApprovalRequired, 'This desk has been offline too long (or holds too many unsent operations): a supervisor must approve new operations.', {
        details: { action: OFFLINE_LIMIT_ACTION, reason: info.reason, pending: info.pending, offlineHours: info.offlineHours },
      });
    }
    this.auth.consumeApproval(tx, approvalId, OFFLINE_LIMIT_ACTION);
    return info;
  }
}
