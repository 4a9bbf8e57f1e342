/**
 * Sync server push throughput: 10 000 ops pushed over HTTP in batches of 500 (signed, validated, one transaction per
 * op, duplicate/gap/seq checks, ICCID binding for a share of them), against a raw batched multi-row INSERT of the same
 * rows into the same `ops` table of the same database, measured in the same run. Prints ops/s and the ratio
 * server/raw — the price of per-op idempotency and ordering. Runs on PGlite and, when PostgreSQL is installed (or
 * DATABASE_URL is set), on PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { TestPostgres, findPostgresBin } from '../test/support/postgres';
import { enrolNewDesk, makeOp, openDatabase, startServer, type Backend } from '../test/support/sync-server';
import type { SyncOp } from '../common/sync/protocol';

export interface SyncServerBenchResult {
  backend: Backend;
  ops: number;
  batch: number;
  serverOpsPerSec: number;
  rawInsertOpsPerSec: number;
  /** server / raw: the fraction of raw INSERT speed the full push path achieves. */
  ratio: number;
}

function makeOps(n: number): SyncOp[] {
  return Array.from({ length: n }, (_, i) => {
    const seq = i + 1;
    // Every fourth op binds an ICCID (the domain-checked path); the rest are plain visits.
    if (seq % 4 === 0) {
      const serial = String(seq).padStart(11, '0');
      return makeOp(seq, 'sim.sell', { fin: `5${String(seq % 1_000_000).padStart(6, '0')}`, iccid: `89994010${serial}`, msisdn: `+99450${String(seq % 10_000_000).padStart(7, '0')}` });
    }
    return makeOp(seq, 'visit.create', { service: 'id.check', note: 'walk-in customer, identity verified by chip read' });
  });
}

async function benchOne(backend: Backend, postgresUrl: string | undefined, total: number, batch: number): Promise<SyncServerBenchResult> {
  const db = await openDatabase(backend, postgresUrl);
  const server = await startServer(db);
  try {
    const desk = await enrolNewDesk(server, `Bench ${backend}`);
    // Warm-up (JIT, connection pool, plan cache) outside the measurement.
    await desk.client.push(makeOps(50));
    const ops = makeOps(total + 50).slice(50);
    let t0 = performance.now();
    for (let i = 0; i < ops.length; i += batch) {
      const r = await desk.client.push(ops.slice(i, i + batch));
      if (r.acks.some((a) => a.status !== 'applied')) throw new Error(`unexpected ack: ${JSON.stringify(r.acks.find((a) => a.status !== 'applied'))}`);
    }
    const serverMs = performance.now() - t0;

    // Raw baseline: the same rows, multi-row INSERT per batch, one transaction per batch, no checks.
    const raw = await enrolNewDesk(server, `Bench ${backend} raw`);
    const rawOps = makeOps(total);
    t0 = performance.now();
    for (let i = 0; i < rawOps.length; i += batch) {
      const chunk = rawOps.slice(i, i + batch);
      const params: unknown[] = [];
      const values = chunk.map((op, j) => {
        params.push(randomUUID(), raw.deskId, raw.officeId, op.seq, op.kind, op.subject, op.createdAt, JSON.stringify(op.payload));
        const b = j * 8;
        return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7}, $${b + 8}::jsonb, 'applied')`;
      });
      await db.transaction((tx) => tx.query(`INSERT INTO ops (id, desk_id, office_id, seq, kind, subject, created_at, payload, status) VALUES ${values.join(', ')}`, params));
    }
    const rawMs = performance.now() - t0;
    const serverOpsPerSec = (total / serverMs) * 1000;
    const rawInsertOpsPerSec = (total / rawMs) * 1000;
    return { backend, ops: total, batch, serverOpsPerSec, rawInsertOpsPerSec, ratio: serverOpsPerSec / rawInsertOpsPerSec };
  } finally {
    await server.close();
    await db.close();
  }
}

export async function benchSyncServer(opts: { ops?: number; batch?: number; log?: (s: string) => void } = {}): Promise<SyncServerBenchResult[]> {
  const total = opts.ops ?? 10_000;
  const batch = opts.batch ?? 500;
  const log = opts.log ?? ((s: string) => console.log(s));
  const results: SyncServerBenchResult[] = [];
  const print = (r: SyncServerBenchResult) =>
    log(
      `sync-server push on ${r.backend}: ${r.ops} ops in batches of ${r.batch}: ${r.serverOpsPerSec.toFixed(0)} ops/s; raw batched INSERT ${r.rawInsertOpsPerSec.toFixed(0)} ops/s; ratio ${r.ratio.toFixed(3)}`,
    );
  results.push(await benchOne('pglite', undefined, total, batch));
  print(results[0]);

  let pg: TestPostgres | undefined;
  try {
    let url = process.env.DATABASE_URL;
    if (!url) {
      if (!findPostgresBin()) {
        log('sync-server push on postgres: skipped (PostgreSQL not installed and DATABASE_URL not set)');
        return results;
      }
      pg = await TestPostgres.create();
      url = pg.url();
    }
    results.push(await benchOne('postgres', url, total, batch));
    print(results[1]);
  } finally {
    await pg?.destroy();
  }
  return results;
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
