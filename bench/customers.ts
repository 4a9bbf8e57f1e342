/**
 * Customers across offices (issue 9, item 11), each against a raw baseline in the same run and database:
 *
 * - Look-up round trip: a desk of another office asks `GET /v1/customers?by=fin` for customers it has never seen
 *   (signed HTTP, the desk's authentication, one resolving statement, the office's subscription with the copy of the
 *   customer's earlier rows, four summary reads, the summary built and validated by the client), against one raw
 *   indexed SELECT of the same customer's ops (`ops WHERE subject = $1`). Alternating, so both see the same load.
 * - Replica pull: a new desk of an office holding 100 000 pullable records (customer records of a desk's day,
 *   test/support/mixed-ops.ts) pulls them all with its sync worker (pages of 1000, applied to the desk's encrypted
 *   SQLite: version check, central row, the customer replica's tables), against a raw keyset SELECT of the same rows
 *   (an activity record's payload joined from its op, as the pull builds it) in pages of 1000 plus a raw prepared
 *   INSERT of them into a table of the same desk database.
 *
 * PGlite always; PostgreSQL when installed (or DATABASE_URL).
 */
import { randomUUID } from 'node:crypto';
import { TestPostgres, findPostgresBin } from '../test/support/postgres';
import { enrolNewDesk, openDatabase, startServer, type Backend } from '../test/support/sync-server';
import { mixedOps } from '../test/support/mixed-ops';
import { openDesk, removeDir } from '../test/support/desk';
import { withTx } from '../electron/main/db/database';
import { createEnrolmentCode } from '../server/store/offices';
import type { Database } from '../server/db/adapter';
import type { SyncOp } from '../common/sync/protocol';
import { fmt, percentile } from './stats';

export interface CustomersBenchResult {
  backend: Backend;
  lookups: number;
  lookupP50Ms: number;
  lookupP95Ms: number;
  rawSelectP50Ms: number;
  rawSelectP95Ms: number;
  /** look-up p50 / raw SELECT p50 */
  lookupRatio: number;
  pulledRecords: number;
  pullMs: number;
  pullRecordsPerSec: number;
  rawRecordsPerSec: number;
  /** worker pull / raw read + insert */
  pullRatio: number;
}

/** The op rows of `ops` stored straight (the raw path; migration 006's trigger still makes the customer records). */
async function insertRaw(db: Database, desk: { deskId: string; officeId: string }, ops: SyncOp[]): Promise<void> {
  for (let i = 0; i < ops.length; i += 500) {
    const chunk = ops.slice(i, i + 500);
    const params: unknown[] = [];
    const values = chunk.map((op, j) => {
      params.push(op.id, desk.deskId, desk.officeId, op.seq, op.kind, op.subject, op.createdAt, JSON.stringify(op.payload));
      const b = j * 8;
      return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7}, $${b + 8}::jsonb, 'applied')`;
    });
    await db.transaction((tx) => tx.query(`INSERT INTO ops (id, desk_id, office_id, seq, kind, subject, created_at, payload, status) VALUES ${values.join(', ')}`, params));
  }
}

async function benchOne(backend: Backend, postgresUrl: string | undefined, lookups: number, records: number): Promise<CustomersBenchResult> {
  const db = await openDatabase(backend, postgresUrl);
  const server = await startServer(db);
  const deskDirs: string[] = [];
  try {
    const asxm = await enrolNewDesk(server, `Bench ASXM ${backend}`);
    const operator = await enrolNewDesk(server, `Bench Operator ${backend}`);
    // Customers with every kind of record, through the server (projections: certificates, SIMs, POAs).
    const pushed = mixedOps(1, Math.max(lookups + 20, 200) * 11);
    for (let i = 0; i < pushed.length; i += 500) await asxm.client.push(pushed.slice(i, i + 500));
    const fins = [...new Set(pushed.map((o) => o.subject.slice(4)))];

    // Warm-up (plans, JIT, connection pool) on customers outside the measured ones.
    for (const fin of fins.slice(0, 10)) {
      await operator.client.customer({ by: 'fin', value: fin });
      await db.query('SELECT id, kind, payload, created_at FROM ops WHERE subject = $1', [`fin:${fin}`]);
    }
    const lookupMs: number[] = [];
    const rawMs: number[] = [];
    for (const fin of fins.slice(10, 10 + lookups)) {
      let t0 = performance.now();
      const r = await operator.client.customer({ by: 'fin', value: fin });
      lookupMs.push(performance.now() - t0);
      if (!r.summary || r.summary.certificates.length === 0) throw new Error(`look-up of ${fin} found ${JSON.stringify(r).slice(0, 200)}`);
      t0 = performance.now();
      await db.query('SELECT id, kind, payload, created_at FROM ops WHERE subject = $1', [`fin:${fin}`]);
      rawMs.push(performance.now() - t0);
    }
    lookupMs.sort((a, b) => a - b);
    rawMs.sort((a, b) => a - b);

    // The office's pullable rows, filled up to `records` with further days of the same desk (raw inserts).
    const pullable = async () =>
      Number((await db.query<{ n: string }>('SELECT count(*)::text AS n FROM changes WHERE office_id IS NULL OR office_id = $1', [asxm.officeId]))[0].n);
    let seq = 1_000_000;
    for (let have = await pullable(); have < records; have = await pullable()) {
      // About 8 customer records per 11 ops of a desk's day.
      const ops = mixedOps(seq, Math.min(20_000, Math.ceil(((records - have) * 11) / 8) + 11));
      seq += ops.length;
      await insertRaw(db, asxm, ops);
    }
    const total = await pullable();

    const desk = await openDesk({ name: `bench-pull-${backend}`, sync: { pollIntervalMs: 600_000, pullPageSize: 1000, requestTimeoutMs: 60_000 } });
    deskDirs.push(desk.dataDir);
    try {
      const { code } = await createEnrolmentCode(db, `Bench ASXM ${backend}`);
      await desk.services.sync.enrol({ serverUrl: server.url, code });
      let t0 = performance.now();
      const r = await desk.services.sync.syncNow();
      const pullMs = performance.now() - t0;
      if (!r.ok || r.pulled < total) throw new Error(`pull did not finish: ${JSON.stringify(r)} of ${total}`);

      // Raw baseline: the same rows by keyset, 1000 a page, inserted with one prepared statement per page.
      const sqlite = desk.services.db;
      sqlite.exec('CREATE TABLE bench_rows (table_name TEXT, key TEXT, version INTEGER, row_json TEXT)');
      const insert = sqlite.prepare('INSERT INTO bench_rows VALUES (?, ?, ?, ?)');
      t0 = performance.now();
      let after = { xid: '0', id: '0' };
      let raw = 0;
      for (;;) {
        const page = await db.query<{ xid: string; change_id: string; table_name: string; key: string; version: string; row: unknown }>(
          // An activity record's pull-log row names its op (migration 008): the raw read joins the op for its payload.
          `SELECT c.xid::text AS xid, c.change_id::text AS change_id, c.table_name, c.key, c.version::text AS version, coalesce(c.row, o.payload) AS row
           FROM (SELECT * FROM changes WHERE (office_id IS NULL OR office_id = $1) AND (xid, change_id) > ($2::xid8, $3::bigint) ORDER BY xid, change_id LIMIT 1000) c
             LEFT JOIN LATERAL (SELECT payload FROM ops WHERE c.table_name = 'customer_records' AND id = (CASE WHEN c.table_name = 'customer_records' THEN c.key::uuid END)) o ON true
           ORDER BY c.xid, c.change_id`,
          [asxm.officeId, after.xid, after.id],
        );
        if (page.length === 0) break;
        withTx(sqlite, () => {
          for (const c of page) {
            if (!c.row) throw new Error(`raw read: no row for ${c.table_name} ${c.key}`);
            insert.run(c.table_name, c.key, Number(c.version), JSON.stringify(c.row));
          }
        });
        raw += page.length;
        after = { xid: page[page.length - 1].xid, id: page[page.length - 1].change_id };
      }
      const rawPullMs = performance.now() - t0;
      return {
        backend,
        lookups: lookupMs.length,
        lookupP50Ms: percentile(lookupMs, 50),
        lookupP95Ms: percentile(lookupMs, 95),
        rawSelectP50Ms: percentile(rawMs, 50),
        rawSelectP95Ms: percentile(rawMs, 95),
        lookupRatio: percentile(lookupMs, 50) / percentile(rawMs, 50),
        pulledRecords: r.pulled,
        pullMs,
        pullRecordsPerSec: (r.pulled / pullMs) * 1000,
        rawRecordsPerSec: (raw / rawPullMs) * 1000,
        pullRatio: r.pulled / pullMs / (raw / rawPullMs),
      };
    } finally {
      await desk.close();
    }
  } finally {
    for (const d of deskDirs) removeDir(d);
    await server.close();
    await db.close();
  }
}

export async function benchCustomers(lookups = 200, records = 100_000): Promise<CustomersBenchResult[]> {
  const results: CustomersBenchResult[] = [];
  const backends: Array<{ backend: Backend; url?: string; pg?: TestPostgres }> = [{ backend: 'pglite' }];
  if (process.env.DATABASE_URL) backends.push({ backend: 'postgres', url: process.env.DATABASE_URL });
  else if (findPostgresBin()) {
    const pg = await TestPostgres.create();
    backends.push({ backend: 'postgres', url: await pg.createDatabase(`bench_customers_${randomUUID().slice(0, 8)}`), pg });
  }
  try {
    for (const b of backends) {
      const r = await benchOne(b.backend, b.url, lookups, records);
      results.push(r);
      console.log(
        `${r.backend}: customer look-up (first time for the office) p50 ${fmt(r.lookupP50Ms)} ms, p95 ${fmt(r.lookupP95Ms)} ms vs raw indexed SELECT p50 ${fmt(r.rawSelectP50Ms, 3)} ms, ` +
          `p95 ${fmt(r.rawSelectP95Ms, 3)} ms (×${fmt(r.lookupRatio, 1)} p50, ${r.lookups} customers)`,
      );
      console.log(
        `${r.backend}: replica pull of ${r.pulledRecords} records ${fmt(r.pullMs / 1000, 1)} s = ${fmt(r.pullRecordsPerSec, 0)} records/s vs raw keyset SELECT + INSERT ` +
          `${fmt(r.rawRecordsPerSec, 0)} records/s (ratio ${fmt(r.pullRatio, 3)})`,
      );
    }
  } finally {
    for (const b of backends) await b.pg?.destroy();
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchCustomers(Number(process.argv[2] ?? 200), Number(process.argv[3] ?? 100_000));
}
