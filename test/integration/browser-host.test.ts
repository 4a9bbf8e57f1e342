// The browser host serves the desk's services only to our own page on loopback: a one-time launch token exchanged
// for an HttpOnly cookie, Origin and Host checked; each connection has its own session; no socket can end the host.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type WebSocket from 'ws';
import { MAX_MESSAGE_BYTES, startBrowserHost, type BrowserHost } from '../../electron/browser-host/server';
import { LaunchGate } from '../../electron/browser-host/launch';
import { withTx } from '../../electron/main/db/database';
import { ADMIN, CLERK, openDesk, removeDir, tempDir, type TestDesk } from '../support/desk';
import { connectIpc, httpGet, invoke, launch } from '../support/browser-host';

let desk: TestDesk;
let host: BrowserHost;
let rendererDir: string;
let cookie: string;

beforeAll(async () => {
  desk = await openDesk({ setUp: false });
  rendererDir = tempDir('masa-renderer-');
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Masa</title>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  host = await startBrowserHost({ services: desk.services, rendererDir });
});
afterAll(async () => {
  await host.close();
  await desk.dispose();
  removeDir(rendererDir);
});

const connect = (opts: { cookie?: string | null; origin?: string; hostHeader?: string; query?: string }) =>
  connectIpc(host.port, { ...opts, origin: opts.origin ?? host.origin });
const get = (path: string, hostHeader?: string) => httpGet(host.port, path, hostHeader ? { host: hostHeader } : {});

/** Resolves with the close code the server sent. */
const closed = (ws: WebSocket) => new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));

describe('browser host: launch and authorisation', () => {
  it('listens on loopback only; the address it opens carries a one-time launch token, not the secret', () => {
    expect(host.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(host.url).toMatch(new RegExp(`^${host.origin}/launch\\?token=[A-Za-z0-9_-]{40,}$`));
    expect(host).not.toHaveProperty('secret');
  });

  it('exchanges the launch token once for an HttpOnly, SameSite=Strict cookie and redirects to the app without it', async () => {
    const first = await launch(host.port, host.url);
    expect(first.answer.status).toBe(303);
    expect(first.answer.headers.location).toBe('/');
    const setCookie = String(first.answer.headers['set-cookie']);
    expect(setCookie).toMatch(new RegExp(`^masa_session_${host.port}=[A-Za-z0-9_-]{40,}; HttpOnly; SameSite=Strict; Path=/$`));
    expect(setCookie).not.toContain(host.url.split('token=')[1]);
    cookie = first.cookie!;
    // The session cookie answers the renderer's probe; nothing else does.
    expect((await get('/session')).status).toBe(401);
    expect((await httpGet(host.port, '/session', { cookie })).status).toBe(204);
  });

  it('refuses the launch token a second time (a copied address, a second browser), and a wrong one', async () => {
    const again = await launch(host.port, host.url);
    expect(again.answer.status).toBe(403);
    expect(again.cookie).toBeNull();
    expect(again.answer.body).toContain('already used');
    expect((await launch(host.port, `${host.origin}/launch?token=${'A'.repeat(43)}`)).answer.status).toBe(403);
    // The tab that holds the cookie may open the address again (it goes to the app; no new cookie).
    const sameTab = await httpGet(host.port, host.url, { cookie });
    expect(sameTab.status).toBe(303);
    expect(sameTab.headers['set-cookie']).toBeUndefined();
  });

  it('refuses an expired launch token', () => {
    let now = 1_000;
    const gate = new LaunchGate(1234, 60_000, () => now);
    now += 60_001;
    expect(gate.exchange(gate.token)).toEqual({ kind: 'refused', reason: 'expired' });
    const fresh = new LaunchGate(1234, 60_000, () => now);
    expect(fresh.exchange(fresh.token).kind).toBe('granted');
  });

  it('refuses a socket without the cookie, with a wrong one, or with a token in the URL instead', async () => {
    expect((await connect({})).status).toBe(401);
    expect((await connect({ cookie: `${host.cookieName}=${'x'.repeat(43)}` })).status).toBe(401);
    expect((await connect({ cookie: `masa_session_1=${cookie.split('=')[1]}` })).status).toBe(401);
    expect((await connect({ query: `?token=${host.url.split('token=')[1]}` })).status).toBe(401);
    expect((await connect({ query: `?secret=${cookie.split('=')[1]}` })).status).toBe(401);
  });

  it('refuses a socket from another origin even with the cookie', async () => {
    expect((await connect({ cookie, origin: 'http://evil.example' })).status).toBe(403);
    expect((await connect({ cookie, origin: 'http://127.0.0.1:1' })).status).toBe(403);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    expect((await connect({ cookie, hostHeader: 'evil.example' })).status).toBe(421);
    expect((await get('/', 'evil.example')).status).toBe(421);
  });

  it('serves the contract to our own page with the cookie', async () => {
    const { ws } = await connect({ cookie });
    expect(ws).toBeDefined();
    const r = await invoke(ws!, 'app:state');
    expect(r).toMatchObject({ ok: true, value: { setUp: false, host: 'browser' } });
    expect((await invoke(ws!, 'visits:today')).error?.code).toBe('UNAUTHENTICATED');
    expect((await invoke(ws!, 'no:such')).error?.code).toBe('UNKNOWN_CHANNEL');
    ws!.close();
  });

  it('serves the renderer with a strict CSP, falls back to the app shell, and never leaves its folder', async () => {
    const index = await get('/');
    expect(index.status).toBe(200);
    expect(String(index.headers['content-security-policy'])).toMatch(/default-src 'none'.*script-src 'self'/);
    expect((await get('/assets/app.js')).headers['content-type']).toMatch(/javascript/);
    expect((await get('/today')).body).toContain('<title>Masa</title>');
    const traversal = await get('/..%2f..%2f..%2fetc%2fpasswd');
    expect(traversal.body).not.toContain('root:');
  });
});

describe('browser host: one connection cannot harm another', () => {
  it('a message over 8 MiB closes that socket with 1009; the host keeps serving the others', async () => {
    const a = (await connect({ cookie })).ws!;
    const b = (await connect({ cookie })).ws!;
    const aClosed = closed(a);
    a.send(Buffer.alloc(MAX_MESSAGE_BYTES + 1, 0x20));
    expect(await aClosed).toBe(1009);
    // The other connection still works, and so does a new one.
    expect(await invoke(b, 'app:state')).toMatchObject({ ok: true });
    const c = (await connect({ cookie })).ws!;
    expect(await invoke(c, 'app:state')).toMatchObject({ ok: true });
    b.close();
    c.close();
  });

  it('the host process itself (npm run start:browser) survives an oversized message and serves the next connection', async () => {
    const dataDir = tempDir('masa-host-1009-');
    const child = spawn(process.execPath, ['--import', 'tsx', 'electron/browser-host/cli.ts', '--json', '--no-open', '--no-hardware', '--renderer', rendererDir], {
      cwd: resolve(__dirname, '../..'),
      env: { ...process.env, MASA_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<{ exited: number | null }>((r) => child.once('exit', (code) => r({ exited: code })));
    try {
      const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
      const info = JSON.parse(line) as { url: string; origin: string; port: number };
      const { cookie } = await launch(info.port, info.url);
      const a = (await connectIpc(info.port, { cookie, origin: info.origin })).ws!;
      const aClosed = closed(a);
      a.send(Buffer.alloc(MAX_MESSAGE_BYTES + 1, 0x20));
      expect(await aClosed).toBe(1009);
      const b = (await connectIpc(info.port, { cookie, origin: info.origin })).ws!;
      expect(await Promise.race([invoke(b, 'app:state'), exited])).toMatchObject({ ok: true });
      b.close();
    } finally {
      child.kill('SIGTERM');
      await exited;
      removeDir(dataDir);
    }
  });

  it('a message of exactly 8 MiB is still read (the limit is what it says)', async () => {
    const { ws } = await connect({ cookie });
    const frame = JSON.stringify({ type: 'invoke', id: 7, channel: 'app:state', input: undefined, pad: '' });
    const padded = frame.replace('"pad":""', `"pad":"${' '.repeat(MAX_MESSAGE_BYTES - frame.length)}"`);
    expect(Buffer.byteLength(padded)).toBe(MAX_MESSAGE_BYTES);
    const reply = new Promise<string>((resolve) => ws!.once('message', (d) => resolve(String(d))));
    ws!.send(padded);
    expect(JSON.parse(await reply)).toMatchObject({ type: 'result', id: 7, result: { ok: true } });
    ws!.close();
  });
});

describe('browser host: one session per connection', () => {
  let signedDesk: TestDesk;
  let signedHost: BrowserHost;
  let signedCookie: string;
  const open = async () => (await connectIpc(signedHost.port, { cookie: signedCookie, origin: signedHost.origin })).ws!;

  beforeAll(async () => {
    // Set up and signed in in-process (the desk's own session): no connection may inherit that either.
    signedDesk = await openDesk();
    signedHost = await startBrowserHost({ services: signedDesk.services, rendererDir });
    signedCookie = (await launch(signedHost.port, signedHost.url)).cookie!;
  });
  afterAll(async () => {
    await signedHost.close();
    await signedDesk.dispose();
  });

  it('a second connection does not inherit the first one’s signed-in clerk, nor hear of its session', async () => {
    const a = await open();
    const b = await open();
    const sessionEvents = { a: 0, b: 0 };
    a.on('message', (d) => void (JSON.parse(String(d)).name === 'auth:session' && sessionEvents.a++));
    b.on('message', (d) => void (JSON.parse(String(d)).name === 'auth:session' && sessionEvents.b++));
    expect(await invoke(a, 'app:state')).toMatchObject({ ok: true, value: { setUp: true, session: { clerk: null } } });

    expect(await invoke(a, 'auth:signIn', { username: ADMIN.username, password: ADMIN.password })).toMatchObject({ ok: true });
    expect((await invoke(a, 'visits:today')).ok).toBe(true);
    expect(await invoke(b, 'app:state')).toMatchObject({ ok: true, value: { session: { clerk: null } } });
    expect((await invoke(b, 'visits:today')).error?.code).toBe('UNAUTHENTICATED');
    expect(sessionEvents).toEqual({ a: 1, b: 0 }); // b's own call came back after a's event would have reached it

    // b signing out or locking is b's business; a stays signed in.
    await invoke(b, 'auth:signOut');
    expect((await invoke(a, 'visits:today')).ok).toBe(true);

    // A connection that closes takes its session with it: the next one starts signed out.
    const aClosed = closed(a);
    a.close();
    await aClosed;
    const c = await open();
    expect((await invoke(c, 'visits:today')).error?.code).toBe('UNAUTHENTICATED');
    b.close();
    c.close();
  });

  it('the central office disabling a clerk signs them out on every connection where they are signed in, and only there', async () => {
    const a = await open();
    const b = await open();
    const c = await open();
    const signIn = async (ws: WebSocket, who: { username: string; password: string }) => expect((await invoke(ws, 'auth:signIn', who)).ok).toBe(true);
    await signIn(a, ADMIN);
    expect((await invoke(a, 'clerks:add', { ...CLERK, role: 'clerk', language: 'en' })).ok).toBe(true);
    await signIn(b, ADMIN);
    await signIn(c, CLERK);
    const signedOut = (ws: WebSocket) =>
      new Promise<void>((resolve) => ws.on('message', (d) => {
        const m = JSON.parse(String(d));
        if (m.name === 'auth:session' && m.payload.clerk === null) resolve();
      }));
    const both = Promise.all([signedOut(a), signedOut(b)]);
    const { auth, db } = signedDesk.services;
    const adminId = auth.session().clerk!.id; // the desk's own in-process session
    withTx(db, (tx) => auth.applyCentralClerk(tx, { table: 'clerks', key: adminId, op: 'delete', version: 1, row: null }));
    await both;
    expect((await invoke(a, 'visits:today')).error?.code).toBe('UNAUTHENTICATED');
    expect((await invoke(b, 'visits:today')).error?.code).toBe('UNAUTHENTICATED');
    expect((await invoke(c, 'visits:today')).ok).toBe(true);
    for (const ws of [a, b, c]) ws.close();
  });
});
