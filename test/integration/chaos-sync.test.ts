// Chaos suite for desk ⇄ server sync, against a PostgreSQL started by the test. Every case ends with every
// operation applied exactly once: the ids on the server equal the desk's outbox ids, in seq order, with no extra rows.
// Loops are bounded; everything is on loopback.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3-multiple-ciphers';
import { readFileSync } from 'node:fs';
import { TestPostgres, freePort } from '../support/postgres';
import { TcpProxy } from '../support/tcp-proxy';
import { ServerChild } from '../support/server-child';
import { examplePayload } from '../../common/operations';
import { openDatabase as openServerDb, startServer } from '../support/sync-server';
import { openDesk, removeDir, runDeskCommand, spawnDeskCommand, waitFor, type TestDesk } from '../support/desk';
import { withTx } from '../../electron/main/db/database';
import { addOffice, createEnrolmentCode } from '../../server/store/offices';
import type { Database as ServerDb } from '../../server/db/adapter';
import type { SyncWorkerOptions } from '../../electron/main/sync/sync-worker';

const servers: ServerChild[] = [];
async function serverChild(url: string): Promise<ServerChild> {
  const server = new ServerChild(await freePort(), url);
  servers.push(server);
  return server;
}

async function serverOpIds(db: ServerDb, deskId: string): Promise<string[]> {
  return (await db.query<{ id: string }>('SELECT id FROM ops WHERE desk_id = $1 ORDER BY seq', [deskId])).map((r) => r.id);
}

async function serverOpCount(db: ServerDb, deskId: string): Promise<number> {
  const [r] = await db.query<{ n: string }>('SELECT count(*)::text AS n FROM ops WHERE desk_id = $1', [deskId]);
  return Number(r.n);
}

/** Every op on the desk is on the server exactly once, in the desk's seq order, and nothing else is. */
async function expectExactlyOnce(db: ServerDb, desk: TestDesk): Promise<void> {
  const deskId = desk.services.sync.status().deskId!;
  const local = desk.localOpIds();
  const remote = await serverOpIds(db, deskId);
  expect(new Set(remote).size).toBe(remote.length);
  expect(remote).toEqual(local);
  expect(desk.services.sync.status()).toMatchObject({ pending: 0, failed: 0 });
}

/**
 * Takes a row lock in a transaction of its own and holds it: a batch that needs the row waits inside its transaction.
 * `waiter()` resolves with the backend PID of the transaction waiting on it, once there is one.
 */
async function holdRow(db: ServerDb, lockSql: string, params: unknown[]): Promise<{ waiter: () => Promise<number>; release: () => Promise<void> }> {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let holding!: (pid: number) => void;
  const holder = new Promise<number>((r) => (holding = r));
  const held = db.transaction(async (tx) => {
    const [{ pid }] = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    await tx.query(lockSql, params);
    holding(pid);
    await released;
  });
  const pid = await holder;
  const waiting = async () => (await db.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))', [pid]))[0]?.pid;
  return {
    async waiter() {
      await waitFor(async () => (await waiting()) !== undefined, 30_000, 'a transaction to wait on the held row');
      return (await waiting())!;
    },
    async release() {
      release();
      await held;
    },
  };
}

/** `sync now` until nothing is pending, at most `rounds` times. */
async function syncUntilDone(desk: TestDesk, rounds = 40): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    const r = await desk.services.sync.syncNow();
    if (r.ok && r.pending === 0) return;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`still pending after ${rounds} rounds: ${JSON.stringify(desk.services.sync.status())}`);
}

describe('sync chaos (PostgreSQL)', () => {
  let pg: TestPostgres;
  let dbUrl: string;
  let db: ServerDb;
  const desks: TestDesk[] = [];

  beforeAll(async () => {
    pg = await TestPostgres.create();
    dbUrl = await pg.createDatabase('chaos');
    db = await openServerDb('postgres', dbUrl);
    await addOffice(db, 'Chaos office');
  });
  afterAll(async () => {
    for (const s of servers) await s.kill();
    for (const d of desks) {
      await d.close().catch(() => {});
      removeDir(d.dataDir);
    }
    await db?.close();
    await pg?.destroy();
  });

  async function enrolledDesk(name: string, url: string, opts: { sync?: SyncWorkerOptions } = {}): Promise<TestDesk> {
    const d = await openDesk({ name, sync: opts.sync });
    desks.push(d);
    const { code } = await createEnrolmentCode(db, 'Chaos office');
    await d.services.sync.enrol({ serverUrl: url, code });
    return d;
  }

  it('server killed (SIGKILL) mid-batch, then restarted with a different connection pool', async () => {
    const server = await serverChild(dbUrl);
    await server.start(10);
    const d = await enrolledDesk('kill-server', server.url);
    const deskId = d.services.sync.status().deskId!;
    withTx(d.services.db, () => d.recordVisits(2000));
    const syncing = d.services.sync.syncNow();
    await waitFor(async () => (await serverOpCount(db, deskId)) >= 300, 30_000, 'the server to apply part of the queue');
    await server.kill();
    const first = await syncing;
    expect(first.ok).toBe(false);
    const applied = await serverOpCount(db, deskId);
    expect(applied).toBeGreaterThan(0);
    expect(applied).toBeLessThan(2000);
    expect(d.services.sync.status().state).toBe('offline');
    // Back with one connection instead of ten: the desk re-sends from where the server is; committed ops come back duplicate.
    await server.start(1);
    await syncUntilDone(d);
    await expectExactlyOnce(db, d);
    await server.kill();
  });

  it('server killed (SIGKILL) while a batch transaction is open: nothing of the batch stays, the re-push stores each op once', async () => {
    const server = await serverChild(dbUrl);
    await server.start();
    const d = await enrolledDesk('kill-in-batch', server.url);
    const deskId = d.services.sync.status().deskId!;
    // A certificate on the server first; the batch below renews it, so its last statement writes the certificate's
    // pull-log row.
    const issue = examplePayload('cert.issue');
    // A number and SIM of its own: the other cases sell the example's number.
    d.enqueue('cert.issue', 'fin:5ABCDE1', { ...issue, iccid: '8999401000000777001', msisdn: '+994557770001' });
    await syncUntilDone(d);
    const before = await serverOpCount(db, deskId);
    // Hold that row: the batch then waits inside its transaction, after its op rows and central rows are written.
    const lock = await holdRow(db, `SELECT 1 FROM central_rows WHERE table_name = 'certificates' AND key = $1 FOR UPDATE`, [issue.certificateId]);
    withTx(d.services.db, () => d.recordVisits(150));
    d.enqueue('cert.renew', 'fin:5ABCDE1', { ...examplePayload('cert.renew'), certificateId: '0190c0de-0000-7000-8000-0000000000c9', replaces: issue.certificateId });
    withTx(d.services.db, () => d.recordVisits(450));
    const syncing = d.services.sync.syncNow();
    const batchBackend = await lock.waiter();
    // Its last statement (the pull-log rows): the op rows are in, uncommitted, invisible.
    const [{ query }] = await db.query<{ query: string }>('SELECT query FROM pg_stat_activity WHERE pid = $1', [batchBackend]);
    expect(query).toMatch(/INSERT INTO central_rows/);
    expect(await serverOpCount(db, deskId)).toBe(before);
    await server.kill();
    expect((await syncing).ok).toBe(false);
    // Let the orphaned transaction go on: it finds its client gone and rolls back, committing nothing.
    await lock.release();
    await waitFor(async () => (await db.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [batchBackend])).length === 0, 30_000, 'the orphaned backend to end');
    expect(await serverOpCount(db, deskId)).toBe(before);
    await server.start();
    await syncUntilDone(d);
    await expectExactlyOnce(db, d);
    const [cert] = await db.query<{ status: string }>('SELECT status FROM certificates WHERE certificate_id = $1', [issue.certificateId]);
    expect(cert.status).toBe('renewed');
    await server.kill();
  });

  it('connections cut and blackholed by a TCP proxy between desk and server', async () => {
    const server = await startServer(db);
    const proxy = await TcpProxy.start(Number(new URL(server.url).port));
    const d = await enrolledDesk('proxy', proxy.url, { sync: { requestTimeoutMs: 700, initialBatch: 100, backoffBaseMs: 20, backoffCapMs: 200 } });
    withTx(d.services.db, () => d.recordVisits(1200));
    // Cut every connection repeatedly while the desk pushes.
    let cuts = 0;
    const cutter = setInterval(() => {
      proxy.cut();
      cuts++;
    }, 40);
    try {
      for (let i = 0; i < 60 && d.services.sync.status().pending > 0; i++) await d.services.sync.syncNow();
    } finally {
      clearInterval(cutter);
    }
    expect(cuts).toBeGreaterThan(3);
    await syncUntilDone(d);
    // A dead link: requests time out and the batch shrinks; then the link comes back.
    d.recordVisits(50);
    proxy.blackhole();
    const before = d.services.sync.worker.currentBatchSize();
    const r = await d.services.sync.syncNow();
    expect(r.ok).toBe(false);
    expect(d.services.sync.worker.currentBatchSize()).toBeLessThan(before);
    proxy.cut();
    proxy.restore();
    await syncUntilDone(d);
    await expectExactlyOnce(db, d);
    await proxy.close();
    await server.close();
  });

  it('desk process (masa sync now) killed between send and acknowledgement', async () => {
    const server = await startServer(db);
    const d = await enrolledDesk('kill-desk', server.url);
    const deskId = d.services.sync.status().deskId!;
    withTx(d.services.db, () => d.recordVisits(1500));
    await d.close();
    // The desk's own `masa sync now` in a child process; kill it while the server is inside a batch: the batch's op
    // rows wait on the office row (their foreign key) until the desk is gone, then the server commits them.
    const [{ office_id: officeId }] = await db.query<{ office_id: string }>('SELECT office_id FROM desks WHERE id = $1', [deskId]);
    const lock = await holdRow(db, 'SELECT 1 FROM offices WHERE id = $1 FOR UPDATE', [officeId]);
    const child = spawnDeskCommand(d.dataDir, 'sync', ['now']);
    const exited = new Promise((r) => child.once('exit', r));
    await lock.waiter();
    child.kill('SIGKILL');
    await exited;
    await lock.release();
    await waitFor(async () => (await serverOpCount(db, deskId)) > 0, 30_000, 'the server to commit the batch');
    // What the killed process left: ops marked sent, never acknowledged.
    const key = readFileSync(join(d.dataDir, 'db.key'), 'utf8').trim();
    const raw = new Database(join(d.dataDir, 'masa.db'), { readonly: true });
    raw.pragma(`hexkey='${key}'`);
    const sentUnacked = raw.prepare(`SELECT count(*) FROM outbox WHERE state = 'sent'`).pluck().get() as number;
    raw.close();
    expect(sentUnacked).toBeGreaterThan(0);
    const again = await runDeskCommand(d.dataDir, 'sync', ['now']);
    expect(again.code, again.stderr).toBe(0);
    await d.reopen();
    await expectExactlyOnce(db, d);
    const [dups] = await db.query<{ n: string }>('SELECT duplicate_acks::text AS n FROM desks WHERE id = $1', [deskId]);
    expect(Number(dups.n)).toBeGreaterThan(0);
    await server.close();
  });

  it('two desks bind the same ICCID at the same time: one applies, the other is a conflict, each exactly once', async () => {
    const server = await startServer(db);
    const a = await enrolledDesk('race-a', server.url);
    const b = await enrolledDesk('race-b', server.url);
    const iccids = Array.from({ length: 20 }, (_, i) => `8999401000000${String(100000 + i)}`);
    for (const iccid of iccids) {
      a.enqueue('sim.sell', 'fin:AAAAAA1', { ...examplePayload('sim.sell'), fin: 'AAAAAA1', iccid });
      b.enqueue('sim.sell', 'fin:BBBBBB2', { ...examplePayload('sim.sell'), fin: 'BBBBBB2', iccid });
    }
    await Promise.all([syncUntilDone(a), syncUntilDone(b)]);
    await expectExactlyOnce(db, a);
    await expectExactlyOnce(db, b);
    const conflictsA = a.services.sync.status().conflicts;
    const conflictsB = b.services.sync.status().conflicts;
    // Per ICCID exactly one desk won.
    expect(conflictsA + conflictsB).toBe(iccids.length);
    const bindings = await db.query('SELECT iccid FROM iccid_bindings WHERE iccid = ANY($1)', [iccids]);
    expect(bindings).toHaveLength(iccids.length);
    const [c] = await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM conflicts WHERE desk_id = ANY($1::uuid[])`, [[a.services.sync.status().deskId, b.services.sync.status().deskId]]);
    expect(Number(c.n)).toBe(iccids.length);
    await server.close();
  });
});
