/**
 * Sync server push throughput: 10 000 ops of a desk's day (test/support/mixed-ops.ts: visits, SIM sales and
 * duplicates, certificates issued and re-issued, services, IMEI and KÖMİS registrations, POAs — 7 kinds in 11 change
 * central state and the pull log) pushed over HTTP in batches of 500 (signed, validated, one transaction per batch,
 * duplicate/gap/seq checks, the central rules and projections), against a raw batched multi-row INSERT of the same op
 * rows into a table like `ops` (same indexes and foreign keys, no triggers) of the same database, measured in the same
 * run. Prints ops/s and the ratio server/raw — the price of idempotency, ordering and the central records. Runs on PGlite and, when PostgreSQL is
 * installed (or DATABASE_URL is set), on PostgreSQL — followed there by the scale-out figures (bench/sync-scale.ts).
 */
import { randomUUID } from 'node:crypto';
import { TestPostgres, findPostgresBin } from '../test/support/postgres';
import { enrolNewDesk, openDatabase, startServer, type Backend } from '../test/support/sync-server';
import { mixedOps } from '../test/support/mixed-ops';
import { benchSyncScale, type SyncScaleBenchResult } from './sync-scale';

export interface SyncServerBenchResult {
  backend: Backend;
  ops: number;
  batch: number;
  serverOpsPerSec: number;
  rawInsertOpsPerSec: number;
  /** server / raw: the fraction of raw INSERT speed the full push path achieves. */
  ratio: number;
}

async function benchOne(backend: Backend, postgresUrl: string | undefined, total: number, batch: number): Promise<SyncServerBenchResult> {
  const db = await openDatabase(backend, postgresUrl);
  const server = await startServer(db);
  try {
    const desk = await enrolNewDesk(server, `Bench ${backend}`);
    // Warm-up (JIT, connection pool, plan cache) outside the measurement.
    const warmUp = mixedOps(1, 55);
    await desk.client.push(warmUp);
    const ops = mixedOps(warmUp.length + 1, total);
    // Raw baseline: the same rows, multi-row INSERT per batch, one transaction per batch, no checks, into a table like
    // `ops` (its columns, checks, indexes and foreign keys) without its triggers: whatever a trigger on `ops` projects
    // (customer replicas, migration 006) is the server's work, not the rows'. Server and raw batches alternate, so both
    // see the same load on a shared machine.
    const raw = await enrolNewDesk(server, `Bench ${backend} raw`);
    await db.exec(`DROP TABLE IF EXISTS bench_raw_ops; CREATE TABLE bench_raw_ops (LIKE ops INCLUDING ALL);
      ALTER TABLE bench_raw_ops ADD FOREIGN KEY (desk_id) REFERENCES desks (id), ADD FOREIGN KEY (office_id) REFERENCES offices (id);`);
    let serverMs = 0;
    let rawMs = 0;
    for (let i = 0; i < ops.length; i += batch) {
      const chunk = ops.slice(i, i + batch);
      let t0 = performance.now();
      const r = await desk.client.push(chunk);
      serverMs += performance.now() - t0;
      if (r.acks.some((a) => a.status !== 'applied')) throw new Error(`unexpected ack: ${JSON.stringify(r.acks.find((a) => a.status !== 'applied'))}`);
      t0 = performance.now();
      const params: unknown[] = [];
      const values = chunk.map((op, j) => {
        params.push(randomUUID(), raw.deskId, raw.officeId, op.seq, op.kind, op.subject, op.createdAt, JSON.stringify(op.payload));
        const b = j * 8;
        return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7}, $${b + 8}::jsonb, 'applied')`;
      });
      await db.transaction((tx) => tx.query(`INSERT INTO bench_raw_ops (id, desk_id, office_id, seq, kind, subject, created_at, payload, status) VALUES ${values.join(', ')}`, params));
      rawMs += performance.now() - t0;
    }
    await db.exec('DROP TABLE bench_raw_ops');
    const serverOpsPerSec = (total / serverMs) * 1000;
    const rawInsertOpsPerSec = (total / rawMs) * 1000;
    return { backend, ops: total, batch, serverOpsPerSec, rawInsertOpsPerSec, ratio: serverOpsPerSec / rawInsertOpsPerSec };
  } finally {
    await server.close();
    await db.close();
  }
}

export async function benchSyncServer(
  opts: { ops?: number; batch?: number; log?: (s: string) => void } = {},
): Promise<{ push: SyncServerBenchResult[]; scaleOut?: SyncScaleBenchResult }> {
  const total = opts.ops ?? 10_000;
  const batch = opts.batch ?? 500;
  const log = opts.log ?? ((s: string) => console.log(s));
  const push: SyncServerBenchResult[] = [];
  const print = (r: SyncServerBenchResult) =>
    log(
      `sync-server push on ${r.backend}: ${r.ops} ops in batches of ${r.batch}: ${r.serverOpsPerSec.toFixed(0)} ops/s; raw batched INSERT ${r.rawInsertOpsPerSec.toFixed(0)} ops/s; ratio ${r.ratio.toFixed(3)}`,
    );
  push.push(await benchOne('pglite', undefined, total, batch));
  print(push[0]);

  let pg: TestPostgres | undefined;
  try {
    let url = process.env.DATABASE_URL;
    let scaleUrl = url;
    if (!url) {
      if (!findPostgresBin()) {
        log('sync-server push on postgres: skipped (PostgreSQL not installed and DATABASE_URL not set)');
        return { push };
      }
      pg = await TestPostgres.create();
      url = pg.url();
      scaleUrl = await pg.createDatabase('scale_out');
    }
    push.push(await benchOne('postgres', url, total, batch));
    print(push[1]);
    const s = await benchSyncScale(scaleUrl!);
    log(
      `sync-server ${s.desks} desks through ${s.processes} server processes on postgres: ${s.ops} ops in batches of ${s.batch}: ${s.opsPerSec.toFixed(0)} ops/s; push p50 ${s.p50Ms.toFixed(0)} ms, p99 ${s.p99Ms.toFixed(0)} ms; lost ${s.lost}, duplicated ${s.duplicated}`,
    );
    return { push, scaleOut: s };
  } finally {
    await pg?.destroy();
  }
}

if (process.argv[1] && /bench[\\/]sync-server\.ts$/.test(process.argv[1])) {
  benchSyncServer().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
