// Chaos suite for desk ⇄ server sync, against a PostgreSQL started by the test. Every case ends with every
// operation applied exactly once: the ids on the server equal the desk's outbox ids, in seq order, with no extra rows.
// Loops are bounded; everything is on loopback.
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3-multiple-ciphers';
import { readFileSync } from 'node:fs';
import { TestPostgres, freePort } from '../support/postgres';
import { TcpProxy } from '../support/tcp-proxy';
import { examplePayload } from '../../common/operations';
import { openDatabase as openServerDb, startServer } from '../support/sync-server';
import { openDesk, removeDir, runDeskCommand, spawnDeskCommand, waitFor, type TestDesk } from '../support/desk';
import { withTx } from '../../electron/main/db/database';
import { addOffice, createEnrolmentCode } from '../../server/store/offices';
import type { Database as ServerDb } from '../../server/db/adapter';
import type { SyncWorkerOptions } from '../../electron/main/sync/sync-worker';

const ROOT = resolve(import.meta.dirname, '../..');

const children = new Set<ChildProcess>();

class ServerChild {
  private child?: ChildProcess;
  constructor(
    readonly port: number,
    readonly postgresUrl: string,
  ) {}
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }
  async start(pool = 10): Promise<void> {
    // Node with the tsx loader, not the tsx CLI (its forked child would survive a SIGKILL of the parent).
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/support/sync-server-child.ts'), '--port', String(this.port), '--postgres', this.postgresUrl, '--pool', String(pool)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    children.add(child);
    child.once('exit', () => children.delete(child));
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    await new Promise<void>((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`server child did not start: ${err}`)), 30_000);
      child.stdout!.once('data', () => (clearTimeout(timer), res()));
      child.once('exit', (code) => (clearTimeout(timer), rej(new Error(`server child exited ${code}: ${err}`))));
    });
  }
  /** SIGKILL by PID, like a crash. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    this.child = undefined;
  }
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
    for (const c of children) c.kill('SIGKILL');
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
    const server = new ServerChild(await freePort(), dbUrl);
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
    // The desk's own `masa sync now` in a child process; kill it while the server is inside a batch.
    const child = spawnDeskCommand(d.dataDir, 'sync', ['now']);
    const exited = new Promise((r) => child.once('exit', r));
    await waitFor(async () => (await serverOpCount(db, deskId)) >= 50, 30_000, 'the server to be inside the first batch');
    child.kill('SIGKILL');
    await exited;
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
