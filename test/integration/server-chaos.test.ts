/**
 * The sync server when things break: the database link goes dead or is reset, answers to desks are lost, a desk
 * pushes twice at once, PostgreSQL is not up when the server starts, a PGlite server loses its last commits.
 * In every case the end state is: each op stored exactly once, highestSeq = number of ops.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SyncClient, SyncHttpError } from '../../common/sync/client';
import type { SyncOp } from '../../common/sync/protocol';
import { TestPostgres } from '../support/postgres';
import { TcpProxy } from '../support/tcp-proxy';
import { waitFor } from '../support/wait';
import { enrolNewDesk, makeOp, startServer, type RunningServer } from '../support/sync-server';
import { openPglite } from '../../server/db/pglite';
import { openPostgres } from '../../server/db/postgres';
import { migrate } from '../../server/db/migrate';
import { migrateWhenReachable } from '../../server/runtime';
import { setReferenceTable } from '../../server/store/reference';
import { putRow } from '../../server/store/changes';
import type { Database } from '../../server/db/adapter';

let postgres: TestPostgres;
beforeAll(async () => {
  postgres = await TestPostgres.create();
});
afterAll(async () => {
  await postgres?.destroy();
});

/**
 * Pushes until every op is acknowledged, retrying what a retrying desk would retry. A batch is one transaction on the
 * server, so it needs the database link to hold for the whole batch: after a failure the next batch is half as big,
 * after a success twice as big (as a desk's worker shrinks and regrows its batches).
 */
async function pushUntilDone(client: SyncClient, ops: SyncOp[], attempts = 40): Promise<void> {
  let size = ops.length;
  for (let i = 0; i < attempts; i++) {
    try {
      const { highestSeq } = await client.state();
      const pending = ops.filter((o) => o.seq > highestSeq);
      if (!pending.length) return;
      await client.push(pending.slice(0, size));
      size = Math.min(ops.length, size * 2);
    } catch (e) {
      if (!(e instanceof SyncHttpError) || !e.retryable) throw e;
      size = Math.max(1, Math.floor(size / 2));
      await new Promise((r) => setTimeout(r, Math.min(e.retryAfterMs ?? 100, 200)));
    }
  }
  throw new Error('ops not all acknowledged');
}

async function storedSeqs(db: Database, deskId: string): Promise<number[]> {
  return (await db.query<{ seq: string }>('SELECT seq::text AS seq FROM ops WHERE desk_id = $1 ORDER BY ops.seq', [deskId])).map((r) => Number(r.seq));
}

describe('sync server under faults (PostgreSQL)', () => {
  let dbProxy: TcpProxy;
  let db: Database;
  let server: RunningServer;
  beforeAll(async () => {
    await postgres.createDatabase('chaos');
    dbProxy = await TcpProxy.start(postgres.port);
    db = openPostgres(`postgres://postgres@127.0.0.1:${dbProxy.port}/chaos`, { connectTimeoutMs: 1000, queryTimeoutMs: 1500 });
    await migrate(db);
    server = await startServer(db);
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
    await dbProxy?.close();
  });

  it('answers 503 while the database link is dead, then recovers by itself', async () => {
    const desk = await enrolNewDesk(server, 'Blackhole Office');
    await desk.client.push([makeOp(1)]);
    dbProxy.blackhole();
    const e = (await desk.client.push([makeOp(2)]).catch((x: unknown) => x)) as SyncHttpError;
    expect(e).toBeInstanceOf(SyncHttpError);
    expect(e.status).toBe(503);
    expect(e.retryAfterMs).toBeGreaterThan(0);
    dbProxy.restore();
    dbProxy.cut(); // the dead connections are gone for good, as after a real outage
    const ops = [makeOp(2), makeOp(3)];
    await pushUntilDone(desk.client, ops);
    expect(await storedSeqs(db, desk.deskId)).toEqual([1, 2, 3]);
  });

  it('stores every op exactly once when database connections are reset during pushes', async () => {
    const desk = await enrolNewDesk(server, 'Reset Office');
    const ops = Array.from({ length: 300 }, (_, i) => makeOp(i + 1, i % 3 ? 'visit.create' : 'sim.sell', i % 3 ? {} : { fin: '5ZZZZZ9', iccid: `89994010000${String(i).padStart(8, '0')}` }));
    const cutter = setInterval(() => dbProxy.cut(), 100);
    try {
      await pushUntilDone(desk.client, ops, 400);
    } finally {
      clearInterval(cutter);
    }
    expect(await storedSeqs(db, desk.deskId)).toEqual(ops.map((o) => o.seq));
    const bindings = await db.query('SELECT count(*)::int AS n FROM iccid_bindings WHERE subscriber = $1', ['fin:5ZZZZZ9']);
    expect(Number(bindings[0].n)).toBe(100);
  });

  it('never applies twice when the answer to a push is lost and the desk re-sends', async () => {
    const deskLink = await TcpProxy.start(Number(new URL(server.url).port));
    try {
      const enrolled = await enrolNewDesk(server, 'Lost Answer Office');
      const desk = new SyncClient(deskLink.url, { deskId: enrolled.deskId, privateKey: enrolled.privateKey }, { timeoutMs: 1500 });
      const ops = [makeOp(1), makeOp(2), makeOp(3)];
      deskLink.blackhole('responses');
      const lost = (await desk.push(ops).catch((x: unknown) => x)) as SyncHttpError;
      expect(lost.status).toBe(0); // the desk saw a network failure…
      expect(await storedSeqs(db, enrolled.deskId)).toEqual([1, 2, 3]); // …but the server had applied the batch
      deskLink.restore();
      const again = await desk.push(ops);
      expect(again.acks.map((a) => a.status)).toEqual(['duplicate', 'duplicate', 'duplicate']);
      expect(await storedSeqs(db, enrolled.deskId)).toEqual([1, 2, 3]);
    } finally {
      await deskLink.close();
    }
  });

  it('applies each op once when the same desk pushes the same ops twice at the same time', async () => {
    const desk = await enrolNewDesk(server, 'Twice Office');
    const ops = Array.from({ length: 40 }, (_, i) => makeOp(i + 1));
    const [a, b] = await Promise.all([desk.client.push(ops), desk.client.push([...ops].reverse())]);
    const acks = [...a.acks, ...b.acks];
    expect(acks.filter((x) => x.status === 'applied')).toHaveLength(40);
    // Whoever lost the race for an op is told it is a duplicate — never "seq taken", which would make a desk renumber.
    expect(acks.filter((x) => x.status !== 'applied' && x.status !== 'duplicate' && x.reason !== 'gap')).toEqual([]);
    expect(await storedSeqs(db, desk.deskId)).toHaveLength(40);
  });

  it('acknowledges an op stored by a concurrent push while it waited for the desk lock as a duplicate', async () => {
    const desk = await enrolNewDesk(server, 'Lock Office');
    const op = makeOp(1);
    let release!: () => void;
    const mayCommit = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const hasLock = new Promise<void>((r) => (locked = r));
    let holder = 0;
    // Another push of the same op, caught between storing it and committing.
    const other = db.transaction(async (tx) => {
      [{ pid: holder }] = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      await tx.query('SELECT 1 FROM desks WHERE id = $1 FOR UPDATE', [desk.deskId]);
      await tx.query(
        `INSERT INTO ops (id, desk_id, office_id, seq, kind, subject, created_at, payload, status) VALUES ($1, $2, $3, 1, $4, $5, $6, '{}'::jsonb, 'applied')`,
        [op.id, desk.deskId, desk.officeId, op.kind, op.subject, op.createdAt],
      );
      await tx.query('UPDATE desks SET highest_seq = 1 WHERE id = $1', [desk.deskId]);
      locked();
      await mayCommit;
    });
    await hasLock;
    const pushing = desk.client.push([op]);
    // The push has reached the desk lock and waits on it: PostgreSQL names the holder's backend as its blocker.
    const blocked = async () => (await db.query(`SELECT pid FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))`, [holder])).length > 0;
    await waitFor(blocked, 10_000, 'the push to wait on the desk lock');
    release();
    await other;
    const r = await pushing;
    expect(r.acks).toEqual([{ id: op.id, seq: 1, status: 'duplicate' }]);
  });

  it('a desk pulling all along ends with every committed change while writers commit out of order', async () => {
    const desk = await enrolNewDesk(server, 'Race Office');
    let cursor: string | undefined;
    const held = new Map<string, { version: number; row: unknown }>();
    const pullOnce = async () => {
      const page = await desk.client.pull(cursor, 7);
      for (const c of page.changes) {
        if (c.table !== 'race') continue;
        if ((held.get(c.key)?.version ?? 0) < c.version) held.set(c.key, { version: c.version, row: c.row });
      }
      cursor = page.cursor;
      return page.more;
    };
    while (await pullOnce());
    let writing = true;
    // Writers hold their transactions open for different times, so commit order differs from xid and id order.
    const writers = Array.from({ length: 6 }, (_, w) =>
      (async () => {
        for (let i = 0; i < 12; i++) {
          const key = `k${(w * 7 + i) % 10}`;
          await db
            .transaction(async (tx) => {
              await putRow(tx, { table: 'race', key, officeId: null, row: { w, i } });
              await new Promise((r) => setTimeout(r, ((w * 13 + i * 7) % 5) * 8));
              if ((w + i) % 9 === 0) throw new Error('rolled back on purpose');
            })
            .catch((e: Error) => {
              if (e.message !== 'rolled back on purpose') throw e;
            });
        }
      })(),
    );
    const puller = (async () => {
      while (writing) {
        await pullOnce();
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    await Promise.all(writers);
    writing = false;
    await puller;
    while (await pullOnce());
    const central = await db.query<{ key: string; version: string; row: unknown }>(`SELECT key, version::text AS version, row FROM central_rows WHERE table_name = 'race'`);
    expect(central.length).toBe(10);
    for (const r of central) expect(held.get(r.key)).toEqual({ version: Number(r.version), row: r.row });
  });

  it('waits for PostgreSQL when it is not up yet at start, then migrates', async () => {
    const port = dbProxy.port;
    const lateDb = openPostgres(`postgres://postgres@127.0.0.1:${port}/late_start`, { connectTimeoutMs: 500 });
    try {
      // The database does not exist yet: connections fail with 3D000, which is not "unavailable"…
      await expect(migrateWhenReachable(lateDb, () => {}, 1000)).rejects.toThrow(/does not exist/);
      // …while a dead link is waited for.
      dbProxy.blackhole();
      const log: string[] = [];
      const waiting = migrateWhenReachable(lateDb, (m) => log.push(m));
      await waitFor(() => log.length > 0, 10_000, 'the server to say it is waiting for PostgreSQL');
      await postgres.createDatabase('late_start');
      dbProxy.restore();
      await waiting;
      expect(log.length).toBeGreaterThan(0);
      const tables = await lateDb.query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'ops'`);
      expect(tables).toHaveLength(1);
    } finally {
      dbProxy.restore();
      await lateDb.close();
    }
  });
});

describe('sync server on PGlite after losing its last commits', () => {
  it('reports the lower highestSeq so the desk re-sends what the server lost', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'masa-pglite-'));
    try {
      const open = async (dataDir: string) => {
        const db = await openPglite(dataDir);
        await migrate(db);
        return { db, server: await startServer(db) };
      };
      let { db, server } = await open(join(dir, 'live'));
      const enrolled = await enrolNewDesk(server, 'Power Cut Office');
      const ops = Array.from({ length: 6 }, (_, i) => makeOp(i + 1));
      await enrolled.client.push(ops.slice(0, 3));
      await setReferenceTable(db, { table: 'fees', rows: [{ code: 'dup', amount: '7.00' }] });
      await server.close();
      await db.close();
      cpSync(join(dir, 'live'), join(dir, 'backup'), { recursive: true }); // the state that will survive
      ({ db, server } = await open(join(dir, 'live')));
      await new SyncClient(server.url, enrolled).push(ops.slice(3));
      // The desk pulls changes that are about to be lost.
      await setReferenceTable(db, { table: 'fees', rows: [{ code: 'dup', amount: '8.00' }, { code: 'imei', amount: '20.00' }] });
      const beforeLoss = await new SyncClient(server.url, enrolled).pull();
      const heldVersion = beforeLoss.changes.filter((c) => c.key === 'dup').at(-1)!.version;
      await server.close();
      await db.close();

      // "Power loss": the last commits are gone.
      rmSync(join(dir, 'live'), { recursive: true });
      cpSync(join(dir, 'backup'), join(dir, 'live'), { recursive: true });
      ({ db, server } = await open(join(dir, 'live')));
      try {
        const desk = new SyncClient(server.url, enrolled);
        expect((await desk.state()).highestSeq).toBe(3);
        await pushUntilDone(desk, ops);
        expect(await storedSeqs(db, enrolled.deskId)).toEqual([1, 2, 3, 4, 5, 6]);

        // New central changes after the loss reach the desk: its old cursor points at a lost change, so it starts
        // over, and the new version is above the lost one it holds.
        await setReferenceTable(db, { table: 'fees', rows: [{ code: 'dup', amount: '9.00' }] });
        const after = await desk.pull(beforeLoss.cursor);
        expect(after.reset).toBe(true);
        const dup = after.changes.filter((c) => c.table === 'fees' && c.key === 'dup').at(-1)!;
        expect(dup.row).toEqual({ code: 'dup', amount: '9.00' });
        expect(dup.version).toBeGreaterThan(heldVersion);
      } finally {
        await server.close();
        await db.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('does not skip a new change that reuses the xid and change id of a lost one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'masa-pglite-'));
    try {
      const open = async () => {
        const db = await openPglite(join(dir, 'live'));
        await migrate(db);
        return { db, server: await startServer(db) };
      };
      let { db, server } = await open();
      const enrolled = await enrolNewDesk(server, 'Reuse Office');
      await server.close();
      await db.close();
      cpSync(join(dir, 'live'), join(dir, 'backup'), { recursive: true });

      ({ db, server } = await open());
      await setReferenceTable(db, { table: 'fees', rows: [{ code: 'lost', amount: '1.00' }] });
      const seen = await new SyncClient(server.url, enrolled).pull();
      const lost = await db.query<{ xid: string; change_id: string }>(`SELECT xid::text AS xid, change_id::text AS change_id FROM changes WHERE key = 'lost'`);
      await server.close();
      await db.close();

      rmSync(join(dir, 'live'), { recursive: true });
      cpSync(join(dir, 'backup'), join(dir, 'live'), { recursive: true });
      ({ db, server } = await open());
      try {
        // The same first transaction after the restore: the same xid and change id as the lost change.
        await setReferenceTable(db, { table: 'fees', rows: [{ code: 'new', amount: '2.00' }] });
        const reused = await db.query<{ xid: string; change_id: string }>(`SELECT xid::text AS xid, change_id::text AS change_id FROM changes WHERE key = 'new'`);
        expect(reused).toEqual(lost);
        const after = await new SyncClient(server.url, enrolled).pull(seen.cursor);
        expect(after.changes.map((c) => c.key)).toContain('new');
      } finally {
        await server.close();
        await db.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
