/**
 * Scale-out (issue 9, item 8): two `masa-server` processes on one PostgreSQL behind a round-robin TCP balancer, 50
 * desks pushing their day through it at once, every connection cut now and then, one process killed (SIGKILL) half
 * way. The database holds each desk's order (the desk row lock) and serializes shared keys (advisory locks), so
 * whichever process serves a push: every op is stored exactly once in its desk's order, every acknowledgement the
 * desk got stands, and of 20 SIMs all desks try to sell, each is bound to exactly one customer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncClient, SyncHttpError } from '../../common/sync/client';
import type { Ack, SyncOp } from '../../common/sync/protocol';
import type { Database } from '../../server/db/adapter';
import { freePort } from '../support/postgres';
import { postgresForFile } from '../support/server-suites';
import { ServerChild } from '../support/server-child';
import { RoundRobinBalancer } from '../support/balancer';
import { enrolNewDesk, makeOp, openDatabase } from '../support/sync-server';
import { mixedOps } from '../support/mixed-ops';
import { waitFor } from '../support/wait';

const pg = postgresForFile();
const DESKS = 50;
const SHARED_SIMS = Array.from({ length: 20 }, (_, i) => ({ iccid: `89994010000080000${String(i).padStart(2, '0')}`, msisdn: `+99455800${String(i).padStart(4, '0')}` }));

interface DeskRun {
  deskId: string;
  client: SyncClient;
  ops: SyncOp[];
  /** Every acknowledgement received, by op id (a later `duplicate` replaces the first). */
  acks: Map<string, Ack>;
}

/**
 * A desk's worker, reduced: push the next batch of what is not acknowledged yet, retry what is retryable. A batch
 * whose answer was lost is sent again and comes back `duplicate` for what the server had committed.
 */
async function pushDay(desk: DeskRun, batch: number): Promise<void> {
  for (let attempt = 0; attempt < 400; attempt++) {
    const pending = desk.ops.filter((o) => !desk.acks.has(o.id));
    if (!pending.length) return;
    try {
      const r = await desk.client.push(pending.slice(0, batch));
      for (const a of r.acks) desk.acks.set(a.id, a);
    } catch (e) {
      if (!(e instanceof SyncHttpError) || !e.retryable) throw e;
      await new Promise((r) => setTimeout(r, Math.min(e.retryAfterMs ?? 20, 100)));
    }
  }
  throw new Error(`desk ${desk.deskId} not done after 400 attempts`);
}

async function storedCount(db: Database): Promise<number> {
  const [r] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM ops');
  return r.n;
}

describe('two server processes behind a round-robin balancer', () => {
  let db: Database;
  let url: string;
  const servers: ServerChild[] = [];
  let balancer: RoundRobinBalancer;
  beforeAll(async () => {
    url = await pg().createDatabase('scale_out');
    db = await openDatabase('postgres', url);
    for (let i = 0; i < 2; i++) {
      const s = new ServerChild(await freePort(), url);
      servers.push(s);
      await s.start(8);
    }
    balancer = await RoundRobinBalancer.start(servers.map((s) => s.port));
  }, 60_000);
  afterAll(async () => {
    await balancer?.close();
    for (const s of servers) await s.kill();
    await db?.close();
  });

  it('50 desks push through it while connections are cut and one process is killed: each op once, in order, no ack lost', async () => {
    const desks: DeskRun[] = [];
    for (let i = 0; i < DESKS; i++) {
      const enrolled = await enrolNewDesk({ db, url: balancer.url }, `Scale Office ${i % 5}`, `desk ${i}`);
      const day = mixedOps(1, 110);
      const subject = `fin:SCALE${String(i).padStart(2, '0')}`;
      const sims = SHARED_SIMS.map((s, j) => makeOp(day.length + j + 1, 'sim.sell', s, { subject }));
      const client = new SyncClient(balancer.url, { deskId: enrolled.deskId, privateKey: enrolled.privateKey }, { timeoutMs: 10_000 });
      desks.push({ deskId: enrolled.deskId, client, ops: [...day, ...sims], acks: new Map() });
    }
    const total = desks.reduce((n, d) => n + d.ops.length, 0);

    // The chaos, at points of progress: connections cut (answers lost, requests cut short), one process killed.
    const pushing = Promise.all(desks.map((d) => pushDay(d, 20)));
    pushing.catch(() => {});
    let cuts = 0;
    for (const step of [0.1, 0.2, 'kill', 0.45, 0.6, 0.75, 0.9] as const) {
      const fraction = step === 'kill' ? 1 / 3 : step;
      await waitFor(async () => (await storedCount(db)) >= total * fraction, 60_000, `${Math.round(fraction * 100)}% of the ops to be stored`);
      if (step === 'kill') {
        expect(balancer.served.every((n) => n > 0)).toBe(true);
        await servers[0].kill();
      } else {
        balancer.cut();
        cuts++;
      }
    }
    await pushing;
    const duplicates = desks.reduce((n, d) => n + [...d.acks.values()].filter((a) => a.status === 'duplicate').length, 0);
    // Answers were lost (cut, or the process died after its commit): the re-push came back duplicate.
    expect(cuts).toBe(6);
    expect(duplicates).toBeGreaterThan(0);

    for (const d of desks) {
      const stored = await db.query<{ id: string; seq: number; status: string }>('SELECT id, seq::int AS seq, status FROM ops WHERE desk_id = $1 ORDER BY seq', [d.deskId]);
      expect(stored.map((r) => r.id)).toEqual(d.ops.map((o) => o.id));
      // An op acknowledged applied or conflict is stored so; a duplicate names how the stored one ended.
      const status = new Map(stored.map((r) => [r.id, r.status]));
      for (const [id, a] of d.acks) {
        const expected = a.status === 'duplicate' ? (a.reason?.split(':')[0] ?? 'applied') : a.status;
        expect(status.get(id)).toBe(expected);
      }
      expect(d.acks.size).toBe(d.ops.length);
    }
    expect(await storedCount(db)).toBe(total);
    const bound = await db.query<{ iccid: string }>('SELECT iccid FROM iccid_bindings WHERE iccid = ANY($1::text[])', [SHARED_SIMS.map((s) => s.iccid)]);
    expect(bound).toHaveLength(SHARED_SIMS.length);
    const [won] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ops WHERE kind = 'sim.sell' AND status = 'applied' AND payload->>'iccid' = ANY($1::text[])`, [
      SHARED_SIMS.map((s) => s.iccid),
    ]);
    expect(won.n).toBe(SHARED_SIMS.length);
  }, 120_000);
});
