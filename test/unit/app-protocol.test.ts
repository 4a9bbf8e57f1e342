// The app:// scheme the Electron window loads the renderer from (issue 10, hole 9: it loaded file://, so the page
// shared an origin with every file on the disk). The resolver and the responses are plain Node, tested here; the
// Electron glue (registration before ready, protocol.handle) is exercised by test/e2e/electron.spec.ts.
import { mkdirSync, symlinkSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, APP_SCHEME_PRIVILEGES, resolveAppPath, serveAppRequest } from '../../electron/main/app-protocol';
import { isTrustedSender } from '../../electron/main/ipc/sender';
import { CONTENT_SECURITY_POLICY } from '../../electron/main/security';
import { removeDir, tempDir } from '../support/desk';

const base = tempDir('masa-app-protocol-');
const root = join(base, 'renderer');
mkdirSync(join(root, 'assets'), { recursive: true });
writeFileSync(join(root, 'index.html'), '<!doctype html><title>Masa</title>');
writeFileSync(join(root, 'assets', 'index-abc.js'), 'export const x = 1;');
writeFileSync(join(root, 'assets', 'index-abc.css'), 'body{margin:0}');
writeFileSync(join(root, 'assets', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
writeFileSync(join(root, 'assets', 'notes.txt'), 'not a type the renderer uses');
writeFileSync(join(base, 'secret.txt'), 'the database key');
mkdirSync(join(root, 'assets', 'sub'));
symlinkSync(join(base, 'secret.txt'), join(root, 'assets', 'link.js')); // a symlink leading out of the folder
afterAll(() => removeDir(base));

describe('app:// path resolution', () => {
  it.each([
    ['app://masa/index.html', 'index.html'],
    ['app://masa/', 'index.html'],
    ['app://masa', 'index.html'],
    ['app://masa/assets/index-abc.js', 'assets/index-abc.js'],
    ['app://masa/assets/index-abc.js?v=1#x', 'assets/index-abc.js'],
    ['app://masa//assets//index-abc.js', 'assets/index-abc.js'],
    ['app://masa/assets/index%2Dabc.js', 'assets/index-abc.js'], // an escape that decodes to a plain name
  ])('%s → %s', (url, file) => expect(resolveAppPath(root, url)).toBe(resolve(root, file)));

  // URL parsing (Node's here, Chromium's in the app) already folds these dot segments, encoded or not, into the
  // root: what is left names a file under the renderer folder, never outside it.
  it.each([
    'app://masa/../secret.txt',
    'app://masa/assets/../../secret.txt',
    'app://masa/%2e%2e/secret.txt',
    'app://masa/assets/%2E%2e/%2e%2E/secret.txt',
    'app://masa//etc/passwd/../../../secret.txt',
    `app://masa/${encodeURIComponent(join(base, 'secret.txt'))}`, // an absolute path, encoded
    'app://masa/.',
    'app://masa/%2e',
  ])('%s stays inside the renderer folder', (url) => {
    const file = resolveAppPath(root, url);
    expect(file === null || file.startsWith(root + sep)).toBe(true);
  });

  // What survives URL parsing is refused outright.
  it.each([
    'app://masa/%2E%2E%2Fsecret.txt',
    'app://masa/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    'app://masa/..%2fsecret.txt',
    'app://masa/..%5csecret.txt',
    'app://masa/assets\\..\\..\\secret.txt',
    'app://masa/%5c..%5csecret.txt',
    'app://masa/index.html%00.js',
    'app://masa/%00',
    'app://masa/C:/Windows/win.ini',
    'app://masa/C%3A%5CWindows%5Cwin.ini',
    'app://masa/index.html::$DATA',
    'app://masa/%E0%A4%A', // a malformed escape
    'app://evil/index.html', // another host
    'app://masa:8080/index.html',
    'app://user@masa/index.html',
    'file:///etc/passwd',
    'https://masa/index.html',
    'not a url',
  ])('refuses %s', (url) => expect(resolveAppPath(root, url)).toBeNull());
});

describe('app:// responses', () => {
  it.each([
    ['app://masa/index.html', 'text/html; charset=utf-8', '<!doctype html><title>Masa</title>'],
    ['app://masa/assets/index-abc.js', 'text/javascript; charset=utf-8', 'export const x = 1;'],
    ['app://masa/assets/index-abc.css', 'text/css; charset=utf-8', 'body{margin:0}'],
    ['app://masa/assets/logo.svg', 'image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg"/>'],
  ])('%s: its bytes, %s, the CSP and nosniff', async (url, type, body) => {
    const res = await serveAppRequest(root, url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toBe(body);
  });

  it.each([
    'app://masa/../secret.txt',
    'app://masa/%2e%2e/secret.txt',
    'app://masa/%2e%2e%2fsecret.txt',
    'app://masa/..%5csecret.txt',
    `app://masa/${encodeURIComponent(join(base, 'secret.txt'))}`,
    'app://masa/assets/link.js', // inside by name, outside once the symlink is followed
    'app://masa/assets/sub', // a folder
    'app://masa/assets/missing.js',
    'app://masa/assets/notes.txt', // a type the renderer never uses
    'app://masa/index.html%00',
  ])('404 for %s, with nothing of the file', async (url) => {
    const res = await serveAppRequest(root, url);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('database key');
  });

  it('GET and HEAD only', async () => {
    expect((await serveAppRequest(root, APP_ENTRY_URL, 'POST')).status).toBe(405);
    const head = await serveAppRequest(root, APP_ENTRY_URL, 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('a missing renderer folder is 404, not an exception', async () => {
    expect((await serveAppRequest(join(base, 'nowhere'), APP_ENTRY_URL)).status).toBe(404);
  });

  it('the scheme is standard and secure with fetch, but neither CORS-readable nor CSP-exempt', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({ standard: true, secure: true, supportFetchAPI: true });
  });
});

// The built renderer under app://: Vite's relative base ('./assets/…') and hash routes mean every asset the page
// names resolves inside app://masa/ and is served with a script or style type.
const built = resolve(__dirname, '../../out/renderer');
describe.skipIf(!existsSync(join(built, 'index.html')))('the built renderer (out/renderer; run npm run build first)', () => {
  it('every asset index.html names is served from app://masa/', async () => {
    const html = readFileSync(join(built, 'index.html'), 'utf8');
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      const url = new URL(ref, 'http://masa/index.html'); // what Chromium does for a standard scheme
      expect(url.host).toBe('masa');
      const res = await serveAppRequest(built, `app://masa${url.pathname}`);
      expect(res.status, ref).toBe(200);
      expect(res.headers.get('content-type'), ref).toMatch(/^text\/(javascript|css)/);
    }
  });
});

describe('IPC sender check on app://', () => {
  it.each([
    [{ url: APP_ENTRY_URL, isMainFrame: true }, true],
    [{ url: `${APP_ENTRY_URL}#/today`, isMainFrame: true }, true],
    [{ url: APP_ENTRY_URL, isMainFrame: false }, false], // an embedded frame
    [{ url: 'app://evil/index.html', isMainFrame: true }, false],
    [{ url: 'evil://masa/index.html', isMainFrame: true }, false], // Node gives both the opaque origin "null"
    [{ url: 'file:///opt/Masa/resources/app.asar/out/renderer/index.html', isMainFrame: true }, false],
    [{ url: 'https://masa/index.html', isMainFrame: true }, false],
  ])('%j → %s', (sender, expected) => expect(isTrustedSender(sender, APP_ENTRY_URL)).toBe(expected));
});
