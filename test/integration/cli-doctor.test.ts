// `masa doctor` on real desks and a real sync server (PGlite): the enrolment, and whether the server answers this
// desk's signed GET /v1/state — with what went wrong in plain words when it does not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDoctor } from '../../cli/commands/doctor';
import { addOffice, createEnrolmentCode } from '../../server/store/offices';
import { openDesk, type TestDesk } from '../support/desk';
import { freePort } from '../support/postgres';
import { openDatabase, startServer, type RunningServer } from '../support/sync-server';

const check = (report: Awaited<ReturnType<typeof runDoctor>>, name: string) => report.checks.find((c) => c.name === name);

describe('masa doctor: enrolment and sync server', () => {
  let server: RunningServer;
  let port: number;
  const desks: TestDesk[] = [];

  beforeAll(async () => {
    port = await freePort();
    server = await startServer(await openDatabase('pglite'), { port });
    await addOffice(server.db, 'ASXM Bakı-1');
  });
  afterAll(async () => {
    for (const d of desks) await d.dispose().catch(() => {});
    await server?.close();
    await server?.db.close();
  });

  async function desk(name: string): Promise<TestDesk> {
    const d = await openDesk({ name });
    desks.push(d);
    return d;
  }

  it('says a desk is not enrolled, and how to enrol it', async () => {
    const d = await desk('doctor-new');
    const report = await runDoctor({ dataDir: d.dataDir });
    expect(check(report, 'enrolment')).toMatchObject({ level: 'warn', detail: expect.stringMatching(/not enrolled.*masa enrol --server URL --code CODE/) });
    expect(check(report, 'sync server')).toBeUndefined();
    expect(report.sync).toMatchObject({ enrolled: false, reachable: null });
  });

  it('an enrolled desk: its office and server, and the server answering its signed request', async () => {
    const d = await desk('doctor-enrolled');
    await d.services.sync.enrol({ serverUrl: server.url, code: (await createEnrolmentCode(server.db, 'ASXM Bakı-1')).code });
    const report = await runDoctor({ dataDir: d.dataDir });
    expect(check(report, 'enrolment')).toMatchObject({ level: 'ok', detail: `enrolled as desk "doctor-enrolled" of office "ASXM Bakı-1" with ${server.url}` });
    expect(check(report, 'sync server')).toMatchObject({ level: 'ok', detail: expect.stringContaining(`${server.url} answers this desk's signed requests`) });
    expect(report.sync).toMatchObject({ enrolled: true, serverUrl: server.url, reachable: true, error: null });
  });

  it('the server stopped: a warning that nothing answers there (not "fetch failed"); a server that does not know the desk: FAIL', async () => {
    const d = await desk('doctor-offline');
    await d.services.sync.enrol({ serverUrl: server.url, code: (await createEnrolmentCode(server.db, 'ASXM Bakı-1')).code });
    await server.close();
    const down = await runDoctor({ dataDir: d.dataDir, timeoutMs: 3000 });
    expect(check(down, 'sync server')).toMatchObject({
      level: 'warn',
      detail: `nothing answers at ${server.url} (connection refused): is the sync server running, and is the address right?`,
    });
    expect(JSON.stringify(down)).not.toMatch(/fetch failed/);
    expect(down.sync).toMatchObject({ enrolled: true, reachable: false });

    // Another server (a fresh database) at the same address has never heard of this desk.
    await server.db.close();
    server = await startServer(await openDatabase('pglite'), { port });
    const stranger = await runDoctor({ dataDir: d.dataDir });
    expect(check(stranger, 'sync server')).toMatchObject({ level: 'fail', detail: expect.stringMatching(/does not accept this desk's key .*enrol again with a new code/) });
    expect(stranger.ok).toBe(false);
  });
});

describe('masa doctor: an unreachable name', () => {
  it('a server address that does not resolve is named as a DNS problem', async () => {
    const { networkProblem } = await import('../../cli/commands/doctor-sync');
    const error = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('getaddrinfo ENOTFOUND sync.invalid'), { code: 'ENOTFOUND' }) });
    expect(networkProblem(error, 'https://sync.invalid/v1/state', 5000)).toBe(`the server name "sync.invalid" is not known (DNS): check the address and this computer's network`);
    const timeout = Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' });
    expect(networkProblem(timeout, 'http://10.0.0.1:8787/v1/state', 5000)).toMatch(/^no answer from http:\/\/10\.0\.0\.1:8787 within 5 s/);
  });
});
