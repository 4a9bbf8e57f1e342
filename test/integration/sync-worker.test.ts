// The worker's pacing against a scripted server (a fake fetch, no network): Retry-After is honoured, backoff grows with
// full jitter up to its cap and resets on success, a timed-out batch halves the next one and success grows it back
// slowly, and only one request is ever in flight.
import { afterEach, describe, expect, it } from 'vitest';
import { openDesk, type TestDesk } from '../support/desk';
import { withTx } from '../../electron/main/db/database';
import type { FetchLike } from '../../common/sync/client';
import type { SyncWorkerOptions } from '../../electron/main/sync/sync-worker';

const DESK_ID = '01900000-0000-7000-8000-000000000001';
const OFFICE_ID = '01900000-0000-7000-8000-000000000002';

type Reply = { status: number; body?: unknown; headers?: Record<string, string> } | 'timeout' | 'refused';

/** A scripted server: `push` decides per request; state/pull/enrol answer normally, other routes 404. Records concurrency. */
function scriptedServer(push: (ops: Array<{ id: string; seq: number }>) => Reply) {
  let highest = 0;
  let inFlight = 0;
  const stats = { maxInFlight: 0, pushSizes: [] as number[] };
  const fetch: FetchLike = async (url, init) => {
    inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
    try {
      await new Promise((r) => setTimeout(r, 1));
      const path = new URL(url).pathname;
      let reply: Reply;
      if (path === '/v1/enrol') reply = { status: 200, body: { deskId: DESK_ID, officeId: OFFICE_ID, officeName: 'Scripted' } };
      else if (path === '/v1/state') reply = { status: 200, body: { deskId: DESK_ID, officeId: OFFICE_ID, highestSeq: highest } };
      else if (path === '/v1/pull') reply = { status: 200, body: { changes: [], cursor: 'c', more: false } };
      // A server without the audit route (as one older than the desk): the worker logs it and goes on.
      else if (path !== '/v1/push') reply = { status: 404, body: { code: 'NOT_FOUND', message: `no route ${path}` } };
      else {
        const ops = (JSON.parse(init.body!) as { ops: Array<{ id: string; seq: number }> }).ops;
        stats.pushSizes.push(ops.length);
        reply = push(ops);
        if (typeof reply === 'object' && reply.status === 200 && reply.body === undefined) {
          highest = Math.max(highest, ...ops.map((o) => o.seq));
          reply = { status: 200, body: { acks: ops.map((o) => ({ id: o.id, seq: o.seq, status: 'applied' })), highestSeq: highest } };
        }
      }
      if (reply === 'timeout') throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
      if (reply === 'refused') throw new TypeError('fetch failed');
      return new Response(reply.body === undefined ? '' : JSON.stringify(reply.body), { status: reply.status, headers: { 'content-type': 'application/json', ...reply.headers } });
    } finally {
      inFlight--;
    }
  };
  return { fetch, stats };
}

describe('sync worker pacing', () => {
  let desk: TestDesk | undefined;
  afterEach(async () => {
    if (desk) {
      await desk.dispose();
      desk = undefined;
    }
  });

  async function enrolledDesk(fetch: FetchLike, opts: SyncWorkerOptions = {}): Promise<TestDesk> {
    desk = await openDesk({ sync: { fetch, debounceMs: 5, ...opts }, openShift: false });
    await desk.services.sync.enrol({ serverUrl: 'http://127.0.0.1:9', code: 'ABCD-EFGH-JKMN' });
    return desk;
  }

  it('honours Retry-After: never retries sooner than the server asked, even with zero jitter', async () => {
    const server = scriptedServer(() => ({ status: 503, body: { code: 'DATABASE_UNAVAILABLE', message: 'down' }, headers: { 'retry-after': '7' } }));
    const d = await enrolledDesk(server.fetch, { random: () => 0 });
    d.recordVisits(1);
    const before = Date.now();
    const r = await d.services.sync.syncNow();
    expect(r.ok).toBe(false);
    expect(d.services.sync.status()).toMatchObject({ state: 'offline', pending: 1 });
    expect(Date.parse(d.services.sync.status().nextRetryAt!) - before).toBeGreaterThanOrEqual(7_000);
  });

  it('backs off exponentially with full jitter up to the cap, and starts over after a success', async () => {
    let up = false;
    const server = scriptedServer(() => (up ? { status: 200 } : 'refused'));
    // A frozen clock: the retry time minus "now" is exactly the delay the worker chose, whatever the machine's load.
    const frozen = new Date();
    desk = await openDesk({ openShift: false, clock: { now: () => frozen }, sync: { fetch: server.fetch, debounceMs: 5, random: () => 0.999, backoffBaseMs: 100, backoffCapMs: 1_000 } });
    await desk.services.sync.enrol({ serverUrl: 'http://127.0.0.1:9', code: 'ABCD-EFGH-JKMN' });
    const d = desk;
    d.recordVisits(1);
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      await d.services.sync.syncNow();
      delays.push(Date.parse(d.services.sync.status().nextRetryAt!) - frozen.getTime());
    }
    // Full jitter with random() = 0.999 under ceilings 100, 200, 400, 800, then the 1000 cap.
    expect(delays).toEqual([99, 199, 399, 799, 999, 999]);
    up = true;
    expect(await d.services.sync.syncNow()).toMatchObject({ ok: true, pending: 0 });
    expect(d.services.sync.status().nextRetryAt).toBeNull();
  });

  it('halves the batch after a timeout and grows it back slowly after successes', async () => {
    let timeouts = 1;
    const server = scriptedServer(() => (timeouts-- > 0 ? 'timeout' : { status: 200 }));
    const d = await enrolledDesk(server.fetch, { initialBatch: 64, maxBatch: 500 });
    withTx(d.services.db, () => d.recordVisits(400));
    expect((await d.services.sync.syncNow()).ok).toBe(false);
    expect(d.services.sync.worker.currentBatchSize()).toBe(32);
    expect(await d.services.sync.syncNow()).toMatchObject({ ok: true, pending: 0 });
    const sizes = server.stats.pushSizes;
    expect(sizes[0]).toBe(64);
    expect(sizes[1]).toBe(32);
    // Each success adds an eighth: 32 → 36 → 40 → 45 …
    expect(sizes.slice(2, 5)).toEqual([36, 40, 45]);
  });

  it('keeps one request in flight while operations keep arriving', async () => {
    const server = scriptedServer(() => ({ status: 200 }));
    const d = await enrolledDesk(server.fetch, { backoffBaseMs: 10 });
    d.services.sync.start();
    for (let i = 0; i < 20; i++) {
      d.recordVisits(1);
      await new Promise((r) => setTimeout(r, 3));
    }
    for (let i = 0; i < 200 && d.services.sync.status().pending > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(d.services.sync.status().pending).toBe(0);
    expect(server.stats.maxInFlight).toBe(1);
  });
});
