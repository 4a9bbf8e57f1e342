// Several server processes on one PostgreSQL (issue 9, item 8): `masa-server start` with DATABASE_URL claims no local
// data folder, so a second process on the same machine and folder starts too; both serve the same desks — a desk
// enrolled through one pushes through the other, and per-desk order is kept by the database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type StartedServer } from '../../server/runtime';
import { addOffice, createEnrolmentCode } from '../../server/store/offices';
import { SyncClient } from '../../common/sync/client';
import { makeOp } from '../support/sync-server';
import { postgresForFile } from '../support/server-suites';

const pg = postgresForFile();

describe('two server processes on one PostgreSQL', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'masa-server-'));
  const servers: StartedServer[] = [];
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    env = { ...process.env, DATABASE_URL: await pg().createDatabase('two_processes') };
  });
  afterAll(async () => {
    for (const s of servers) await s.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('both start on the same data folder and serve the same desk, in order', async () => {
    for (let i = 0; i < 2; i++) servers.push(await startServer({ dataDir, host: '127.0.0.1', port: 0, tls: null, env, log: () => {} }));
    const [one, two] = servers;
    await addOffice(one.db, 'Scale Office');
    const { code } = await createEnrolmentCode(one.db, 'Scale Office');
    const enrolled = await new SyncClient(one.url).enrol(code, 'Desk 1');
    const viaOne = new SyncClient(one.url, enrolled);
    const viaTwo = new SyncClient(two.url, enrolled);
    expect((await viaOne.push([makeOp(1), makeOp(2)])).highestSeq).toBe(2);
    const r = await viaTwo.push([makeOp(3), makeOp(5)]);
    expect(r.acks.map((a) => [a.seq, a.status, a.reason])).toEqual([
      [3, 'applied', undefined],
      [5, 'rejected', 'gap'],
    ]);
    expect((await viaOne.state()).highestSeq).toBe(3);
  });
});
