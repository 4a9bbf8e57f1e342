/**
 * The central console's API (issue 13) at a central office's scale: 40 offices, 500 desks (each with an audit chain
 * of 300 links as the server has seen them, its head, and — one desk in ten — an alert), 20 reference tables of ~50
 * rows (18 every desk sees, the offices' clerks and profiles) with one pull-log change per row, ~100 conflicts per
 * office (each with its operation and the registration it ran into), and 20 000 entries in the server's own audit
 * chain — rows written straight into the tables with set-based INSERTs, not through the API. Each page is measured
 * through the console's routes (app.inject with a session cookie: what a browser gets), each against a raw baseline
 * in the same database and run:
 * - GET /desks (all offices, central administrator) against `SELECT * FROM desks`; again with 1 500 links a desk;
 * - GET /reference and GET /reference/:table against `SELECT table_name, count(*) FROM central_rows GROUP BY table_name`;
 * - GET /audit?limit=100 (it verifies the whole hash chain on every call) at 2 000 and at 20 000 entries, against
 *   `SELECT * FROM server_audit ORDER BY seq DESC LIMIT 100`;
 * - GET /conflicts for an office manager against the desk API's listConflicts for the same office;
 * - a desk's empty signed pull (GET /v1/pull over HTTP) with `pending`/`appVersion` against one without them.
 * GET /session (the session check every console route does, and nothing else) is printed as the floor of a route.
 * p50 of 7 runs after a warm-up (the pull: 31, alternating). PGlite always; PostgreSQL when installed (or DATABASE_URL).
 */
import { createHash } from 'node:crypto';
import { TestPostgres, findPostgresBin } from '../test/support/postgres';
import { enrolNewDesk, openDatabase, type Backend } from '../test/support/sync-server';
import { addAccount, consoleServer, signedIn, type Browser } from '../test/integration/console-support';
import { addOffice } from '../server/store/offices';
import { listConflicts } from '../server/store/conflicts';
import { canonicalJson, SERVER_AUDIT_GENESIS } from '../server/console/audit-log';
import type { Database } from '../server/db/adapter';
import { fmt, median } from './stats';

export interface ConsoleBenchCase {
  name: string;
  /** What the page returned (desks, tables, rows, entries, conflicts), so the scale shows next to the time. */
  items: number;
  p50Ms: number;
  baseline: string;
  baselineP50Ms: number;
  ratio: number;
}
export interface ConsoleBenchResult {
  backend: Backend;
  scale: { offices: number; desks: number; auditLinksPerDesk: number[]; auditAlerts: number; referenceRows: number; changes: number; conflicts: number; serverAudit: number };
  /** GET /session: the session check alone, the least any console route costs. */
  sessionP50Ms: number;
  cases: ConsoleBenchCase[];
}

const OFFICES = 40;
const DESKS = 500;
const LINKS_PER_DESK = 300;
/** The chains again, longer: how the desks' list grows with them. */
const LONG_CHAIN = 1_500;
const GLOBAL_TABLES = 18;
const ROWS_PER_TABLE = 50;
const CONFLICTS_PER_OFFICE = 100;
const AUDIT_SMALL = 2_000;
const AUDIT_LARGE = 20_000;
const RUNS = 7;

async function fill(db: Database): Promise<string[]> {
  const officeIds: string[] = [];
  for (let o = 1; o <= OFFICES; o++) officeIds.push((await addOffice(db, `Bench Console ${String(o).padStart(2, '0')}`)).id);
  // Desk i in office i % 40; last synced within the day; what it reported at its last pull.
  await db.query(
    `INSERT INTO desks (id, office_id, name, desk_public_key, created_at, last_seen_at, pending, app_version)
     SELECT gen_random_uuid(), ($1::uuid[])[i % $2 + 1], 'Desk ' || lpad(i::text, 3, '0'), 'bench', now() - interval '200 days',
       now() - (i % 97) * interval '10 minutes', i % 7, '1.13.' || (i % 3)
     FROM generate_series(0, $3::int - 1) i`,
    [officeIds, OFFICES, DESKS],
  );
  await db.query(
    `INSERT INTO audit_links (desk_id, seq, prev_hash, hash, at, kind)
     SELECT d.id, s, md5(d.id::text || (s - 1)), md5(d.id::text || s), now() - (${LINKS_PER_DESK} - s) * interval '15 minutes', 'op.push'
     FROM desks d CROSS JOIN generate_series(1, ${LINKS_PER_DESK}) s`,
  );
  await db.exec(`INSERT INTO audit_heads (desk_id, seq, hash) SELECT id, ${LINKS_PER_DESK}, md5(id::text || ${LINKS_PER_DESK}) FROM desks`);
  // One desk in ten has an alert: mostly gaps, one in five a wrong link.
  await db.exec(
    `INSERT INTO audit_alerts (id, desk_id, office_id, seq, reason)
     SELECT gen_random_uuid(), id, office_id, 100 + n, CASE WHEN n % 5 = 0 THEN 'link' ELSE 'gap' END
     FROM (SELECT id, office_id, row_number() OVER (ORDER BY id) AS n FROM desks) d WHERE n % 10 = 0`,
  );
  // Reference data: 18 tables every desk sees, one statement each (each its own transaction: the log's xids differ),
  // then the offices' clerks (5 each) and profiles (addOffice made those). One change in the pull log per row.
  for (let t = 1; t <= GLOBAL_TABLES; t++) {
    const table = `bench_ref_${String(t).padStart(2, '0')}`;
    await db.query(
      `WITH r AS (INSERT INTO central_rows (table_name, key, office_id, version, row)
         SELECT $1, 'code-' || k, NULL, 1, jsonb_build_object('id', 'code-' || k, 'code', 'code-' || k, 'name', 'Row ' || k || ' of ' || $1, 'validFrom', '2026-01-01', 'feeMinor', k * 100)
         FROM generate_series(1, ${ROWS_PER_TABLE}) k RETURNING table_name, key, office_id, version, row)
       INSERT INTO changes (table_name, key, office_id, op, version, row) SELECT table_name, key, office_id, 'upsert', version, row FROM r`,
      [table],
    );
  }
  await db.query(
    `WITH r AS (INSERT INTO central_rows (table_name, key, office_id, version, row)
       SELECT 'clerks', k::text, o.id, 1, jsonb_build_object('id', k::text, 'username', 'clerk' || n, 'displayName', 'Clerk ' || n, 'role', 'clerk', 'passwordHash', 'x', 'serverSignature', 'y')
       FROM unnest($1::uuid[]) o(id) CROSS JOIN generate_series(1, 5) c CROSS JOIN LATERAL (SELECT gen_random_uuid() AS k, o.id::text || '-' || c AS n) x
       RETURNING table_name, key, office_id, version, row)
     INSERT INTO changes (table_name, key, office_id, op, version, row) SELECT table_name, key, office_id, 'upsert', version, row FROM r`,
    [officeIds],
  );
  // Four desks in five hold the whole log; the rest stopped before it (they lack every table's latest rows).
  await db.exec(
    `UPDATE desks SET pulled_xid = CASE WHEN n % 5 = 0 THEN '1'::xid8 ELSE c.xid END, pulled_change_id = CASE WHEN n % 5 = 0 THEN 0 ELSE c.change_id END
     FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM desks) d, (SELECT xid, change_id FROM changes ORDER BY xid DESC, change_id DESC LIMIT 1) c
     WHERE desks.id = d.id`,
  );
  // Conflicts: per office 100 IMEI registrations refused because another desk registered the IMEI first; the
  // registering op, the refused op, the central registration and the conflict; half still open.
  await db.exec(
    `WITH c AS (
       SELECT d.id AS desk_id, d.office_id, o.id AS other_desk, o.office_id AS other_office, i, '35' || lpad(i::text, 13, '0') AS imei
       FROM generate_series(0, ${OFFICES * CONFLICTS_PER_OFFICE - 1}) i
       JOIN (SELECT id, office_id, row_number() OVER (ORDER BY id) - 1 AS n FROM desks) d ON d.n = i % ${DESKS}
       JOIN (SELECT id, office_id, row_number() OVER (ORDER BY id) - 1 AS n FROM desks) o ON o.n = (i + 7) % ${DESKS}),
     first AS (
       INSERT INTO ops (id, desk_id, office_id, seq, kind, subject, created_at, payload, status)
       SELECT gen_random_uuid(), other_desk, other_office, 1000000 + i, 'imei.register', 'fin:5B' || i, now() - interval '3 days',
         jsonb_build_object('imei', imei, 'clerkId', 'c' || i), 'applied' FROM c RETURNING id, office_id, payload),
     reg AS (INSERT INTO imei_registrations (imei, op_id, subject, office_id, notice_code) SELECT payload->>'imei', id, 'fin:5B', office_id, 'N-1' FROM first),
     refused AS (
       INSERT INTO ops (id, desk_id, office_id, seq, kind, subject, created_at, payload, status, reason)
       SELECT gen_random_uuid(), desk_id, office_id, 2000000 + i, 'imei.register', 'fin:7C' || i, now() - interval '1 day',
         jsonb_build_object('imei', imei, 'clerkId', 'c' || i), 'conflict', 'imei_registered_elsewhere' FROM c RETURNING id, desk_id, office_id, seq, kind, subject)
     INSERT INTO conflicts (id, office_id, desk_id, op_id, seq, kind, subject, reason, status)
     SELECT gen_random_uuid(), office_id, desk_id, id, seq, kind, subject, 'imei_registered_elsewhere', CASE WHEN seq % 2 = 0 THEN 'open' ELSE 'accepted' END FROM refused`,
  );
  return officeIds;
}

/**
 * `n` entries appended to the server's audit chain, each linked to the one before and hashed as audit-log.ts hashes
 * (so the console's walk verifies all of them): the hashes made here, the rows inserted 5 000 at a time.
 */
async function appendAuditEntries(db: Database, n: number, officeIds: string[]): Promise<void> {
  const [tail] = await db.query<{ seq: string; hash: string }>('SELECT seq::text AS seq, hash FROM server_audit ORDER BY server_audit.seq DESC LIMIT 1');
  let prev = tail?.hash ?? SERVER_AUDIT_GENESIS;
  let seq = Number(tail?.seq ?? 0);
  const actions = ['clerk.add', 'clerk.password', 'conflict.resolve', 'reference.version', 'customer.lookup', 'desk.revoke', 'office.update'];
  const t0 = Date.parse('2026-06-01T04:00:00.000Z');
  for (let done = 0; done < n; ) {
    const cols: unknown[][] = Array.from({ length: 9 }, () => []);
    for (const end = Math.min(n, done + 5000); done < end; done++) {
      seq++;
      const entry = {
        seq,
        at: new Date(t0 + seq * 61_003).toISOString(),
        actor: seq % 9 === 0 ? 'cli' : `admin${seq % 4}`,
        action: actions[seq % actions.length],
        officeId: seq % 5 === 0 ? null : officeIds[seq % officeIds.length],
        target: `target-${seq}`,
        details: { note: `entry ${seq}`, n: seq % 13 },
      };
      const hash = createHash('sha256').update(prev).update(canonicalJson(entry)).digest('hex');
      [entry.seq, entry.at, entry.actor, entry.action, entry.officeId, entry.target, JSON.stringify(entry.details), prev, hash].forEach((v, i) => cols[i].push(v));
      prev = hash;
    }
    await db.query(
      `INSERT INTO server_audit (seq, at, actor, action, office_id, target, details, prev_hash, hash)
       SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::uuid[], $6::text[], $7::jsonb[], $8::text[], $9::text[])`,
      cols,
    );
  }
  await db.exec(`SELECT setval(pg_get_serial_sequence('server_audit', 'seq'), (SELECT max(seq) FROM server_audit))`);
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** p50 of `runs` alternating runs of `ours` and `base`, after one warm-up of each. */
async function compare(ours: () => Promise<unknown>, base: () => Promise<unknown>, runs = RUNS): Promise<{ p50: number; baseP50: number }> {
  await ours();
  await base();
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < runs; i++) {
    a.push(await time(ours));
    b.push(await time(base));
  }
  return { p50: median(a), baseP50: median(b) };
}

/** A console GET that must answer 200 (a bench of error pages measures nothing). */
function page(browser: Browser, path: string): () => Promise<Record<string, unknown>> {
  return async () => {
    const a = await browser.get(path);
    if (a.status !== 200) throw new Error(`GET ${path}: ${a.status} ${a.text.slice(0, 200)}`);
    return a.body;
  };
}

async function benchOne(backend: Backend, postgresUrl: string | undefined): Promise<ConsoleBenchResult> {
  const db = await openDatabase(backend, postgresUrl);
  const server = await consoleServer(db);
  try {
    const officeIds = await fill(db);
    await addAccount(db, { username: 'bench.central', role: 'central' });
    await addAccount(db, { username: 'bench.manager', role: 'manager', offices: ['Bench Console 01'] });
    await appendAuditEntries(db, AUDIT_SMALL - 2, officeIds);
    await db.exec('ANALYZE');
    const central = await signedIn(server.app, 'bench.central');
    const manager = await signedIn(server.app, 'bench.manager');
    const cases: ConsoleBenchCase[] = [];
    const log = (c: ConsoleBenchCase) => {
      cases.push(c);
      console.log(`  ${backend}: ${c.name} (${c.items}): p50 ${fmt(c.p50Ms)} ms; ${c.baseline} p50 ${fmt(c.baselineP50Ms)} ms (×${fmt(c.ratio, c.ratio < 10 ? 2 : 1)})`);
    };
    const measure = async (name: string, ours: () => Promise<Record<string, unknown>>, items: (body: Record<string, unknown>) => number, baseline: string, base: () => Promise<unknown>) => {
      const n = items(await ours());
      const { p50, baseP50 } = await compare(ours, base);
      log({ name, items: n, p50Ms: p50, baseline, baselineP50Ms: baseP50, ratio: p50 / baseP50 });
    };
    const len = (key: string) => (body: Record<string, unknown>) => (body[key] as unknown[]).length;

    const sessionTimes: number[] = [];
    const session = page(central, '/session');
    await session();
    for (let i = 0; i < RUNS; i++) sessionTimes.push(await time(session));
    const sessionP50Ms = median(sessionTimes);
    console.log(`  ${backend}: GET /session (the session check alone): p50 ${fmt(sessionP50Ms)} ms`);

    const desksBase = () => db.query('SELECT * FROM desks');
    await measure(`GET /desks, all offices, ${LINKS_PER_DESK} links a desk`, page(central, '/desks'), len('desks'), 'SELECT * FROM desks', desksBase);
    // The list counts every desk's links: how it grows with the chains (a desk's chain only grows).
    await db.exec(
      `INSERT INTO audit_links (desk_id, seq, prev_hash, hash, at, kind)
       SELECT d.id, s, md5(d.id::text || (s - 1)), md5(d.id::text || s), now() - (${LONG_CHAIN} - s) * interval '5 minutes', 'op.push'
       FROM desks d CROSS JOIN generate_series(${LINKS_PER_DESK + 1}, ${LONG_CHAIN}) s;
       UPDATE audit_heads SET seq = ${LONG_CHAIN}, hash = md5(desk_id::text || ${LONG_CHAIN}); ANALYZE audit_links`,
    );
    await measure(`GET /desks, all offices, ${LONG_CHAIN} links a desk`, page(central, '/desks'), len('desks'), 'SELECT * FROM desks', desksBase);
    const refBase = () => db.query('SELECT table_name, count(*) FROM central_rows GROUP BY table_name');
    const refCount = 'central_rows GROUP BY table_name';
    await measure('GET /reference', page(central, '/reference'), len('tables'), refCount, refBase);
    await measure('GET /reference/bench_ref_07', page(central, '/reference/bench_ref_07'), len('desks'), refCount, refBase);
    await measure('GET /reference/clerks', page(central, '/reference/clerks'), len('rows'), refCount, refBase);

    const auditBase = () => db.query('SELECT * FROM server_audit ORDER BY seq DESC LIMIT 100');
    const auditCase = async () => {
      const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM server_audit');
      const body = await page(central, '/audit?limit=100')();
      if (body.chainIntact !== true) throw new Error('the bench audit chain does not verify: the walk would stop early');
      await measure(`GET /audit?limit=100 over ${n} entries`, page(central, '/audit?limit=100'), len('entries'), 'server_audit ORDER BY seq DESC LIMIT 100', auditBase);
      return n;
    };
    await auditCase();
    await appendAuditEntries(db, AUDIT_LARGE - AUDIT_SMALL, officeIds);
    await db.exec('ANALYZE server_audit');
    const auditEntries = await auditCase();

    await measure('GET /conflicts, a manager of one office', page(manager, '/conflicts'), len('conflicts'), 'listConflicts of that office', () => listConflicts(db, { officeId: officeIds[0] }));

    // A desk enrolled through the API, its pull log read to the end: then empty pulls, alternating with and without
    // what it tells the console (both record the pull: the same UPDATE, with or without two more columns).
    const desk = await enrolNewDesk(server, 'Bench Console 01', 'Bench pull desk');
    let cursor: string | undefined;
    for (let more = true; more; ) {
      const r = await desk.client.pull(cursor);
      cursor = r.cursor;
      more = r.more;
    }
    const withReport = async () => {
      const r = await desk.client.pull(cursor, undefined, { pending: 3, appVersion: '1.13.0' });
      if (r.changes.length) throw new Error('the pull was not empty');
    };
    const without = async () => {
      const r = await desk.client.pull(cursor);
      if (r.changes.length) throw new Error('the pull was not empty');
    };
    await withReport();
    const [told] = await db.query<{ pending: number | null; app_version: string | null }>('SELECT pending, app_version FROM desks WHERE id = $1', [desk.deskId]);
    if (told.pending !== 3 || told.app_version !== '1.13.0') throw new Error(`the pull's report was not recorded: ${JSON.stringify(told)}`);
    const pull = await compare(withReport, without, 31);
    log({ name: 'empty signed pull with pending/appVersion', items: 0, p50Ms: pull.p50, baseline: 'the same pull without them', baselineP50Ms: pull.baseP50, ratio: pull.p50 / pull.baseP50 });

    const [counts] = await db.query<Record<string, number>>(
      `SELECT (SELECT count(*)::int FROM desks) AS desks, (SELECT count(*)::int FROM audit_alerts) AS alerts,
         (SELECT count(*)::int FROM central_rows) AS rows, (SELECT count(*)::int FROM changes) AS changes, (SELECT count(*)::int FROM conflicts) AS conflicts`,
    );
    return {
      backend,
      scale: { offices: OFFICES, desks: counts.desks, auditLinksPerDesk: [LINKS_PER_DESK, LONG_CHAIN], auditAlerts: counts.alerts, referenceRows: counts.rows, changes: counts.changes, conflicts: counts.conflicts, serverAudit: auditEntries },
      sessionP50Ms,
      cases,
    };
  } finally {
    await server.close();
    await db.close();
  }
}

export async function benchConsole(): Promise<ConsoleBenchResult[]> {
  const out = [await benchOne('pglite', undefined)];
  if (process.env.DATABASE_URL) out.push(await benchOne('postgres', process.env.DATABASE_URL));
  else if (findPostgresBin()) {
    const pg = await TestPostgres.create();
    try {
      out.push(await benchOne('postgres', await pg.createDatabase('bench_console')));
    } finally {
      await pg.destroy();
    }
  }
  return out;
}
