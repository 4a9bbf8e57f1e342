/**
 * Scale-out: 50 desks syncing at once through two `masa-server` processes on one PostgreSQL, behind a round-robin
 * TCP balancer (test/support/balancer.ts). Each desk pushes a day of mixed kinds (test/support/mixed-ops.ts) in
 * batches, re-sending what is not acknowledged, as the desk's worker does. Prints ops/s over all desks, the push
 * latency (p50, p99), and what the database holds against what was sent: ops lost (sent, not stored once) and ops
 * duplicated (stored more than once, or stored without being sent) — both must be 0.
 */
import { SyncClient, SyncHttpError } from '../common/sync/client';
import type { SyncOp } from '../common/sync/protocol';
import type { Database } from '../server/db/adapter';
import { freePort } from '../test/support/postgres';
import { ServerChild } from '../test/support/server-child';
import { RoundRobinBalancer } from '../test/support/balancer';
import { enrolNewDesk, openDatabase } from '../test/support/sync-server';
import { mixedOps } from '../test/support/mixed-ops';
import { percentile } from './stats';

export interface SyncScaleBenchResult {
  desks: number;
  processes: number;
  ops: number;
  batch: number;
  opsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  lost: number;
  duplicated: number;
}

interface Desk {
  deskId: string;
  client: SyncClient;
  ops: SyncOp[];
  acked: Set<string>;
}

async function pushDay(desk: Desk, batch: number, latencies: number[]): Promise<void> {
  for (let attempt = 0; attempt < 1000; attempt++) {
    const pending = desk.ops.filter((o) => !desk.acked.has(o.id));
    if (!pending.length) return;
    const t0 = performance.now();
    try {
      const r = await desk.client.push(pending.slice(0, batch));
      latencies.push(performance.now() - t0);
      for (const a of r.acks) desk.acked.add(a.id);
    } catch (e) {
      if (!(e instanceof SyncHttpError) || !e.retryable) throw e;
      await new Promise((r) => setTimeout(r, Math.min(e.retryAfterMs ?? 20, 200)));
    }
  }
  throw new Error(`desk ${desk.deskId}: not done after 1000 pushes`);
}

/** Sent ops not stored exactly once (lost), and stored rows beyond one per sent op (duplicated). */
async function audit(db: Database, desks: Desk[]): Promise<{ lost: number; duplicated: number }> {
  let lost = 0;
  let duplicated = 0;
  for (const d of desks) {
    const rows = await db.query<{ id: string }>('SELECT id FROM ops WHERE desk_id = $1 ORDER BY seq', [d.deskId]);
    const stored = new Map<string, number>();
    for (const r of rows) stored.set(r.id, (stored.get(r.id) ?? 0) + 1);
    const sent = new Set(d.ops.map((o) => o.id.toLowerCase()));
    for (const id of sent) if (stored.get(id) !== 1) lost++;
    for (const [id, n] of stored) duplicated += sent.has(id) ? n - 1 : n;
  }
  return { lost, duplicated };
}

export async function benchSyncScale(postgresUrl: string, opts: { desks?: number; opsPerDesk?: number; batch?: number } = {}): Promise<SyncScaleBenchResult> {
  const deskCount = opts.desks ?? 50;
  const opsPerDesk = opts.opsPerDesk ?? 440;
  const batch = opts.batch ?? 100;
  const db = await openDatabase('postgres', postgresUrl);
  const servers: ServerChild[] = [];
  let balancer: RoundRobinBalancer | undefined;
  try {
    for (let i = 0; i < 2; i++) {
      const s = new ServerChild(await freePort(), postgresUrl);
      servers.push(s);
      await s.start(10);
    }
    balancer = await RoundRobinBalancer.start(servers.map((s) => s.port));
    const desks: Desk[] = [];
    for (let i = 0; i < deskCount; i++) {
      const e = await enrolNewDesk({ db, url: balancer.url }, `Scale Office ${i % 5}`, `desk ${i}`);
      desks.push({ deskId: e.deskId, client: new SyncClient(balancer.url, { deskId: e.deskId, privateKey: e.privateKey }), ops: mixedOps(1, opsPerDesk), acked: new Set() });
    }
    // Warm-up: each desk's first customer (connections, JIT in both processes), outside the measurement; the acks
    // go to the desk's own set.
    await Promise.all(desks.map((d) => pushDay({ ...d, ops: d.ops.slice(0, 11) }, batch, [])));
    const measured = desks.reduce((n, d) => n + d.ops.length - d.acked.size, 0);
    const latencies: number[] = [];
    const t0 = performance.now();
    await Promise.all(desks.map((d) => pushDay(d, batch, latencies)));
    const ms = performance.now() - t0;
    const { lost, duplicated } = await audit(db, desks);
    latencies.sort((a, b) => a - b);
    return { desks: deskCount, processes: servers.length, ops: measured, batch, opsPerSec: (measured / ms) * 1000, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), lost, duplicated };
  } finally {
    await balancer?.close();
    for (const s of servers) await s.kill();
    await db.close();
  }
}
