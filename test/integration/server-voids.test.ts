// The server applies a voided operation (issue 12, deliver 1): a voided SIM duplicate binds the old SIM to the
// subscriber again, un-retires it (desks pull the row marked restored) and unbinds the new one; a void whose SIM has
// moved on since is a conflict and undoes nothing; a voided certificate issue revokes the certificate centrally and
// unbinds the SIM only when the issue itself bound it; a payment is stored as it came.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolNewDesk, makeOp, openDatabase, startServer, type RunningServer } from '../support/sync-server';
import type { SyncOp } from '../../common/sync/protocol';
import { uuidv7 } from '../../common/ids';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer(await openDatabase('pglite'));
}, 60_000);
afterAll(async () => {
  await server?.close();
  await server?.db.close();
});

const approval = { id: 'approval-1', action: 'operation.void', reason: 'customer changed mind', supervisorId: 'sup-1', supervisorName: 'Nigar' };

function voidOp(seq: number, target: SyncOp, undo: Record<string, unknown> | null, subject: string): SyncOp {
  return makeOp(seq, 'op.void', { voidId: uuidv7(), operationId: target.id, kind: target.kind, visitId: 'visit-1', clerkId: 'clerk-1', approval, refund: null, undo, createdAt: new Date().toISOString() }, { subject });
}

async function bindingsOf(msisdn: string): Promise<{ iccid: string; subscriber: string }[]> {
  return server.db.query<{ iccid: string; subscriber: string }>('SELECT iccid, subscriber FROM iccid_bindings WHERE msisdn = $1 ORDER BY iccid', [msisdn]);
}

describe('a voided SIM duplicate at the server', () => {
  it('restores the previous binding: the old SIM bound and no longer retired, the new one unbound; desks pull the restored row', async () => {
    const desk = await enrolNewDesk(server, 'Void Office');
    const subject = 'fin:5VOIDS1';
    const msisdn = '+994557780001';
    const [OLD, NEW] = ['8999401000000000300', '8999401000000000318'];
    const certificateId = uuidv7();
    const certStatus = async () => (await server.db.query<{ status: string }>('SELECT status FROM certificates WHERE certificate_id = $1', [certificateId]))[0].status;
    const sold = makeOp(1, 'sim.sell', { msisdn, iccid: OLD }, { subject });
    const cert = makeOp(2, 'cert.issue', { certificateId, msisdn, iccid: OLD }, { subject });
    const dup = makeOp(3, 'sim.duplicate', { msisdn, reason: 'damaged', oldIccid: OLD, newIccid: NEW, iccidSource: 'card' }, { subject });
    expect((await desk.client.push([sold, cert, dup])).acks.map((a) => a.status)).toEqual(['applied', 'applied', 'applied']);
    expect(await bindingsOf(msisdn)).toEqual([{ iccid: NEW, subscriber: subject }]);
    expect(await server.db.query('SELECT iccid FROM retired_iccids WHERE iccid = $1', [OLD])).toHaveLength(1);
    // The duplicate flagged the certificate on the old SIM for re-issue (DOMAIN.md §6).
    expect(await certStatus()).toBe('needs-reissue');

    const v = voidOp(4, dup, { kind: 'sim.duplicate', msisdn, newIccid: NEW, oldIccid: OLD }, subject);
    expect((await desk.client.push([v])).acks[0].status).toBe('applied');
    expect(await bindingsOf(msisdn)).toEqual([{ iccid: OLD, subscriber: subject }]);
    // The SIM it is on is the customer's again: the certificate stands, nothing to re-issue.
    expect(await certStatus()).toBe('active');
    expect(await server.db.query('SELECT iccid FROM retired_iccids WHERE iccid = $1', [OLD])).toEqual([]);
    const [stored] = await server.db.query<{ kind: string; status: string }>('SELECT kind, status FROM ops WHERE id = $1', [v.id]);
    expect(stored).toEqual({ kind: 'op.void', status: 'applied' });

    // The office's other desk pulls the un-retirement.
    const other = await enrolNewDesk(server, 'Void Office', 'desk-2');
    const rows: Record<string, unknown>[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await other.client.pull(cursor, 1000);
      rows.push(...page.changes.filter((c) => c.table === 'retired_iccids' && c.key === OLD).map((c) => c.row ?? {}));
      if (!page.more) break;
      cursor = page.cursor;
    }
    expect(rows.at(-1)).toMatchObject({ iccid: OLD, retiredAt: null });
    expect(typeof rows.at(-1)?.restoredAt).toBe('string');
  });

  it('a void whose new SIM has moved on since is a conflict (void_not_reversible) and undoes nothing', async () => {
    const desk = await enrolNewDesk(server, 'Void Office 2');
    const subject = 'fin:5VOIDS2';
    const msisdn = '+994557780002';
    const [A, B, C] = ['8999401000000000326', '8999401000000000334', '8999401000000000342'];
    const sold = makeOp(1, 'sim.sell', { msisdn, iccid: A }, { subject });
    const dup1 = makeOp(2, 'sim.duplicate', { msisdn, reason: 'damaged', oldIccid: A, newIccid: B, iccidSource: 'card' }, { subject });
    const dup2 = makeOp(3, 'sim.duplicate', { msisdn, reason: 'lost', oldIccid: B, newIccid: C, iccidSource: 'card' }, { subject });
    expect((await desk.client.push([sold, dup1, dup2])).acks.map((a) => a.status)).toEqual(['applied', 'applied', 'applied']);
    const v = voidOp(4, dup1, { kind: 'sim.duplicate', msisdn, newIccid: B, oldIccid: A }, subject);
    expect((await desk.client.push([v])).acks[0]).toMatchObject({ status: 'conflict', reason: 'void_not_reversible' });
    expect(await bindingsOf(msisdn)).toEqual([{ iccid: C, subscriber: subject }]);
    expect((await server.db.query<{ iccid: string }>('SELECT iccid FROM retired_iccids WHERE iccid = ANY($1) ORDER BY iccid', [[A, B]])).map((r) => r.iccid)).toEqual([A, B]);
  });
});

describe('other voids and the payment record', () => {
  it('a voided certificate issue revokes the certificate centrally', async () => {
    const desk = await enrolNewDesk(server, 'Void Office 3');
    const subject = 'fin:5VOIDS3';
    const certificateId = uuidv7();
    const issue = makeOp(1, 'cert.issue', { certificateId, msisdn: '+994557780003', iccid: '8999401000000000359' }, { subject });
    expect((await desk.client.push([issue])).acks[0].status).toBe('applied');
    expect((await desk.client.push([voidOp(2, issue, { kind: 'cert.issue', certificateId }, subject)])).acks[0].status).toBe('applied');
    const [c] = await server.db.query<{ status: string }>('SELECT status FROM certificates WHERE certificate_id = $1', [certificateId]);
    expect(c.status).toBe('revoked');
  });

  it('a voided certificate issue unbinds the SIM the issue bound (one the server did not know)', async () => {
    const desk = await enrolNewDesk(server, 'Void Office 5');
    const subject = 'fin:5VOIDS5';
    const msisdn = '+994557780005';
    const SIM = '8999401000000000367';
    const certificateId = uuidv7();
    const issue = makeOp(1, 'cert.issue', { certificateId, msisdn, iccid: SIM }, { subject });
    expect((await desk.client.push([issue])).acks[0].status).toBe('applied');
    expect(await bindingsOf(msisdn)).toEqual([{ iccid: SIM, subscriber: subject }]);
    const v = voidOp(2, issue, { kind: 'cert.issue', certificateId, iccid: SIM, msisdn }, subject);
    expect((await desk.client.push([v])).acks[0].status).toBe('applied');
    expect(await bindingsOf(msisdn)).toEqual([]);
    const [c] = await server.db.query<{ status: string }>('SELECT status FROM certificates WHERE certificate_id = $1', [certificateId]);
    expect(c.status).toBe('revoked');
    // Not office stock: the customer's SIM is not put on any shelf.
    expect(await server.db.query('SELECT code FROM stock_items WHERE code = $1', [SIM])).toEqual([]);
  });

  it('a SIM sold before the certificate issue stays bound when the issue is voided; an old desk’s void (no iccid) only revokes', async () => {
    const desk = await enrolNewDesk(server, 'Void Office 6');
    const subject = 'fin:5VOIDS6';
    const msisdn = '+994557780006';
    const SIM = '8999401000000000375';
    const [first, second] = [uuidv7(), uuidv7()];
    const sold = makeOp(1, 'sim.sell', { msisdn, iccid: SIM }, { subject });
    const issue = makeOp(2, 'cert.issue', { certificateId: first, msisdn, iccid: SIM, certType: 'ferdi' }, { subject });
    expect((await desk.client.push([sold, issue])).acks.map((a) => a.status)).toEqual(['applied', 'applied']);
    const v = voidOp(3, issue, { kind: 'cert.issue', certificateId: first, iccid: SIM, msisdn }, subject);
    expect((await desk.client.push([v])).acks[0].status).toBe('applied');
    expect(await bindingsOf(msisdn)).toEqual([{ iccid: SIM, subscriber: subject }]);
    expect((await server.db.query<{ status: string }>('SELECT status FROM certificates WHERE certificate_id = $1', [first]))[0].status).toBe('revoked');

    // A desk older than the undo's iccid: the payload still validates, the certificate is revoked, the SIM untouched.
    const again = makeOp(4, 'cert.issue', { certificateId: second, msisdn, iccid: SIM, certType: 'ferdi' }, { subject });
    const oldVoid = voidOp(5, again, { kind: 'cert.issue', certificateId: second }, subject);
    expect((await desk.client.push([again, oldVoid])).acks.map((a) => a.status)).toEqual(['applied', 'applied']);
    expect((await server.db.query<{ status: string }>('SELECT status FROM certificates WHERE certificate_id = $1', [second]))[0].status).toBe('revoked');
    expect(await bindingsOf(msisdn)).toEqual([{ iccid: SIM, subscriber: subject }]);
  });

  it('a voided certificate issue whose SIM has moved on since (a later duplicate) unbinds nothing', async () => {
    const desk = await enrolNewDesk(server, 'Void Office 7');
    const subject = 'fin:5VOIDS7';
    const msisdn = '+994557780007';
    const [SIM, NEW] = ['8999401000000000383', '8999401000000000391'];
    const certificateId = uuidv7();
    const issue = makeOp(1, 'cert.issue', { certificateId, msisdn, iccid: SIM }, { subject });
    const dup = makeOp(2, 'sim.duplicate', { msisdn, reason: 'damaged', oldIccid: SIM, newIccid: NEW, iccidSource: 'card' }, { subject });
    const v = voidOp(3, issue, { kind: 'cert.issue', certificateId, iccid: SIM, msisdn }, subject);
    expect((await desk.client.push([issue, dup, v])).acks.map((a) => a.status)).toEqual(['applied', 'applied', 'applied']);
    expect(await bindingsOf(msisdn)).toEqual([{ iccid: NEW, subscriber: subject }]);
    expect((await server.db.query<{ status: string }>('SELECT status FROM certificates WHERE certificate_id = $1', [certificateId]))[0].status).toBe('revoked');
  });

  it('stores a visit.pay as it came; refuses one without lines', async () => {
    const desk = await enrolNewDesk(server, 'Void Office 4');
    const pay = makeOp(1, 'visit.pay', { paymentId: uuidv7(), method: 'cash' }, { subject: 'fin:5VOIDS4' });
    const empty = makeOp(2, 'visit.pay', { paymentId: uuidv7(), lines: [] }, { subject: 'fin:5VOIDS4' });
    expect((await desk.client.push([pay, empty])).acks.map((a) => [a.status, a.reason ?? null])).toEqual([
      ['applied', null],
      ['rejected', 'invalid_payload'],
    ]);
    const [stored] = await server.db.query<{ payload: { method: string; amountMinor: number } }>('SELECT payload FROM ops WHERE id = $1', [pay.id]);
    expect(stored.payload).toMatchObject({ method: 'cash', amountMinor: 700 });
  });
});
