// The console page as masa-server serves it (issue 13; server/console/static.ts) and the console over HTTPS: files
// of the built page with their types and caching, index.html for the page's own routes, no way out of the folder,
// a plain answer while the page is not built; over HTTPS the cookie is Secure and an enrolment code carries the
// server's pin in its link.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../support/sync-server';
import { addAccount, consoleServer, signedIn, HOST, type ConsoleServer } from './console-support';
import { serverTls } from '../../server/tls';
import { addOffice } from '../../server/store/offices';
import { certificatePin } from '../../node-common/key-pins';
import { parseEnrolLink } from '../../common/sync/enrol-link';

describe('the console page', () => {
  let dir: string;
  let s: ConsoleServer;
  let bare: ConsoleServer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'masa-console-page-'));
    mkdirSync(join(dir, 'site', 'assets'), { recursive: true });
    writeFileSync(join(dir, 'site', 'index.html'), '<!doctype html><title>Masa konsol</title>');
    writeFileSync(join(dir, 'site', 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(join(dir, 'site', 'favicon.svg'), '<svg/>');
    writeFileSync(join(dir, 'secret.txt'), 'outside the page');
    const db = await openDatabase('pglite');
    s = await consoleServer(db, { dir: join(dir, 'site') });
    bare = await consoleServer(db, { dir: join(dir, 'not-built') });
  });
  afterAll(async () => {
    await s?.close();
    await bare?.close();
    await s?.db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const get = (url: string, server = s) => server.app.inject({ method: 'GET', url, headers: { host: HOST } });

  it('serves index.html for the page and its routes, revalidated every time, with the console\'s security headers', async () => {
    expect((await get('/console')).statusCode).toBe(302);
    expect((await get('/console')).headers.location).toBe('/console/');
    for (const path of ['/console/', '/console/offices', '/console/desks/3f1d?office=a']) {
      const r = await get(path);
      expect(r.statusCode, path).toBe(200);
      expect(r.body).toContain('Masa konsol');
      expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(r.headers['cache-control']).toBe('no-cache');
      expect(r.headers['content-security-policy']).toMatch(/default-src 'self'; img-src 'self' data:; frame-ancestors 'none'/);
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['referrer-policy']).toBe('no-referrer');
    }
  });

  it('serves built assets with their type and a long cache; a missing asset is a 404, not the page', async () => {
    const js = await get('/console/assets/index-abc123.js');
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await get('/console/favicon.svg')).headers['content-type']).toBe('image/svg+xml');
    expect((await get('/console/assets/gone-999.js')).statusCode).toBe(404);
    // An unknown API route is the API's 404, never the page.
    const api = await get('/console/api/nothing-here');
    expect(api.statusCode).toBe(404);
    expect(api.json()).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('never serves a file outside the page\'s folder', async () => {
    for (const path of ['/console/../secret.txt', '/console/..%2fsecret.txt', '/console/%2e%2e/secret.txt', '/console/assets/..%2f..%2fsecret.txt', '/console/%2e%2e%2fsecret.txt']) {
      const r = await get(path);
      expect(r.body, path).not.toContain('outside the page');
    }
  });

  it('says plainly that the page is not built when out/console is missing', async () => {
    const r = await get('/console/', bare);
    expect(r.statusCode).toBe(503);
    expect(r.body).toBe('console not built: run npm run build\n');
  });
});

describe('the console over HTTPS', () => {
  let dir: string;
  let s: ConsoleServer;
  let pin: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'masa-console-tls-'));
    const tls = await serverTls({ dataDir: dir });
    pin = certificatePin(tls.cert);
    s = await consoleServer(await openDatabase('pglite'), { https: { key: tls.key, cert: tls.cert } });
    await addOffice(s.db, 'Lənkəran ASXM');
    await addAccount(s.db, { username: 'boss', role: 'central' });
  });
  afterAll(async () => {
    await s?.close();
    await s?.db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sets a Secure cookie and gives enrolment codes the served key\'s pin, in a link a desk can read', async () => {
    // The page's origin is https here: the test browser says http, which is refused as another origin.
    const r = await s.app.inject({ method: 'POST', url: '/console/api/session', headers: { host: HOST, origin: `https://${HOST}`, 'content-type': 'application/json' }, payload: JSON.stringify({ username: 'boss', password: 'correct horse battery' }) });
    expect(r.statusCode).toBe(200);
    expect(String(r.headers['set-cookie'])).toMatch(/; Secure$/);
    const cookie = /^masa_console=([^;]+)/.exec(String(r.headers['set-cookie']))![1];
    const csrf = (r.json() as { csrfToken: string }).csrfToken;
    const [office] = await s.db.query<{ id: string }>('SELECT id FROM offices');
    const made = await s.app.inject({
      method: 'POST',
      url: '/console/api/enrolment-codes',
      headers: { host: HOST, origin: `https://${HOST}`, cookie: `masa_console=${cookie}`, 'x-masa-csrf': csrf, 'content-type': 'application/json' },
      payload: JSON.stringify({ officeId: office.id, ttlHours: 24 }),
    });
    const body = made.json() as { code: string; pin: string; serverUrl: string; link: string; officeName: string };
    expect(body).toMatchObject({ pin, serverUrl: `https://${HOST}`, officeName: 'Lənkəran ASXM' });
    expect(parseEnrolLink(body.link)).toEqual({ serverUrl: `https://${HOST}`, code: body.code, pin });
    expect((await signedIn(s.app, 'boss').catch((e: Error) => e)) instanceof Error).toBe(true); // http origin refused on https
  });
});
