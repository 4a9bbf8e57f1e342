// The server's rules for the shift records (common/operations/shifts.ts): nothing central is decided — a shift is the
// desk's — but they are stored in `shifts` (migration 014) for the reports. shift.open and shift.close of one shift
// may come in one batch or the close first (a desk re-sending after a failure), so the batch merges them per shift
// and writeShifts upserts: the open's fields never overwrite a close, the close's fill in what the open left empty.
import type { BatchStatement } from './batch-statement';
import type { CentralState, ShiftWrite } from './central-state';
import type { Desk } from './offices';
import type { SyncOp } from '../../common/sync/protocol';
import type { Evaluation } from './rules';
import type { z } from 'zod';
import type { shiftClosePayload, shiftOpenPayload } from '../../common/operations/shifts';

function merged(s: CentralState, desk: Desk, p: { shiftId: string; clerkId: string; openedAt: string; openingFloatMinor: number }): ShiftWrite {
  const key = p.shiftId.toLowerCase();
  const current = s.out.shifts.get(key) ?? { shiftId: key, officeId: desk.officeId, deskId: desk.id, clerkId: p.clerkId, openedAt: p.openedAt, openingFloatMinor: p.openingFloatMinor, openOpId: null, close: null };
  s.out.shifts.set(key, current);
  return current;
}

export function decideShiftOpen(s: CentralState, desk: Desk, op: SyncOp, p: z.output<typeof shiftOpenPayload>): Evaluation {
  return { status: 'applied', apply: () => void (merged(s, desk, p).openOpId = op.id) };
}

export function decideShiftClose(s: CentralState, desk: Desk, op: SyncOp, p: z.output<typeof shiftClosePayload>): Evaluation {
  return {
    status: 'applied',
    apply: () => {
      merged(s, desk, p).close = {
        closed_at: p.closedAt,
        cash_taken_minor: p.cashTakenMinor,
        cash_refunded_minor: p.cashRefundedMinor,
        expected_minor: p.expectedMinor,
        counted_minor: p.countedMinor,
        difference_minor: p.differenceMinor,
        reason: p.reason,
        approval: p.approval,
        approved_by: p.approval?.supervisorId ?? null,
        takings: p.takings,
        operation_count: p.operationCount,
        void_count: p.voidCount,
        stock_count: p.stockCount,
        close_op_id: op.id,
      };
    },
  };
}

export function writeShifts(w: BatchStatement, s: CentralState): void {
  if (!s.out.shifts.size) return;
  const rows = [...s.out.shifts.values()].map((x) => ({
    shift_id: x.shiftId,
    office_id: x.officeId,
    desk_id: x.deskId,
    clerk_id: x.clerkId,
    opened_at: x.openedAt,
    opening_float_minor: x.openingFloatMinor,
    open_op_id: x.openOpId,
    closed: x.close !== null,
    ...(x.close ?? {}),
  }));
  w.add(`INSERT INTO shifts (shift_id, office_id, desk_id, clerk_id, opened_at, opening_float_minor, open_op_id, closed_at, cash_taken_minor, cash_refunded_minor,
       expected_minor, counted_minor, difference_minor, reason, approval, approved_by, takings, operation_count, void_count, stock_count, close_op_id)
     SELECT shift_id, office_id, desk_id, clerk_id, opened_at, opening_float_minor, open_op_id, closed_at, cash_taken_minor, cash_refunded_minor,
       expected_minor, counted_minor, difference_minor, reason, approval, approved_by, takings, operation_count, void_count, stock_count, close_op_id
     FROM jsonb_to_recordset(${w.rows(rows)}) AS x(shift_id uuid, office_id uuid, desk_id uuid, clerk_id text, opened_at timestamptz, opening_float_minor integer,
       open_op_id uuid, closed boolean, closed_at timestamptz, cash_taken_minor integer, cash_refunded_minor integer, expected_minor integer, counted_minor integer,
       difference_minor integer, reason text, approval jsonb, approved_by text, takings jsonb, operation_count integer, void_count integer, stock_count jsonb, close_op_id uuid)
     ON CONFLICT (shift_id) DO UPDATE SET
       open_op_id = coalesce(shifts.open_op_id, EXCLUDED.open_op_id),
       closed_at = coalesce(shifts.closed_at, EXCLUDED.closed_at),
       cash_taken_minor = coalesce(shifts.cash_taken_minor, EXCLUDED.cash_taken_minor),
       cash_refunded_minor = coalesce(shifts.cash_refunded_minor, EXCLUDED.cash_refunded_minor),
       expected_minor = coalesce(shifts.expected_minor, EXCLUDED.expected_minor),
       counted_minor = coalesce(shifts.counted_minor, EXCLUDED.counted_minor),
       difference_minor = coalesce(shifts.difference_minor, EXCLUDED.difference_minor),
       reason = coalesce(shifts.reason, EXCLUDED.reason),
       approval = coalesce(shifts.approval, EXCLUDED.approval),
       approved_by = coalesce(shifts.approved_by, EXCLUDED.approved_by),
       takings = coalesce(shifts.takings, EXCLUDED.takings),
       operation_count = coalesce(shifts.operation_count, EXCLUDED.operation_count),
       void_count = coalesce(shifts.void_count, EXCLUDED.void_count),
       stock_count = coalesce(shifts.stock_count, EXCLUDED.stock_count),
       close_op_id = coalesce(shifts.close_op_id, EXCLUDED.close_op_id)`);
}
