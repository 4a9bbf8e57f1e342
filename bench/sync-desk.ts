/**
 * Desk-side sync: drain 10 000 queued visits (recorded through VisitService, so real payloads) from the desk's outbox
 * to the server with the sync worker, against a raw batched multi-row INSERT of the same ops into the same `ops` table
 * of the same database in the same run (ratio = worker / raw). Then a desk that was offline for a day (~500 operations)
 * reconnects: time until it is fully synced. Also the price of `synchronous=FULL` on the desk (per recorded operation,
 * FULL vs NORMAL, same run). PGlite always; PostgreSQL when installed.
 */
import { randomUUID } from 'node:crypto';
import { TestPostgres, findPostgresBin } from '../test/support/postgres';
import { enrolNewDesk, openDatabase, startServer, type Backend, type RunningServer } from '../test/support/sync-server';
import { openDesk, removeDir, type TestDesk } from '../test/support/desk';
import { withTx } from '../electron/main/db/database';
import { addOffice, createEnrolmentCode } from '../server/store/offices';
import { fmt } from './stats';

export interface SyncDeskBenchResult {
  backend: Backend;
  ops: number;
  drainOpsPerSec: number;
  rawInsertOpsPerSec: number;
  /** worker drain / raw INSERT */
  ratio: number;
  offlineDayOps: number;
  offlineDayResyncMs: number;
  /** Fraction of the drain time spent on the desk (not waiting for the server). */
  deskShare: number;
}

export interface SyncDeskBench {
  results: SyncDeskBenchResult[];
  recordMsFull: number;
  recordMsNormal: number;
}

async function enrol(desk: TestDesk, server: RunningServer, office: string): Promise<void> {
  const rows = await server.db.query('SELECT 1 FROM offices WHERE name = $1', [office]);
  if (!rows.length) await addOffice(server.db, office);
  const { code } = await createEnrolmentCode(server.db, office);
  await desk.services.sync.enrol({ serverUrl: server.url, code });
}

function queueVisits(desk: TestDesk, n: number): void {
  // Grouped in transactions: queueing speed is not what is measured here.
  for (let done = 0; done < n; done += 500) withTx(desk.services.db, () => desk.recordVisits(Math.min(500, n - done)));
}

async function benchOne(backend: Backend, postgresUrl: string | undefined, total: number): Promise<SyncDeskBenchResult> {
  const db = await openDatabase(backend, postgresUrl);
  const server = await startServer(db);
  const desks: TestDesk[] = [];
  try {
    // Time spent waiting on HTTP (the server's work) vs the desk's own work (reading the outbox, acks, fsyncs).
    let inFetchMs = 0;
    const timedFetch = async (url: string, init: Parameters<typeof fetch>[1]) => {
      const t = performance.now();
      const res = await fetch(url, init);
      const body = await res.arrayBuffer();
      inFetchMs += performance.now() - t;
      return new Response(body, { status: res.status, headers: res.headers });
    };
    const desk = await openDesk({ name: `bench-${backend}`, sync: { pollIntervalMs: 60_000, fetch: timedFetch } });
    desks.push(desk);
    await enrol(desk, server, `Bench desk ${backend}`);
    // Warm-up outside the measurement.
    queueVisits(desk, 50);
    await desk.services.sync.syncNow();
    queueVisits(desk, total);
    inFetchMs = 0;
    let t0 = performance.now();
    const r = await desk.services.sync.syncNow();
    const drainMs = performance.now() - t0;
    const deskShare = (drainMs - inFetchMs) / drainMs;
    if (!r.ok || r.pending !== 0) throw new Error(`drain did not finish: ${JSON.stringify(r)}`);

    // Raw baseline: the same rows (payloads from the desk's outbox), multi-row INSERT per 500, no checks.
    const raw = await enrolNewDesk(server, `Bench desk ${backend} raw`);
    const rows = desk.services.db.prepare('SELECT seq, kind, subject, payload_json, created_at FROM outbox ORDER BY seq LIMIT ? OFFSET 50').all(total) as Array<{
      seq: number;
      kind: string;
      subject: string;
      payload_json: string;
      created_at: string;
    }>;
    t0 = performance.now();
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = rows.slice(i, i + 500);
      const params: unknown[] = [];
      const values = chunk.map((op, j) => {
        params.push(randomUUID(), raw.deskId, raw.officeId, op.seq, op.kind, op.subject, op.created_at, op.payload_json);
        const b = j * 8;
        return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7}, $${b + 8}::jsonb, 'applied')`;
      });
      await db.transaction((tx) => tx.query(`INSERT INTO ops (id, desk_id, office_id, seq, kind, subject, created_at, payload, status) VALUES ${values.join(', ')}`, params));
    }
    const rawMs = performance.now() - t0;

    // A day offline: ~500 operations queued while the server is unreachable, then it comes back.
    const offline = await openDesk({ name: `offline-${backend}`, sync: { pollIntervalMs: 60_000 } });
    desks.push(offline);
    await enrol(offline, server, `Bench desk ${backend}`);
    const port = Number(new URL(server.url).port);
    await server.close();
    queueVisits(offline, 500);
    const down = await offline.services.sync.syncNow();
    if (down.ok) throw new Error('expected the offline sync to fail');
    const back = await startServer(db, { port });
    t0 = performance.now();
    const up = await offline.services.sync.syncNow();
    const resyncMs = performance.now() - t0;
    await back.close();
    if (!up.ok || up.pending !== 0) throw new Error(`resync did not finish: ${JSON.stringify(up)}`);

    const drainOpsPerSec = total / (drainMs / 1000);
    const rawInsertOpsPerSec = total / (rawMs / 1000);
    return { backend, ops: total, drainOpsPerSec, rawInsertOpsPerSec, ratio: drainOpsPerSec / rawInsertOpsPerSec, offlineDayOps: 500, offlineDayResyncMs: resyncMs, deskShare };
  } finally {
    for (const d of desks) {
      await d.close().catch(() => {});
      removeDir(d.dataDir);
    }
    await server.close().catch(() => {});
    await db.close();
  }
}

/** ms per visit recorded through VisitService (one transaction each) with the desk DB at the given synchronous level. */
async function recordCost(level: 'FULL' | 'NORMAL', n: number): Promise<number> {
  const desk = await openDesk({ name: `fsync-${level}` });
  try {
    desk.services.db.pragma(`synchronous = ${level}`);
    desk.recordVisits(20);
    const t0 = performance.now();
    desk.recordVisits(n);
    return (performance.now() - t0) / n;
  } finally {
    await desk.dispose();
  }
}

export async function benchSyncDesk(total = 10_000): Promise<SyncDeskBench> {
  const recordMsNormal = await recordCost('NORMAL', 300);
  const recordMsFull = await recordCost('FULL', 300);
  console.log(`desk: record one visit (+ outbox entry), own transaction: synchronous=FULL ${fmt(recordMsFull, 3)} ms vs NORMAL ${fmt(recordMsNormal, 3)} ms (×${fmt(recordMsFull / recordMsNormal)})`);

  const results: SyncDeskBenchResult[] = [];
  const backends: Array<{ backend: Backend; url?: string; pg?: TestPostgres }> = [{ backend: 'pglite' }];
  if (process.env.DATABASE_URL) backends.push({ backend: 'postgres', url: process.env.DATABASE_URL });
  else if (findPostgresBin()) {
    const pg = await TestPostgres.create();
    backends.push({ backend: 'postgres', url: await pg.createDatabase('bench_sync_desk'), pg });
  }
  try {
    for (const b of backends) {
      const r = await benchOne(b.backend, b.url, total);
      results.push(r);
      console.log(
        `${r.backend}: drain ${r.ops} queued ops ${fmt(r.drainOpsPerSec, 0)} ops/s vs raw batched INSERT ${fmt(r.rawInsertOpsPerSec, 0)} ops/s (ratio ${fmt(r.ratio, 3)}; desk-side share of the drain ${fmt(r.deskShare * 100, 0)} %); ` +
          `offline day (${r.offlineDayOps} ops) synced ${fmt(r.offlineDayResyncMs, 0)} ms after reconnecting (plus the worker's backoff wait, ≤ its cap)`,
      );
    }
  } finally {
    for (const b of backends) await b.pg?.destroy();
  }
  return { results, recordMsFull, recordMsNormal };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchSyncDesk(Number(process.argv[2] ?? 10_000));
}
