/**
 * The server's reports (issue 12, deliver 6) over 100 000 ops: two offices, ten desks, twenty clerks, 29 days (half
 * operations with fees, visits, payments by cash/card/free, a void in a hundred, an approval in fifty), 580 shifts
 * and 500 conflicts — rows written straight into the tables (the push path is bench/sync-server.ts's). Measured:
 * the whole-period report by office, the same by office and day (29 × 2 groups), and one desk's one-day report,
 * each against a raw baseline in the same database and run: one `SELECT kind, count(*), sum(fee) … GROUP BY kind`
 * over the same ops (the least any figure over them costs). p50 of 5 runs after a warm-up. PGlite always; PostgreSQL
 * when installed (or DATABASE_URL).
 */
import { randomUUID } from 'node:crypto';
import { TestPostgres, findPostgresBin } from '../test/support/postgres';
import { openDatabase, type Backend } from '../test/support/sync-server';
import { addOffice } from '../server/store/offices';
import { buildReport } from '../server/store/reports';
import type { Database } from '../server/db/adapter';
import type { ReportQueryInput } from '../common/sync/reports';
import { fmt, median } from './stats';

export interface ReportsBenchResult {
  backend: Backend;
  ops: number;
  reports: Array<{ name: string; groups: number; p50Ms: number; rawP50Ms: number; ratio: number }>;
}

const OPS = 100_000;

async function fill(db: Database): Promise<{ deskId: string }> {
  const desks: string[] = [];
  for (const name of ['Bench Reports A', 'Bench Reports B']) {
    const office = await addOffice(db, name);
    for (let i = 0; i < 5; i++) {
      const id = randomUUID();
      desks.push(id);
      await db.query('INSERT INTO desks (id, office_id, name, desk_public_key) VALUES ($1, $2, $3, $4)', [id, office.id, `${name} desk ${i + 1}`, 'bench']);
    }
  }
  // Desk d = i % 10, clerk = i % 20 (two per desk), one op every 25 s from 1 November (Baku: 04:00): 29 days.
  for (let from = 1; from <= OPS; from += 20_000) {
    await db.query(
      `INSERT INTO ops (id, desk_id, office_id, seq, kind, subject, created_at, payload, status)
       SELECT gen_random_uuid(), d.id, d.office_id, i, k.kind, 'fin:5BENCH' || (i % 997), '2026-11-01T00:00:00Z'::timestamptz + i * interval '25 seconds',
         jsonb_build_object('clerkId', 'clerk-' || (i % 20), 'feeMinor', CASE WHEN i % 10 < 4 THEN 1500 ELSE 0 END)
         || CASE WHEN k.kind = 'visit.pay' THEN jsonb_build_object('method', (ARRAY['cash','card','free'])[i % 3 + 1], 'freeReason', CASE WHEN i % 3 = 2 THEN 'pensioner' END,
              'amountMinor', CASE WHEN i % 3 = 2 THEN 0 ELSE 1500 END, 'lines', jsonb_build_array(jsonb_build_object('operationId', gen_random_uuid(), 'kind', 'service.extend', 'amountMinor', 1500)))
            WHEN k.kind = 'op.void' THEN jsonb_build_object('kind', 'service.extend', 'refund', jsonb_build_object('method', 'cash', 'amountMinor', -1500))
            ELSE '{}'::jsonb END
         || CASE WHEN i % 50 = 0 THEN jsonb_build_object('approval', jsonb_build_object('id', 'a' || i, 'action', 'flows.iccid.typed', 'reason', 'r', 'supervisorId', 'sup-' || (i % 2))) ELSE '{}'::jsonb END,
         'applied'
       FROM generate_series($1::int, $2::int) i
       JOIN (SELECT u.n - 1 AS n, desks.id, desks.office_id FROM unnest($3::uuid[]) WITH ORDINALITY AS u(id, n) JOIN desks ON desks.id = u.id) d ON d.n = i % 10
       CROSS JOIN LATERAL (SELECT CASE WHEN i % 100 = 99 THEN 'op.void' WHEN i % 10 < 5 THEN (ARRAY['imei.register','service.extend','sim.sell','cert.issue','komis.register'])[i % 5 + 1]
         WHEN i % 10 < 7 THEN 'visit.create' WHEN i % 10 < 9 THEN 'visit.pay' ELSE 'visit.close' END AS kind) k`,
      [from, Math.min(from + 19_999, OPS), desks],
    );
  }
  await db.query(
    `INSERT INTO shifts (shift_id, office_id, desk_id, clerk_id, opened_at, opening_float_minor, closed_at, difference_minor, reason, approved_by)
     SELECT gen_random_uuid(), d.office_id, d.id, 'clerk-' || c, '2026-11-01T04:00:00Z'::timestamptz + day * interval '1 day', 5000,
       '2026-11-01T13:00:00Z'::timestamptz + day * interval '1 day', CASE WHEN (day + c) % 7 = 0 THEN -100 ELSE 0 END, CASE WHEN (day + c) % 7 = 0 THEN 'short' END, NULL
     FROM generate_series(0, 28) day CROSS JOIN generate_series(0, 19) c JOIN desks d ON d.id = ($1::uuid[])[c % 10 + 1]`,
    [desks],
  );
  await db.query(
    `INSERT INTO conflicts (id, office_id, desk_id, op_id, seq, kind, subject, reason, status)
     SELECT gen_random_uuid(), office_id, desk_id, id, seq, kind, subject, 'imei_registered_elsewhere', CASE WHEN seq % 2 = 0 THEN 'open' ELSE 'accepted' END
     FROM ops WHERE kind = 'imei.register' AND seq % 20 = 0 LIMIT 500`,
  );
  await db.exec('ANALYZE');
  return { deskId: desks[0] };
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

async function benchOne(backend: Backend, postgresUrl: string | undefined): Promise<ReportsBenchResult> {
  const db = await openDatabase(backend, postgresUrl);
  try {
    const { deskId } = await fill(db);
    const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM ops');
    const cases: Array<{ name: string; query: ReportQueryInput; raw: { where: string; params: unknown[] } }> = [
      { name: 'whole period by office', query: { by: 'office' }, raw: { where: 'TRUE', params: [] } },
      { name: 'whole period by office and day', query: { by: 'office,day' }, raw: { where: 'TRUE', params: [] } },
      {
        name: "one office's day",
        query: { by: 'desk', office: 'Bench Reports A', from: '2026-11-15', to: '2026-11-15' },
        raw: { where: `office_id = (SELECT id FROM offices WHERE name = 'Bench Reports A') AND created_at >= '2026-11-14T20:00:00Z' AND created_at < '2026-11-15T20:00:00Z'`, params: [] },
      },
      {
        name: "one desk's day",
        query: { by: 'clerk', desk: deskId, from: '2026-11-15', to: '2026-11-15' },
        raw: { where: `desk_id = $1 AND created_at >= '2026-11-14T20:00:00Z' AND created_at < '2026-11-15T20:00:00Z'`, params: [deskId] },
      },
    ];
    const reports: ReportsBenchResult['reports'] = [];
    for (const c of cases) {
      const raw = () => db.query(`SELECT kind, count(*), sum((payload->>'feeMinor')::int) FROM ops WHERE ${c.raw.where} GROUP BY kind`, c.raw.params);
      const groups = (await buildReport(db, c.query)).groups.length;
      await raw();
      const ours: number[] = [];
      const base: number[] = [];
      for (let i = 0; i < 5; i++) {
        ours.push(await time(() => buildReport(db, c.query)));
        base.push(await time(raw));
      }
      const p50 = median(ours);
      const rawP50 = median(base);
      reports.push({ name: c.name, groups, p50Ms: p50, rawP50Ms: rawP50, ratio: p50 / rawP50 });
      console.log(`  ${backend}: ${c.name} over ${n} ops (${groups} groups): report p50 ${fmt(p50)} ms, raw GROUP BY kind p50 ${fmt(rawP50)} ms (×${fmt(p50 / rawP50)})`);
    }
    return { backend, ops: n, reports };
  } finally {
    await db.close();
  }
}

export async function benchReports(): Promise<ReportsBenchResult[]> {
  const out = [await benchOne('pglite', undefined)];
  if (process.env.DATABASE_URL) out.push(await benchOne('postgres', process.env.DATABASE_URL));
  else if (findPostgresBin()) {
    const pg = await TestPostgres.create();
    try {
      out.push(await benchOne('postgres', await pg.createDatabase('bench_reports')));
    } finally {
      await pg.destroy();
    }
  }
  return out;
}
