// Foundation benchmarks, each against a baseline measured in the same run:
// - browser-host cold start to the first interactive screen (median of 5 launches);
// - IPC round trip over the browser bridge (p50/p99 of 1000 calls) vs a bare WebSocket echo on loopback;
// - visit inserts per second through the query layer (and through VisitService) vs a raw better-sqlite3 loop.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { WebSocketServer, WebSocket } from 'ws';
import { chromium } from 'playwright-core';
import { existsSync } from 'node:fs';
import { insertVisit } from '../electron/main/db/queries/visits';
import { withTx } from '../electron/main/db/database';
import { ADMIN, openDesk, removeDir, tempDir } from '../test/support/desk';
import { buildTd1 } from '../test/support/mrz-builder';
import { invoke, launch } from '../test/support/browser-host';
import { fmt, median, percentile } from './stats';

type Log = (line: string) => void;

async function coldStart(log: Log): Promise<Record<string, number>> {
  const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
  if (!existsSync('out/renderer/index.html')) throw new Error('build the renderer first (npm run build)');
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  const times: number[] = [];
  try {
    for (let i = 0; i < 5; i++) {
      const dataDir = tempDir('masa-bench-');
      const started = performance.now();
      const child = spawn(process.execPath, ['--import', 'tsx', 'electron/browser-host/cli.ts', '--json', '--no-open', '--no-hardware'], {
        env: { ...process.env, MASA_DATA_DIR: dataDir },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
      const { url } = JSON.parse(line) as { url: string };
      const page = await browser.newPage();
      await page.goto(url);
      await page.getByTestId('input-office').waitFor({ state: 'visible' });
      times.push(performance.now() - started);
      await page.close();
      child.kill('SIGTERM');
      await once(child, 'exit');
      removeDir(dataDir);
    }
  } finally {
    await browser.close();
  }
  const result = { coldStartMedianMs: median(times), coldStartMinMs: Math.min(...times), coldStartMaxMs: Math.max(...times) };
  log(`cold start to first interactive screen: median ${fmt(result.coldStartMedianMs, 0)} ms (min ${fmt(result.coldStartMinMs, 0)}, max ${fmt(result.coldStartMaxMs, 0)}; 5 launches)`);
  return result;
}

async function roundTrips(ws: WebSocket, calls: number, frame: (i: number) => string, isReply: (data: string, i: number) => boolean): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < calls; i++) {
    const t0 = performance.now();
    const reply = new Promise<void>((resolve) => {
      const on = (d: WebSocket.RawData) => {
        if (isReply(String(d), i)) {
          ws.off('message', on);
          resolve();
        }
      };
      ws.on('message', on);
    });
    ws.send(frame(i));
    await reply;
    samples.push(performance.now() - t0);
  }
  return samples.sort((a, b) => a - b);
}

async function ipcRoundTrip(log: Log): Promise<Record<string, number>> {
  const CALLS = 1000;
  // Baseline: a bare echo server on loopback, same ws library, same message sizes order of magnitude.
  const echo = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  echo.on('connection', (s) => s.on('message', (d) => s.send(String(d))));
  await once(echo, 'listening');
  const echoClient = new WebSocket(`ws://127.0.0.1:${(echo.address() as { port: number }).port}`);
  await once(echoClient, 'open');
  await roundTrips(echoClient, 100, (i) => JSON.stringify({ type: 'invoke', id: i, channel: 'app:state' }), () => true);
  const base = await roundTrips(echoClient, CALLS, (i) => JSON.stringify({ type: 'invoke', id: i, channel: 'app:state' }), () => true);
  echoClient.close();
  echo.close();

  const { startBrowserHost } = await import('../electron/browser-host/server');
  const desk = await openDesk();
  const host = await startBrowserHost({ services: desk.services, rendererDir: 'out/renderer' });
  const { cookie } = await launch(host.port, host.url);
  const client = new WebSocket(`ws://127.0.0.1:${host.port}/ipc`, { origin: host.origin, headers: { cookie: cookie! } });
  await once(client, 'open');
  // Each connection has its own session: sign in on this one, or visits:today would measure a refusal.
  const signedIn = await invoke(client, 'auth:signIn', { username: ADMIN.username, password: ADMIN.password });
  if (!signedIn.ok) throw new Error(`bench: sign-in over the bridge failed: ${signedIn.error?.code}`);
  const frame = (i: number) => JSON.stringify({ type: 'invoke', id: i, channel: 'visits:today' });
  const isReply = (d: string, i: number) => d.includes(`"id":${i},`);
  await roundTrips(client, 100, frame, isReply);
  const ours = await roundTrips(client, CALLS, frame, isReply);
  client.close();
  await host.close();
  await desk.dispose();

  const r = {
    ipcP50Ms: percentile(ours, 50), ipcP99Ms: percentile(ours, 99), echoP50Ms: percentile(base, 50), echoP99Ms: percentile(base, 99),
  };
  log(`IPC round trip over the browser bridge (visits:today, ${CALLS} calls): p50 ${fmt(r.ipcP50Ms, 3)} ms, p99 ${fmt(r.ipcP99Ms, 3)} ms`);
  log(`  bare WebSocket echo baseline: p50 ${fmt(r.echoP50Ms, 3)} ms, p99 ${fmt(r.echoP99Ms, 3)} ms → ratio p50 ${fmt(r.ipcP50Ms / r.echoP50Ms)}×, p99 ${fmt(r.ipcP99Ms / r.echoP99Ms)}×`);
  return r;
}

async function visitInserts(log: Log): Promise<Record<string, number>> {
  const N = 3000;
  const desk = await openDesk();
  const db = desk.services.db;
  const clerkId = desk.services.auth.session().clerk!.id;

  // Baseline: a raw prepared INSERT into the same visits table (same indexes and foreign key), one transaction per
  // row, numbers counted in JS: what remains of the ratio is the query layer's own work.
  const raw = db.prepare(
    'INSERT INTO visits (id, number, created_at, local_date, clerk_id, identity_json, identity_method, identity_check_json, approval_id, subject_key, search_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const rawTx = db.transaction((i: number) => raw.run(`r${i}`, 1_000_000 + i, '2026-11-23T09:00:00Z', '2026-11-23', clerkId, '{}', 'mrz', '{}', null, `fin:${i}`, 'x'));
  let t0 = performance.now();
  for (let i = 0; i < N; i++) rawTx(i);
  const rawPerSec = N / ((performance.now() - t0) / 1000);

  const queryTx = (i: number) =>
    withTx(db, (tx) =>
      insertVisit(tx, { id: `q${i}`, createdAt: '2026-11-23T09:00:00Z', localDate: '2026-11-23', clerkId, identityJson: '{}', identityMethod: 'mrz', identityCheckJson: '{}', approvalId: null, subjectKey: `fin:${i}`, searchText: 'x' }),
    );
  t0 = performance.now();
  for (let i = 0; i < N; i++) queryTx(i);
  const queryPerSec = N / ((performance.now() - t0) / 1000);

  const mrz = buildTd1({ documentNumber: 'AA1234567', fin: '5ZX8K2P', birth: '900215', expiry: '320215', surname: 'MAMMADOVA', givenNames: 'LEYLA' }).join('\n');
  const identity = { kind: 'citizen', fin: '5ZX8K2P', documentNumber: 'AA1234567', surname: 'MAMMADOVA', givenName: 'LEYLA', patronymic: '', birthDate: '1990-02-15', expiryDate: '2032-02-15', mrz };
  const SERVICE_N = 1000;
  t0 = performance.now();
  for (let i = 0; i < SERVICE_N; i++) desk.services.visits.create({ identity, identityMethod: 'mrz', identityCheck: {} });
  const servicePerSec = SERVICE_N / ((performance.now() - t0) / 1000);
  await desk.dispose();
  log(`visit inserts: query layer ${fmt(queryPerSec, 0)}/s vs raw better-sqlite3 ${fmt(rawPerSec, 0)}/s → ratio ${fmt(queryPerSec / rawPerSec)}× (${N} rows, one transaction each)`);
  log(`  through VisitService (validation, outbox, event): ${fmt(servicePerSec, 0)}/s → ratio ${fmt(servicePerSec / rawPerSec)}× of raw`);
  return { rawInsertsPerSec: rawPerSec, queryInsertsPerSec: queryPerSec, serviceInsertsPerSec: servicePerSec };
}

export async function benchFoundation(log: Log = console.log): Promise<Record<string, number>> {
  return { ...(await coldStart(log)), ...(await ipcRoundTrip(log)), ...(await visitInserts(log)) };
}
