// A clerk's shift at this desk (issue 12, deliver 2; design in docs/flows.md "Shifts"). Open with the counted float;
// the X-report's totals at any time; the close compares the counted cash with the expected (float + cash taken −
// cash refunded) and needs a reason and a supervisor's approval ('shift.difference') for any difference. The open and
// the close are synced (`shift.open`, `shift.close`) in the same transaction as the desk's row.
// `requireOpenShift` is the guard every operation (FlowContext.frame) and payment asks.
import { withTx, type Db, type WritableDb } from '../db/database';
import { AppError, ErrorCode } from '../../../common/errors';
import { uuidv7 } from '../../../common/ids';
import { checkCanOpen, checkCashAmount, checkCloseDifference, checkShiftOpen, cashDifference, expectedCash, SHIFT_DIFFERENCE_APPROVAL_ACTION } from '../../../common/domain/shifts';
import type { Shift, ShiftClosing, ShiftReport } from '../../../common/ipc/channels/shifts';
import {
  cashMovements,
  closeShift,
  findOpenShift,
  findShift,
  insertShift,
  openVisitsOfClerk,
  operationsByKind,
  paymentsByMethod,
  refundsByMethod,
  unsyncedOperations,
  voidsByClerk,
  type ShiftRow,
} from '../db/queries/shifts';
import { findClerkById } from '../db/queries/clerks';
import type { AuthService } from '../services/auth-service';
import type { Clock } from '../services/clock';
import type { Outbox } from '../services/outbox-port';
import type { AuditPort } from '../services/audit-log';
import { throwIf } from './context';

/**
 * What another area does inside the close's transaction (the stock count at close, issue 12 deliver 3): it may check
 * the count and throw an AppError to refuse the close, or store it. Runs after the cash rules.
 */
export type ShiftCloseHook = (tx: WritableDb, shift: { id: string; clerkId: string; closedAt: string }, stockCount: Record<string, unknown> | null) => void;

export class ShiftService {
  private readonly closeHooks: ShiftCloseHook[] = [];

  constructor(
    private readonly db: Db,
    private readonly auth: AuthService,
    private readonly clock: Clock,
    private readonly outbox: Outbox,
    private readonly audit: AuditPort,
  ) {}

  /** Another area's step in the close (see ShiftCloseHook). */
  onClose(hook: ShiftCloseHook): void {
    this.closeHooks.push(hook);
  }

  current(): Shift | null {
    const clerk = this.auth.requireClerk();
    const row = findOpenShift(this.db, clerk.id);
    return row ? this.toShift(row) : null;
  }

  /** Throws SHIFT_CLOSED unless `clerkId` has an open shift at this desk (read in the caller's transaction if given). */
  requireOpenShift(clerkId: string, db: Db | WritableDb = this.db): ShiftRow {
    const row = findOpenShift(db, clerkId);
    throwIf(checkShiftOpen(row?.id ?? null));
    return row!;
  }

  open(input: { openingFloatMinor: number }): Shift {
    const clerk = this.auth.requireClerk();
    throwIf(checkCashAmount(input.openingFloatMinor, 'openingFloatMinor'));
    const now = this.clock.now().toISOString();
    const id = uuidv7(this.clock.now().getTime());
    withTx(this.db, (tx) => {
      throwIf(checkCanOpen(findOpenShift(tx, clerk.id)?.id ?? null));
      insertShift(tx, { id, clerk_id: clerk.id, opened_at: now, opening_float_minor: input.openingFloatMinor });
      this.audit.append(tx, { kind: 'shift.open', actor: clerk.id, details: { shiftId: id, openingFloatMinor: input.openingFloatMinor } });
      this.outbox.enqueue(tx, { id, kind: 'shift.open', subject: `clerk:${clerk.id}`, payload: { shiftId: id, clerkId: clerk.id, openingFloatMinor: input.openingFloatMinor, openedAt: now } });
    });
    return this.toShift(findShift(this.db, id)!);
  }

  /** The open shift's totals so far (the X-report). */
  report(): ShiftReport {
    const clerk = this.auth.requireClerk();
    return this.reportOf(this.requireOpenShift(clerk.id), this.clock.now().toISOString());
  }

  /** What the close screen shows: the totals, expected vs counted (when counted), unsynced operations, open visits. */
  closing(input: { countedMinor: number | null }): ShiftClosing {
    const clerk = this.auth.requireClerk();
    const shift = this.requireOpenShift(clerk.id);
    const report = this.reportOf(shift, this.clock.now().toISOString());
    const counted = input.countedMinor;
    return {
      ...report,
      countedMinor: counted,
      differenceMinor: counted === null ? null : cashDifference(counted, report.cash.expectedMinor),
      unsynced: unsyncedOperations(this.db, clerk.id, shift.opened_at),
      openVisits: openVisitsOfClerk(this.db, clerk.id),
    };
  }

  /** Closes the open shift; returns the Z-report's totals. */
  close(input: { countedMinor: number; reason?: string; approvalId?: string | null; stockCount?: Record<string, unknown> | null }): ShiftReport {
    const clerk = this.auth.requireClerk();
    throwIf(checkCashAmount(input.countedMinor, 'countedMinor'));
    const closedAt = this.clock.now().toISOString();
    const reason = (input.reason ?? '').trim();
    const shiftId = withTx(this.db, (tx) => {
      const shift = this.requireOpenShift(clerk.id, tx);
      const report = this.reportOf(shift, closedAt, tx);
      const differenceMinor = cashDifference(input.countedMinor, report.cash.expectedMinor);
      throwIf(checkCloseDifference(differenceMinor, reason, input.approvalId ?? null));
      // Spent only once the rules pass: a refused close keeps the supervisor's approval for the next try.
      const approval = differenceMinor === 0 ? null : this.approvalRecord(tx, input.approvalId!);
      const stockCount = input.stockCount ?? null;
      for (const hook of this.closeHooks) hook(tx, { id: shift.id, clerkId: clerk.id, closedAt }, stockCount);
      const closeId = uuidv7(this.clock.now().getTime());
      closeShift(tx, {
        id: shift.id,
        closed_at: closedAt,
        close_id: closeId,
        expected_minor: report.cash.expectedMinor,
        counted_minor: input.countedMinor,
        difference_minor: differenceMinor,
        reason: differenceMinor === 0 ? null : reason,
        approval_json: approval ? JSON.stringify(approval) : null,
        stock_count_json: stockCount ? JSON.stringify(stockCount) : null,
      });
      const { cash } = report;
      this.audit.append(tx, { kind: 'shift.close', actor: clerk.id, details: { shiftId: shift.id, expectedMinor: cash.expectedMinor, countedMinor: input.countedMinor, differenceMinor, approvalId: approval?.id ?? null } });
      this.outbox.enqueue(tx, {
        id: closeId,
        kind: 'shift.close',
        subject: `clerk:${clerk.id}`,
        payload: {
          shiftId: shift.id,
          clerkId: clerk.id,
          openedAt: shift.opened_at,
          closedAt,
          openingFloatMinor: cash.openingFloatMinor,
          cashTakenMinor: cash.takenMinor,
          cashRefundedMinor: cash.refundedMinor,
          expectedMinor: cash.expectedMinor,
          countedMinor: input.countedMinor,
          differenceMinor,
          reason: differenceMinor === 0 ? null : reason,
          approval,
          takings: report.takings,
          operationCount: report.operations.reduce((s, o) => s + o.count, 0),
          voidCount: report.voids.length,
          stockCount,
        },
      });
      return shift.id;
    });
    return this.reportOfClosed(shiftId);
  }

  /** The Z-report's totals of one of the signed-in clerk's closed shifts. */
  closedReport(shiftId: string): ShiftReport {
    const clerk = this.auth.requireClerk();
    const row = findShift(this.db, shiftId);
    if (!row || row.clerk_id !== clerk.id) throw new AppError(ErrorCode.NotFound, 'No such shift of yours at this desk.');
    if (!row.closed_at) throw new AppError('SHIFT_NOT_CLOSED', 'This shift is still open: its Z-report prints when it is closed.');
    return this.reportOfClosed(shiftId);
  }

  private reportOfClosed(shiftId: string): ShiftReport {
    const row = findShift(this.db, shiftId)!;
    return this.reportOf(row, row.closed_at!);
  }

  private approvalRecord(tx: WritableDb, approvalId: string): { id: string; action: string; reason: string; supervisorId: string; supervisorName: string } {
    const a = this.auth.consumeApproval(tx, approvalId, SHIFT_DIFFERENCE_APPROVAL_ACTION);
    return { id: approvalId, action: SHIFT_DIFFERENCE_APPROVAL_ACTION, reason: a.reason, supervisorId: a.supervisorId, supervisorName: a.supervisorName };
  }

  /** Totals over [opened_at, until): an X-report (until now) or a Z-report (until the close). */
  private reportOf(row: ShiftRow, until: string, db: Db | WritableDb = this.db): ShiftReport {
    // The close's own instant is inside the shift: a payment taken in the same millisecond as the close counts.
    const to = row.closed_at ? endOf(row.closed_at) : endOf(until);
    const cash = cashMovements(db, row.clerk_id, row.opened_at, to);
    return {
      shift: this.toShift(row, db),
      until,
      operations: operationsByKind(db, row.clerk_id, row.opened_at, to),
      takings: paymentsByMethod(db, row.clerk_id, row.opened_at, to),
      refunds: refundsByMethod(db, row.clerk_id, row.opened_at, to),
      voids: voidsByClerk(db, row.clerk_id, row.opened_at, to),
      cash: { openingFloatMinor: row.opening_float_minor, takenMinor: cash.takenMinor, refundedMinor: cash.refundedMinor, expectedMinor: expectedCash(row.opening_float_minor, cash.takenMinor, cash.refundedMinor) },
    };
  }

  private toShift(row: ShiftRow, db: Db | WritableDb = this.db): Shift {
    return {
      id: row.id,
      clerkId: row.clerk_id,
      clerkName: findClerkById(db, row.clerk_id)?.displayName ?? row.clerk_id,
      openedAt: row.opened_at,
      openingFloatMinor: row.opening_float_minor,
      closedAt: row.closed_at,
      countedMinor: row.counted_minor,
      differenceMinor: row.difference_minor,
      reason: row.reason,
      approval: row.approval_json ? (JSON.parse(row.approval_json) as Shift['approval']) : null,
    };
  }
}

/** The first ISO instant after `iso` (ISO strings of one format compare as text): so [from, endOf(t)) includes t. */
function endOf(iso: string): string {
  return `${iso}\uffff`;
}
