// The `app://masa/` scheme the Electron window loads the built renderer from, instead of `file://`: a `file://` page
// shares its origin with every file on the disk, so one injected `fetch('file:///…')` or a link could read or show
// any of them. Here every request is resolved inside the renderer folder or refused (404), and answered with its
// MIME type and the CSP. Plain Node (no `electron` import) so the resolution is unit-tested; index.ts registers the
// scheme and hands `protocol.handle` to `serveAppRequest`.
// Through `fs.promises` at call time: Electron's asar support patches those functions, and the renderer folder
// is inside app.asar in a packaged build.
import { promises as fs } from 'node:fs';
import { extname, isAbsolute, relative, resolve } from 'node:path';
import { CONTENT_SECURITY_POLICY } from './security';

export const APP_SCHEME = 'app';
export const APP_HOST = 'masa';
/** What the window loads in a packaged (or built) app; the renderer uses hash routes, so this one page is the app. */
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * The scheme's privileges, for `protocol.registerSchemesAsPrivileged` before the app is ready: standard (relative
 * URLs, a real `app://masa` origin that CSP 'self' matches), secure (a secure context, like https), fetch allowed.
 * Not `corsEnabled` (that would let other origins read our files) and not `bypassCSP`.
 */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true } as const;

/** The types the built renderer uses; any other extension is not served (Vite emits only these). */
export const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

function inside(root: string, file: string): boolean {
  const rel = relative(root, file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/**
 * The file under `rendererRoot` that `requestUrl` names, or null when it must be refused: another scheme or host,
 * an undecodable path, NUL, backslashes or colons (Windows separators, drive letters, alternate data streams), a
 * `.` or `..` segment (also percent-encoded), or anything that resolves outside the root. `/` is the entry page.
 * This only computes the path; `serveAppRequest` also follows symlinks before reading.
 */
export function resolveAppPath(rendererRoot: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.hostname !== APP_HOST || url.port !== '' || url.username || url.password) return null;
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return null; // a malformed escape such as %E0%A4%A
  }
  if (/[\0\\:]/.test(path)) return null;
  const segments = path.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '.' || s === '..')) return null;
  if (segments.length === 0) segments.push('index.html');
  const root = resolve(rendererRoot);
  const file = resolve(root, ...segments);
  return inside(root, file) ? file : null;
}

const NOT_FOUND = () => new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });

/** The answer to one `app://` request: the file's bytes with its type and the CSP, or 404 / 405. Never throws. */
export async function serveAppRequest(rendererRoot: string, requestUrl: string, method = 'GET'): Promise<Response> {
  if (method !== 'GET' && method !== 'HEAD') return new Response(null, { status: 405, headers: { allow: 'GET, HEAD' } });
  const file = resolveAppPath(rendererRoot, requestUrl);
  const type = file ? MIME[extname(file).toLowerCase()] : undefined;
  if (!file || !type) return NOT_FOUND();
  try {
    // A symlink inside the folder must not lead out of it either.
    const [realRoot, realFile] = await Promise.all([fs.realpath(resolve(rendererRoot)), fs.realpath(file)]);
    if (!inside(realRoot, realFile)) return NOT_FOUND();
    if (!(await fs.stat(realFile)).isFile()) return NOT_FOUND();
    const body = method === 'HEAD' ? null : await fs.readFile(realFile);
    return new Response(body, {
      status: 200,
      headers: {
        'content-type': type,
        // Set here, not only by the session's header hook, which custom-protocol responses may not pass through.
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-cache',
      },
    });
  } catch {
    return NOT_FOUND(); // missing, unreadable, or vanished between the checks
  }
}

