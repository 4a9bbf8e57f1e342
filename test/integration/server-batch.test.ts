/**
 * A pushed batch is one transaction (issue 9, item 8), decided on the batch's central state in memory. The same ops
 * must end the same whether pushed one per request or in one batch, on PGlite and on PostgreSQL: every rule path, each
 * op seeing what the batch's earlier ops did (a SIM bound, retired, a POA revoked, an IMEI or code registered).
 * Then: an op the database refuses fails alone; the statements of a batch do not grow with its size; two batches
 * locking the same keys in opposite order do not deadlock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncClient } from '../../common/sync/client';
import { SyncHttpError } from '../../common/sync/client';
import type { SyncOp } from '../../common/sync/protocol';
import type { Database, Queryable } from '../../server/db/adapter';
import { applyPush } from '../../server/store/push';
import { postgresForFile } from '../support/server-suites';
import { enrolNewDesk, makeOp, openDatabase, startServer, uuidv7, type Backend, type RunningServer } from '../support/sync-server';
import { mixedOps } from '../support/mixed-ops';

const pg = postgresForFile();

const A = 'fin:AAAAAA1';
const B = 'fin:BBBBBB2';
const C = 'fin:CCCCCC3';
const iccid = (n: number) => `89994010000009000${String(n).padStart(2, '0')}`;
const msisdn = (n: number) => `+9945590000${String(n).padStart(2, '0')}`;
const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 9, minute)).toISOString();
const P0 = uuidv7();
const VOEN1 = '1400000081';
const VOEN2 = '1400000101';
const P1 = uuidv7();

function op(seq: number, kind: string, subject: string, payload: Record<string, unknown>, over: Partial<SyncOp> = {}): SyncOp {
  return makeOp(seq, kind, payload, { subject, createdAt: at(seq), ...over });
}

/** What another desk did before: B's SIM and certificate on a number, an IMEI, a KÖMİS code, a POA revoked at 08:00. */
const before: SyncOp[] = [
  op(1, 'sim.sell', B, { iccid: iccid(90), msisdn: msisdn(90) }),
  op(2, 'cert.issue', B, { certificateId: 'cert-b', iccid: iccid(90), msisdn: msisdn(90) }),
  op(3, 'imei.register', B, { imei: '350000000000090', imei2: null }),
  op(4, 'komis.register', B, { subscriberCode: '5000000090' }),
  op(5, 'poa.create', B, { poaId: P0 }),
  op(6, 'poa.revoke', B, { poaId: P0, reason: 'first' }, { createdAt: '2026-12-01T08:00:00.000Z' }),
  op(7, 'sim.sell', B, { iccid: iccid(91), msisdn: msisdn(91) }),
  op(8, 'cert.issue', B, { certificateId: 'cert-b-biz', certType: 'biznes', voen: VOEN1, iccid: iccid(91), msisdn: msisdn(91) }),
];

/** Every rule path, many of them meeting an earlier op of the same batch. */
function dayOps(): SyncOp[] {
  const ops = [
    op(1, 'sim.sell', A, { iccid: iccid(1), msisdn: msisdn(1) }),
    op(2, 'sim.sell', C, { iccid: iccid(1), msisdn: msisdn(2) }), // bound to A by op 1
    op(3, 'sim.sell', C, { iccid: iccid(2), msisdn: msisdn(1) }), // A's number
    op(4, 'cert.issue', A, { certificateId: 'cert-a1', iccid: iccid(1), msisdn: msisdn(1) }),
    op(5, 'sim.duplicate', A, { msisdn: msisdn(1), oldIccid: iccid(1), newIccid: iccid(3) }), // retires 1, flags cert-a1
    op(6, 'sim.sell', A, { iccid: iccid(1), msisdn: msisdn(1) }), // retired by op 5
    op(7, 'cert.reissue', A, { certificateId: 'cert-a2', replaces: 'cert-a1', iccid: iccid(3), msisdn: msisdn(1) }),
    op(8, 'sim.duplicate', A, { msisdn: msisdn(1), oldIccid: null, newIccid: iccid(4) }), // retires 3, found from the number
    op(9, 'sim.duplicate', C, { msisdn: msisdn(1), oldIccid: null, newIccid: iccid(5) }), // the number's SIM is A's
    op(10, 'sim.sell', A, { iccid: iccid(90), msisdn: msisdn(10) }), // B's, from before
    op(11, 'sim.duplicate', B, { msisdn: msisdn(90), oldIccid: iccid(90), newIccid: iccid(6) }), // flags cert-b, loaded
    op(12, 'imei.register', A, { imei: '350000000000012', imei2: null }),
    op(13, 'imei.register', C, { imei: '350000000000013', imei2: '350000000000012' }), // op 12's
    op(14, 'imei.register', C, { imei: '350000000000090', imei2: null }), // from before
    op(15, 'komis.register', A, { subscriberCode: '5000000015' }),
    op(16, 'komis.register', C, { subscriberCode: '5000000015' }),
    op(17, 'komis.register', C, { subscriberCode: '5000000090' }),
    op(18, 'poa.create', A, { poaId: P1 }),
    op(19, 'service.extend', C, { poaId: P1 }), // before the revocation: stands
    op(20, 'poa.revoke', A, { poaId: P1, reason: 'in batch' }),
    op(21, 'service.extend', C, { poaId: P1 }), // after op 20's revocation
    op(22, 'service.extend', C, { poaId: P0 }), // revoked before
    op(23, 'poa.revoke', A, { poaId: P0, reason: 'again' }), // later: the first time stands
    op(24, 'service.activate', A, { pin: '1234' }),
    op(25, 'no.such', A, {}),
    op(26, 'sim.sell', A, { iccid: 'x' }),
    op(27, 'cert.issue', A, { certificateId: 'cert-a3', iccid: iccid(4), msisdn: msisdn(1) }), // cert-a2 (op 7) is active there
    op(28, 'sim.sell', C, { iccid: iccid(7), msisdn: msisdn(7) }),
    op(29, 'cert.issue', C, { certificateId: 'cert-c-biz', certType: 'biznes', voen: VOEN1, iccid: iccid(7), msisdn: msisdn(7) }), // B's company, from before
    op(30, 'sim.sell', A, { iccid: iccid(9), msisdn: msisdn(9) }),
    op(31, 'cert.issue', A, { certificateId: 'cert-a-biz', certType: 'biznes', voen: VOEN2, iccid: iccid(9), msisdn: msisdn(9) }),
    op(32, 'sim.sell', C, { iccid: iccid(8), msisdn: msisdn(8) }),
    op(33, 'cert.issue', C, { certificateId: 'cert-c-biz2', certType: 'biznes', voen: VOEN2, iccid: iccid(8), msisdn: msisdn(8) }), // op 31's company
  ];
  return [
    ...ops,
    { ...ops[1], seq: 34 }, // the same op again, later in the batch
    op(5, 'visit.create', A, {}), // a seq already taken
    op(37, 'visit.create', A, {}),
    op(38, 'visit.create', A, {}),
  ];
}

/** The central state with what may differ between two runs (times of now(), random conflict ids, office ids) left out. */
async function centralState(db: Queryable): Promise<Record<string, unknown>> {
  const q = (sql: string) => db.query(sql);
  const rows = await db.query<{ table_name: string; key: string; row: Record<string, unknown> }>(`SELECT table_name, key, row FROM central_rows WHERE NOT deleted`);
  const central = rows.map(({ table_name, key, row: { officeId: _o, deskId: _d, ...row } }) => {
    // An office's profile row is keyed by its office id (random per server): compared by what it says.
    if (table_name === 'office_profile') return { table_name, key: `office:${JSON.stringify(row)}`, row };
    if (table_name !== 'conflicts') return { table_name, key, row };
    const { id: _id, createdAt: _c, details, ...rest } = row as { details: Record<string, unknown> } & Record<string, unknown>;
    const { boundAt: _b, boundByOfficeId: _bo, issuedByOfficeId: _io, ...kept } = details;
    return { table_name, key: `op:${String(row.opId)}`, row: { ...rest, details: kept } };
  });
  return {
    central: central.sort((a, b) => `${a.table_name}/${a.key}`.localeCompare(`${b.table_name}/${b.key}`)),
    ops: await q(`SELECT id, seq::int, kind, subject, status, reason, payload FROM ops ORDER BY id`),
    bindings: await q(`SELECT iccid, subscriber, msisdn, op_id FROM iccid_bindings ORDER BY iccid`),
    retired: await q(`SELECT iccid, retired_at, op_id FROM retired_iccids ORDER BY iccid`),
    revocations: await q(`SELECT poa_id, revoked_at, reason FROM poa_revocations ORDER BY poa_id`),
    poas: await q(`SELECT poa_id, op_id, row FROM poas ORDER BY poa_id`),
    certificates: await q(`SELECT certificate_id, subject, msisdn, iccid, voen, status, op_id, row FROM certificates ORDER BY certificate_id`),
    imeis: await q(`SELECT imei, op_id, notice_code FROM imei_registrations ORDER BY imei`),
    komis: await q(`SELECT subscriber_code, op_id FROM komis_registrations ORDER BY subscriber_code`),
    conflicts: await q(`SELECT op_id, seq::int, reason, status FROM conflicts ORDER BY op_id`),
  };
}

describe.each<Backend>(['pglite', 'postgres'])('a pushed batch on %s', (backend) => {
  const servers: RunningServer[] = [];
  afterAll(async () => {
    for (const s of servers) await s.close().then(() => s.db.close());
  });
  async function freshServer(name: string): Promise<RunningServer> {
    const server = await startServer(await openDatabase(backend, backend === 'postgres' ? await pg().createDatabase(name) : undefined));
    servers.push(server);
    return server;
  }
  let shared: RunningServer | undefined;
  const sharedServer = async () => (shared ??= await freshServer('shared'));
  async function withHistory(name: string): Promise<{ server: RunningServer; desk: SyncClient }> {
    const server = await freshServer(name);
    const other = await enrolNewDesk(server, 'Batch Office', 'other');
    await other.client.push(before);
    return { server, desk: (await enrolNewDesk(server, 'Batch Office', 'desk')).client };
  }

  it('ends exactly as the same ops pushed one per request', async () => {
    const one = await withHistory('one_by_one');
    const batch = await withHistory('one_batch');
    const ops = dayOps();
    const acksOne = [];
    for (const o of ops) acksOne.push(...(await one.desk.push([o])).acks);
    const acksBatch = (await batch.desk.push(ops)).acks;
    const comparable = (acks: typeof acksBatch) => acks.map(({ conflictId, ...a }) => ({ ...a, conflict: !!conflictId })).sort((x, y) => x.seq - y.seq || x.id.localeCompare(y.id));
    expect(comparable(acksBatch)).toEqual(comparable(acksOne));
    // The paths were all taken.
    expect(new Set(acksBatch.map((a) => a.reason ?? a.status))).toEqual(
      new Set(['applied', 'iccid_bound_elsewhere', 'msisdn_bound_elsewhere', 'iccid_retired', 'imei_registered_elsewhere', 'komis_code_taken', 'poa_revoked', 'certificate_already_active', 'company_certificate_active', 'secret_in_payload', 'unknown_kind', 'invalid_payload', 'conflict:iccid_bound_elsewhere', 'seq_taken', 'gap']),
    );
    expect(await centralState(batch.server.db)).toEqual(await centralState(one.server.db));
  });

  it('an op the database refuses fails alone: the ops before it are stored, the ones after it wait', async () => {
    const server = await sharedServer();
    const desk = await enrolNewDesk(server, 'Poison Office');
    await server.db.exec(`
      CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.subject = 'fin:POISON1' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$;
      CREATE TRIGGER refuse_poison BEFORE INSERT ON ops FOR EACH ROW EXECUTE FUNCTION refuse_poison();`);
    const ops = mixedOps(1, 22);
    ops[14] = { ...ops[14], subject: 'fin:POISON1' };
    const e = await desk.client.push(ops).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SyncHttpError);
    expect((e as SyncHttpError).status).toBe(500);
    const stored = await server.db.query<{ seq: number }>('SELECT seq::int AS seq FROM ops WHERE desk_id = $1 ORDER BY seq', [desk.deskId]);
    expect(stored.map((r) => r.seq)).toEqual(ops.slice(0, 14).map((o) => o.seq));
    await server.db.exec('DROP TRIGGER refuse_poison ON ops');
    const again = await desk.client.push(ops);
    expect(again.acks.map((a) => a.status)).toEqual([...ops.slice(0, 14).map(() => 'duplicate'), ...ops.slice(14).map(() => 'applied')]);
  });

  it('takes as many statements for 440 ops as for 11', async () => {
    const server = await sharedServer();
    const { deskId, officeId } = await enrolNewDesk(server, 'Count Office');
    let statements = 0;
    const counting = (q: Queryable): Queryable => ({ exec: q.exec, query: (sql, params) => (statements++, q.query(sql, params)) });
    const db: Database = { ...server.db, query: counting(server.db).query, transaction: (fn) => server.db.transaction((tx) => fn(counting(tx))) };
    const desk = { id: deskId, officeId, name: 'desk', deskKey: '', highestSeq: 0 };
    const count = async (ops: SyncOp[]) => {
      statements = 0;
      const r = await applyPush(db, desk, ops);
      expect(r.acks.every((a) => a.status === 'applied')).toBe(true);
      return statements;
    };
    const small = await count(mixedOps(1, 11));
    expect(await count(mixedOps(12, 440))).toBe(small);
  });
});

describe('batches sharing keys on PostgreSQL', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(await openDatabase('postgres', await pg().createDatabase('shared_keys')));
  });
  afterAll(async () => {
    await server?.close();
    await server?.db.close();
  });

  it('two desks binding the same SIMs in opposite order at once: no deadlock, each SIM bound once', async () => {
    const a = await enrolNewDesk(server, 'Order Office', 'a');
    const b = await enrolNewDesk(server, 'Order Office', 'b');
    for (let round = 0; round < 4; round++) {
      const sims = Array.from({ length: 150 }, (_, i) => ({ iccid: `8999401000007${round}${String(i).padStart(5, '0')}`, msisdn: `+99455${round}${String(i).padStart(6, '0')}` }));
      const sell = (subject: string, list: typeof sims, first: number) => list.map((s, i) => makeOp(first + i, 'sim.sell', s, { subject }));
      const [ra, rb] = await Promise.all([a.client.push(sell(A, sims, round * 150 + 1)), b.client.push(sell(C, [...sims].reverse(), round * 150 + 1))]);
      const won = [...ra.acks, ...rb.acks].filter((x) => x.status === 'applied');
      expect(won).toHaveLength(sims.length);
      const [bound] = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM iccid_bindings WHERE iccid = ANY($1::text[])', [sims.map((s) => s.iccid)]);
      expect(bound.n).toBe(sims.length);
    }
  });
});
