/**
 * A day of two offices for the server's reports (issue 12, deliver 6), pushed by three desks over HTTP as desks push
 * them: visits, operations with fees, payments by cash, card and free, a void with its refund, a typed-ICCID override,
 * an offline-limit approval, two IMEI conflicts (one resolved), shifts closed with and without a difference, and one
 * operation done after local midnight (00:30 in Baku, 20:30 UTC the day before). The expected figures are spelled out
 * in test/integration/server-reports.test.ts and server-cli-report.test.ts.
 */
import type { Database } from '../../server/db/adapter';
import { addOffice } from '../../server/store/offices';
import { putClerk } from '../../server/store/clerks';
import { listConflicts, resolveConflict } from '../../server/store/conflicts';
import { luhnCheckDigit } from '../../common/domain/checksums';
import { enrolNewDesk, makeOp, uuidv7 } from './sync-server';
import type { SyncOp } from '../../common/sync/protocol';

export const OFFICE_A = 'Bakı ASXM 1';
export const OFFICE_B = 'Bakcell Nizami';
export const NIGAR = { id: 'sup-nigar', action: '', reason: '', supervisorId: 'sup-nigar', supervisorName: 'Nigar Əliyeva' };
export const KAMRAN = { supervisorId: 'sup-kamran', supervisorName: 'Kamran' };

const imei = (n: number) => {
  const body = `35${String(n).padStart(12, '0')}`;
  return body + luhnCheckDigit(body);
};
export const IMEI = { x: imei(1), y: imei(2), z: imei(3), w: imei(4) };

/** Builds one desk's ops in sequence: each op's time (UTC) is given; its clerk is the desk's. */
class DeskDay {
  readonly ops: SyncOp[] = [];
  constructor(readonly clerkId: string) {}
  add(kind: string, at: string, payload: Record<string, unknown> = {}): SyncOp {
    const id = uuidv7();
    const op = makeOp(this.ops.length + 1, kind, { operationId: id, clerkId: this.clerkId, createdAt: at, ...payload }, { id, createdAt: at, subject: `fin:5REP${this.ops.length}` });
    this.ops.push(op);
    return op;
  }
  visit(at: string): string {
    const visitId = uuidv7();
    this.add('visit.create', at, { visitId });
    return visitId;
  }
  pay(at: string, visitId: string, method: 'cash' | 'card' | 'free', lines: SyncOp[], freeReason: string | null = null): SyncOp {
    const ls = lines.map((o) => ({ operationId: o.id, kind: o.kind, amountMinor: o.payload.feeMinor as number }));
    const amountMinor = method === 'free' ? 0 : ls.reduce((s, l) => s + l.amountMinor, 0);
    return this.add('visit.pay', at, { paymentId: uuidv7(), visitId, method, freeReason, amountMinor, lines: ls });
  }
  shift(openedAt: string, closedAt: string, money: { float: number; cashTaken: number; cashRefunded: number; counted: number }, reason: string | null, approval: Record<string, unknown> | null): string {
    const shiftId = uuidv7();
    this.ops.splice(0, 0, makeOp(0, 'shift.open', { shiftId, clerkId: this.clerkId, openingFloatMinor: money.float, openedAt }, { createdAt: openedAt }));
    const expected = money.float + money.cashTaken - money.cashRefunded;
    this.add('shift.close', closedAt, {
      shiftId, openedAt, closedAt, openingFloatMinor: money.float, cashTakenMinor: money.cashTaken, cashRefundedMinor: money.cashRefunded,
      expectedMinor: expected, countedMinor: money.counted, differenceMinor: money.counted - expected, reason, approval,
      takings: [], operationCount: 0, voidCount: 0, stockCount: null,
    });
    return shiftId;
  }
  /** The ops numbered 1… in their order (the shift's open was put first). */
  numbered(): SyncOp[] {
    return this.ops.map((o, i) => ({ ...o, seq: i + 1 }));
  }
}

export interface ReportScenario {
  leylaId: string;
  shiftA1: string;
  shiftB1: string;
}

/** Pushes the scenario into a fresh server (offices, desks and a published clerk made here). */
export async function pushReportScenario(server: { db: Database; url: string }): Promise<ReportScenario> {
  await addOffice(server.db, OFFICE_A);
  await addOffice(server.db, OFFICE_B, 'operator');
  const leyla = await putClerk(server.db, { office: OFFICE_A, username: 'leyla', displayName: 'Leyla Həsənova', role: 'clerk', password: 'report-pass-1' });

  // Desk A-1, Leyla (a published account: reported by username), 1 December in Baku (UTC+4).
  const a1 = new DeskDay(leyla.id);
  const v1 = a1.visit('2026-12-01T05:05:00.000Z');
  const reg = a1.add('imei.register', '2026-12-01T05:10:00.000Z', { visitId: v1, feeMinor: 1500, imei: IMEI.x });
  const ext = a1.add('service.extend', '2026-12-01T05:20:00.000Z', { visitId: v1, feeMinor: 1500 });
  a1.pay('2026-12-01T05:25:00.000Z', v1, 'cash', [reg, ext]);
  const v2 = a1.visit('2026-12-01T06:00:00.000Z');
  const typed = { ...NIGAR, id: 'ap-typed', action: 'flows.iccid.typed', reason: 'chip unreadable' };
  const sale = a1.add('sim.sell', '2026-12-01T06:02:00.000Z', { visitId: v2, feeMinor: 500, msisdn: '+994557770001', iccid: '8999401000000000110', iccidSource: 'typed', approval: typed });
  a1.pay('2026-12-01T06:05:00.000Z', v2, 'card', [sale]);
  const v3 = a1.visit('2026-12-01T07:00:00.000Z');
  const waived = a1.add('service.extend', '2026-12-01T07:05:00.000Z', { visitId: v3, feeMinor: 1500 });
  a1.pay('2026-12-01T07:06:00.000Z', v3, 'free', [waived], 'pensioner');
  a1.add('op.void', '2026-12-01T08:00:00.000Z', {
    voidId: uuidv7(), operationId: ext.id, kind: 'service.extend', visitId: v1,
    approval: { ...NIGAR, id: 'ap-void', action: 'operation.void', reason: 'wrong number' },
    refund: { paymentId: uuidv7(), method: 'cash', amountMinor: -1500 }, undo: null,
  });
  const shiftA1 = a1.shift('2026-12-01T05:00:00.000Z', '2026-12-01T13:00:00.000Z', { float: 5000, cashTaken: 3000, cashRefunded: 1500, counted: 6400 }, 'change given twice', {
    ...NIGAR, id: 'ap-diff', action: 'shift.difference', reason: 'counted together',
  });

  // Desk A-2, a desk-local account (reported by its id): one IMEI by card, then KÖMİS at 00:30 on 2 December in Baku.
  const a2 = new DeskDay('clerk-rauf');
  const v4 = a2.visit('2026-12-01T09:00:00.000Z');
  const reg2 = a2.add('imei.register', '2026-12-01T09:05:00.000Z', { visitId: v4, feeMinor: 1500, imei: IMEI.y });
  a2.pay('2026-12-01T09:06:00.000Z', v4, 'card', [reg2]);
  const v5 = a2.visit('2026-12-01T20:29:00.000Z');
  a2.add('komis.register', '2026-12-01T20:30:00.000Z', { visitId: v5, feeMinor: 0 });
  a2.shift('2026-12-01T08:30:00.000Z', '2026-12-01T20:45:00.000Z', { float: 0, cashTaken: 0, cashRefunded: 0, counted: 0 }, null, null);

  // Desk B-1 of the operator's office, Aynur: two IMEIs another desk registered first (conflicts), one offline approval.
  const b1 = new DeskDay('clerk-aynur');
  const v6 = b1.visit('2026-12-01T10:00:00.000Z');
  const dupX = b1.add('imei.register', '2026-12-01T10:05:00.000Z', { visitId: v6, feeMinor: 1500, imei: IMEI.x });
  const offline = { level: 'approval-required', approvalId: 'ap-offline', reason: 'network down', ...KAMRAN };
  const ext2 = b1.add('service.extend', '2026-12-01T10:10:00.000Z', { visitId: v6, feeMinor: 1500, offline });
  b1.pay('2026-12-01T10:15:00.000Z', v6, 'cash', [dupX, ext2]);
  const v7 = b1.visit('2026-12-01T11:00:00.000Z');
  const dupY = b1.add('imei.register', '2026-12-01T11:05:00.000Z', { visitId: v7, feeMinor: 1500, imei: IMEI.y });
  b1.pay('2026-12-01T11:06:00.000Z', v7, 'card', [dupY]);
  const shiftB1 = b1.shift('2026-12-01T04:50:00.000Z', '2026-12-01T14:00:00.000Z', { float: 2000, cashTaken: 3000, cashRefunded: 0, counted: 5200 }, 'customer left the change', {
    id: 'ap-diff-b', action: 'shift.difference', reason: 'recounted', ...KAMRAN,
  });

  for (const [office, name, day] of [[OFFICE_A, 'A-1', a1], [OFFICE_A, 'A-2', a2], [OFFICE_B, 'B-1', b1]] as const) {
    const desk = await enrolNewDesk(server, office, name);
    const acks = (await desk.client.push(day.numbered())).acks;
    const unexpected = acks.filter((a) => a.status !== 'applied' && !(name === 'B-1' && a.status === 'conflict'));
    if (unexpected.length) throw new Error(`desk ${name}: ${JSON.stringify(unexpected)}`);
  }
  // The second IMEI conflict is decided (accepted); the first stays open.
  const conflicts = await listConflicts(server.db, { status: 'open' });
  const onY = conflicts.find((c) => c.opId === dupY.id);
  if (conflicts.length !== 2 || !onY) throw new Error(`expected the two IMEI conflicts, got ${JSON.stringify(conflicts)}`);
  await resolveConflict(server.db, onY.id, { resolution: 'accept', note: 'same customer', resolvedBy: 'admin' });
  return { leylaId: leyla.id, shiftA1, shiftB1 };
}
