// The browser host serves the desk's services only to our own page on loopback: secret, origin and Host checked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'node:http';
import WebSocket from 'ws';
import { startBrowserHost, type BrowserHost } from '../../electron/browser-host/server';
import { openDesk, removeDir, tempDir, type TestDesk } from '../support/desk';

let desk: TestDesk;
let host: BrowserHost;
let rendererDir: string;

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

function connect(opts: { secret?: string; origin?: string; hostHeader?: string }): Promise<{ ws?: WebSocket; status?: number }> {
  const query = opts.secret === undefined ? '' : `?secret=${encodeURIComponent(opts.secret)}`;
  const headers: Record<string, string> = {};
  if (opts.hostHeader) headers.host = opts.hostHeader;
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ipc${query}`, { origin: opts.origin ?? host.origin, headers });
  return new Promise((resolve) => {
    ws.once('open', () => resolve({ ws }));
    ws.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode }));
    ws.once('error', () => resolve({ status: -1 }));
  });
}

function invoke(ws: WebSocket, channel: string, input?: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string } }> {
  const id = Math.floor(Math.random() * 1e9);
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const msg = JSON.parse(String(data));
      if (msg.type === 'result' && msg.id === id) {
        ws.off('message', onMessage);
        resolve(msg.result);
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ type: 'invoke', id, channel, input }));
  });
}

function get(path: string, hostHeader?: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, headers: hostHeader ? { host: hostHeader } : {} }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('browser host', () => {
  it('listens on loopback only, with a fresh secret in the URL fragment', () => {
    expect(host.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(host.url).toBe(`${host.origin}/#secret=${host.secret}`);
    expect(host.secret.length).toBeGreaterThanOrEqual(40);
  });

  it('refuses a socket without the secret', async () => {
    expect((await connect({})).status).toBe(401);
  });

  it('refuses a socket with a wrong secret', async () => {
    expect((await connect({ secret: host.secret.slice(0, -2) + 'xx' })).status).toBe(401);
  });

  it('refuses a socket from another origin even with the secret', async () => {
    expect((await connect({ secret: host.secret, origin: 'http://evil.example' })).status).toBe(403);
    expect((await connect({ secret: host.secret, origin: 'http://127.0.0.1:1' })).status).toBe(403);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    expect((await connect({ secret: host.secret, hostHeader: 'evil.example' })).status).toBe(421);
    expect((await get('/', 'evil.example')).status).toBe(421);
  });

  it('serves the contract to our own page with the secret', async () => {
    const { ws } = await connect({ secret: host.secret });
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
