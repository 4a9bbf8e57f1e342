// A visit's life after it is opened: closed by the clerk (or after its receipt), closed at the end of its local
// day, or cancelled while it is still empty. The end of the day has no timer: the visits of earlier days are
// closed when the desk next serves (reads the journal or records an operation), so a sleeping desk loses nothing.
// Every close and cancel is queued for sync in the transaction that makes it.
import { withTx, type Db, type WritableDb } from '../db/database';
import { AppError, ErrorCode } from '../../../common/errors';
import { uuidv7 } from '../../../common/ids';
import { localIsoDate } from '../../../common/domain/dates';
import type { Visit } from '../../../common/ipc/channels/visits';
import { closeVisitsBefore, endVisit, findVisit, toVisit, type VisitRow } from '../db/queries/visits';
import type { AuthService } from './auth-service';
import type { Clock } from './clock';
import type { Outbox } from './outbox-port';
import type { EventBus } from './event-bus';
import { billParts } from './visit-bill';
import { checkClosePaid, unpaidLines } from '../../../common/domain/payments';

export class VisitLifecycle {
  constructor(
    private readonly db: Db,
    private readonly auth: AuthService,
    private readonly clock: Clock,
    private readonly outbox: Outbox,
    private readonly bus: EventBus,
  ) {}

  /** Closes the open visits of earlier local days; returns how many it closed. */
  closeEndedDays(): number {
    const now = this.clock.now();
    const closed = withTx(this.db, (tx) => {
      const rows = closeVisitsBefore(tx, localIsoDate(now), now.toISOString());
      for (const r of rows) {
        this.outbox.enqueue(tx, { id: uuidv7(now.getTime()), kind: 'visit.close', subject: r.subject_key, payload: { visitId: r.id, reason: 'end-of-day', clerkId: null, closedAt: now.toISOString() } });
      }
      return rows;
    });
    for (const r of closed) this.bus.emit('visits:changed', { id: r.id });
    return closed.length;
  }

  close(id: string, reason: 'clerk' | 'receipt'): Visit {
    return this.end(id, (tx, row, clerkId, now) => {
      // A chargeable visit is paid before it is closed (the end of the day closes it whatever it owes).
      const bill = billParts(tx, id);
      const unpaid = row.status === 'open' ? checkClosePaid(unpaidLines(bill.ops, bill.payments)) : null;
      if (unpaid) throw new AppError(unpaid.code, unpaid.message, { details: unpaid.details });
      if (!endVisit(tx, id, 'completed', reason, now)) throw new AppError(ErrorCode.VisitClosed, 'This visit is closed: start a new visit.');
      this.outbox.enqueue(tx, { id: uuidv7(), kind: 'visit.close', subject: row.subject_key, payload: { visitId: id, reason, clerkId, closedAt: now } });
    });
  }

  /** Only an empty visit is cancelled: one with operations is closed, its operations stand. */
  cancel(id: string): Visit {
    return this.end(id, (tx, row, clerkId, now) => {
      if (row.status !== 'open') throw new AppError(ErrorCode.VisitClosed, 'This visit is closed: start a new visit.');
      if (row.operation_count > 0) throw new AppError(ErrorCode.VisitNotEmpty, 'Only a visit without operations can be cancelled: close it instead.');
      endVisit(tx, id, 'cancelled', 'cancelled', now);
      this.outbox.enqueue(tx, { id: uuidv7(), kind: 'visit.cancel', subject: row.subject_key, payload: { visitId: id, clerkId, cancelledAt: now } });
    });
  }

  /** The frame of closing and cancelling: the clerk, earlier days closed first, one transaction, the change announced. */
  private end(id: string, apply: (tx: WritableDb, row: VisitRow, clerkId: string, now: string) => void): Visit {
    const clerk = this.auth.requireClerk();
    this.closeEndedDays();
    const now = this.clock.now().toISOString();
    withTx(this.db, (tx) => {
      const row = findVisit(tx, id);
      if (!row) throw new AppError(ErrorCode.NotFound, 'No such visit.');
      apply(tx, row, clerk.id, now);
    });
    this.bus.emit('visits:changed', { id });
    return toVisit(findVisit(this.db, id)!);
  }
}
