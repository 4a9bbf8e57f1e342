// The server's customer look-up (issue 9) on PGlite and PostgreSQL: every statement of a look-up runs on an index
// (with sequential scans disabled, no plan falls back to one or reads an index whole), the answer names each record's
// office, and a look-up subscribes the office: later changes to the customer made by another office come down its
// pull — also one whose transaction was still open when the office subscribed (PostgreSQL).
import { beforeAll, describe, expect, it } from 'vitest';
import type { Queryable } from '../../server/db/adapter';
import { customerSummary, lookupCustomer, resolveCustomerKey } from '../../server/store/customers';
import { putRow } from '../../server/store/changes';
import { customerLookupKinds, type CustomerQuery } from '../../common/sync/customers';
import { postgresForFile, serverForSuite } from '../support/server-suites';
import { approvedResolution, enrolNewDesk, makeOp, uuidv7, type Backend, type RunningServer } from '../support/sync-server';
import { waitFor } from '../support/wait';

const postgres = postgresForFile();
const FIN = '3QRSTU1';
const KEY = `fin:${FIN}`;
const identity = { kind: 'citizen', fin: FIN, documentNumber: 'AA3330001', surname: 'HƏSƏNOV', givenName: 'ORXAN', patronymic: '', birthDate: '1980-01-02', expiryDate: '2031-01-01' };
const ICCID = '8999401333000000017';
const NUMBER = '+994553330001';
const IMEI = '356938035643809';

/** A Queryable that keeps every statement it runs (with its parameters) for EXPLAIN. */
function recording(db: Queryable): Queryable & { statements: { sql: string; params: unknown[] }[] } {
  const statements: { sql: string; params: unknown[] }[] = [];
  return {
    statements,
    query: (sql, params = []) => {
      statements.push({ sql, params });
      return db.query(sql, params);
    },
    exec: (sql) => db.exec(sql),
  };
}

describe.each<Backend>(['pglite', 'postgres'])('customer look-up on %s', (backend) => {
  const suiteServer = serverForSuite(backend, postgres, 'suite_customers');
  let server: RunningServer;
  let asxm: Awaited<ReturnType<typeof enrolNewDesk>>;
  let operator: Awaited<ReturnType<typeof enrolNewDesk>>;
  beforeAll(async () => {
    server = suiteServer();
    asxm = await enrolNewDesk(server, 'ASXM Gəncə');
    operator = await enrolNewDesk(server, 'Azercell Gəncə');
    const visitId = uuidv7();
    const ops = [
      makeOp(1, 'visit.create', { visitId, identity }, { subject: KEY }),
      makeOp(2, 'sim.sell', { fin: FIN, visitId, iccid: ICCID, msisdn: NUMBER }),
      makeOp(3, 'imei.register', { fin: FIN, visitId, imei: IMEI, imei2: null, msisdn: NUMBER, noticeCode: 'IM2026120100333' }),
      makeOp(4, 'service.activate', { fin: FIN, visitId, msisdn: NUMBER }),
      makeOp(5, 'visit.close', { visitId, reason: 'receipt', clerkId: 'clerk-1', closedAt: new Date().toISOString() }, { subject: KEY }),
    ];
    expect((await asxm.client.push(ops)).acks.map((a) => a.status)).toEqual(ops.map(() => 'applied'));
  });

  it('finds the customer by every identifier, naming the office of each record', async () => {
    const queries: CustomerQuery[] = [
      { by: 'fin', value: FIN }, { by: 'document', value: 'AA3330001' }, { by: 'iccid', value: ICCID }, { by: 'msisdn', value: '0553330001' }, { by: 'imei', value: IMEI }, { by: 'key', value: KEY },
    ];
    expect(queries.map((q) => q.by).sort()).toEqual([...customerLookupKinds].sort());
    for (const q of queries) {
      const r = await operator.client.customer(q);
      expect(r.summary?.customer, JSON.stringify(q)).toMatchObject({ key: KEY, surname: 'HƏSƏNOV', documents: [{ type: 'id-card', number: 'AA3330001', officeName: 'ASXM Gəncə' }] });
    }
    const { summary } = await operator.client.customer({ by: 'fin', value: FIN });
    expect(summary!.sims).toEqual([expect.objectContaining({ iccid: ICCID, msisdn: NUMBER, state: 'bound', officeName: 'ASXM Gəncə' })]);
    expect(summary!.services).toEqual([expect.objectContaining({ kind: 'service.activate', msisdn: NUMBER, officeName: 'ASXM Gəncə' })]);
    expect(summary!.imeiRegistrations).toEqual([expect.objectContaining({ imei: IMEI, noticeCode: 'IM2026120100333' })]);
    expect(summary!.visits).toEqual([expect.objectContaining({ state: 'closed', officeName: 'ASXM Gəncə' })]);
    expect(await operator.client.customer({ by: 'imei', value: '490154203237518' })).toMatchObject({ summary: null });
    await expect(operator.client.customer({ by: 'iccid', value: '12' })).rejects.toMatchObject({ status: 400 });
  });

  it('finds a foreigner by passport, residence permit (İ or I) and personal code', async () => {
    const foreigner = {
      kind: 'foreigner', passportNumber: 'C01X00T47', nationality: 'DEU', surname: 'MUSTERMANN', givenName: 'ERIKA', birthDate: '1984-08-12',
      passportExpiry: '2031-10-31', residencePermitNumber: 'MYİ1234567', residencePermitExpiry: '2027-10-31', personalCode: '5AB12',
    };
    const key = 'passport:DEU:C01X00T47';
    const [ack] = (await asxm.client.push([makeOp(6, 'visit.create', { visitId: uuidv7(), identity: foreigner }, { subject: key })])).acks;
    expect(ack.status).toBe('applied');
    for (const q of [{ by: 'document', value: 'C01X00T47' }, { by: 'document', value: 'myi1234567' }, { by: 'fin', value: '5ab12' }, { by: 'key', value: key }] as const) {
      const { summary } = await operator.client.customer(q);
      expect(summary?.customer, JSON.stringify(q)).toMatchObject({ key, kind: 'foreigner', nationality: 'DEU', personalCode: '5AB12', surname: 'MUSTERMANN' });
    }
    const { summary } = await operator.client.customer({ by: 'key', value: key });
    expect(summary!.customer.documents.map((d) => [d.type, d.number])).toEqual([['passport', 'C01X00T47'], ['residence-permit', 'MYİ1234567']]);
  });

  it('runs every statement of a look-up on an index', async () => {
    const rec = recording(server.db);
    for (const by of customerLookupKinds) {
      const value = { fin: FIN, document: 'AA3330001', iccid: ICCID, msisdn: NUMBER, imei: IMEI, key: KEY }[by];
      expect(await resolveCustomerKey(rec, { by, value })).toBe(KEY);
    }
    await customerSummary(rec, KEY);
    expect(rec.statements.length).toBe(customerLookupKinds.length + 4);
    for (const s of rec.statements) {
      const plan = await server.db.transaction(async (tx) => {
        await tx.query('SET LOCAL enable_seqscan = off');
        return (await tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${s.sql}`, s.params)).map((r) => r['QUERY PLAN']).join('\n');
      });
      expect(plan, s.sql).not.toMatch(/Seq Scan/);
      // An index read whole (no condition) is a sequential scan in disguise: every index scan has its condition.
      expect(plan.match(/\b(Bitmap Index Scan|Index Only Scan|Index Scan)\b/g)?.length ?? 0, plan).toBe(plan.match(/Index Cond:/g)?.length ?? 0);
    }
  });

  it('a look-up subscribes the office: a later change by another office comes down its pull', async () => {
    await operator.client.customer({ by: 'fin', value: FIN });
    let cursor: string | undefined;
    const drain = async () => {
      const got: { table: string; row: Record<string, unknown> | null }[] = [];
      for (;;) {
        const r = await operator.client.pull(cursor, 1000);
        cursor = r.cursor;
        got.push(...r.changes);
        if (!r.more) return got;
      }
    };
    await drain();
    const visitId = uuidv7();
    await asxm.client.push([makeOp(7, 'visit.create', { visitId, identity }, { subject: KEY })]);
    const pulled = await drain();
    expect(pulled.filter((c) => c.table === 'customer_records').map((c) => c.row?.payload)).toContainEqual(expect.objectContaining({ visitId }));
  });

  it('a conflict a supervisor accepts for the desk stands as applied: in the look-up, and down the pull of every office that keeps the customer', async () => {
    // The SIM is bound to HƏSƏNOV (op 2); the operator office sells it to another person: a conflict.
    const fin = '3QRSTU2';
    const key = `fin:${fin}`;
    const sale = makeOp(1, 'sim.sell', { fin, visitId: uuidv7(), iccid: ICCID, msisdn: '+994553330002' });
    const [ack] = (await operator.client.push([sale])).acks;
    expect(ack).toMatchObject({ status: 'conflict', reason: 'iccid_bound_elsewhere' });
    await asxm.client.customer({ by: 'key', value: key });
    const statusIn = async (desk: typeof asxm, cursor: { at?: string }) => {
      let status: unknown;
      for (;;) {
        const r = await desk.client.pull(cursor.at, 1000);
        cursor.at = r.cursor;
        for (const c of r.changes) if (c.table === 'customer_records' && c.key === sale.id) status = c.row?.status;
        if (!r.more) return status;
      }
    };
    const [mine, theirs] = [{}, {}];
    expect(await statusIn(operator, mine)).toBe('conflict');
    expect(await statusIn(asxm, theirs)).toBe('conflict');
    expect((await operator.client.customer({ by: 'key', value: key })).summary!.sims).toEqual([]);

    await operator.client.resolveConflict(ack.conflictId!, await approvedResolution(server, operator, ack.conflictId!, 'accept', 'Sold first at the operator office'));
    expect(await statusIn(operator, mine)).toBe('applied');
    expect(await statusIn(asxm, theirs)).toBe('applied');
    const { summary } = await operator.client.customer({ by: 'key', value: key });
    expect(summary!.sims).toEqual([expect.objectContaining({ iccid: ICCID, state: 'bound', officeName: 'Azercell Gəncə' })]);
  });

  it.runIf(backend === 'postgres')('a change whose transaction was open while the office subscribed still comes down', async () => {
    const other = await enrolNewDesk(server, 'Nar Gəncə');
    let commit!: () => void;
    const held = new Promise<void>((resolve) => (commit = resolve));
    const certId = uuidv7();
    let written!: () => void;
    const wrote = new Promise<void>((resolve) => (written = resolve));
    const writer = server.db.transaction(async (tx) => {
      const row = { id: certId, subject: KEY, holderName: 'HƏSƏNOV ORXAN', type: 'ferdi', msisdn: NUMBER, iccid: ICCID, validFrom: '2026-12-01', validTo: '2029-11-30', status: 'active', issuedAt: new Date().toISOString(), operationId: uuidv7(), replacesId: null };
      await putRow(tx, { table: 'certificates', key: certId, officeId: asxm.officeId, row });
      written();
      await held;
    });
    await wrote;
    // The look-up subscribes Nar Gəncə while the certificate's transaction is open; it waits for that transaction.
    const looking = lookupCustomer(server.db, other.officeId, { by: 'fin', value: FIN }, Date.now);
    await waitFor(async () => (await server.db.query('SELECT 1 FROM office_customers WHERE office_id = $1', [other.officeId])).length > 0);
    commit();
    await writer;
    await looking;
    const seen: string[] = [];
    let cursor: string | undefined;
    for (;;) {
      const r = await other.client.pull(cursor, 1000);
      cursor = r.cursor;
      seen.push(...r.changes.filter((c) => c.table === 'certificates').map((c) => c.key));
      if (!r.more) break;
    }
    expect(seen).toContain(certId);
  });
});
