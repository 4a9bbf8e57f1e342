// The console page (console/, built by `npm run build` into out/console with base /console/) served by masa-server
// itself (issue 13): no second web server to run. The page routes in the browser under /console/, so any path that is
// not a file gets index.html. Built assets have content hashes in their names: cached for a year; index.html is
// revalidated every time, so a new build reaches browsers at once.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { CONSOLE_API, CONSOLE_PATH } from '../../common/console/api';
import { SyncErrorCode } from '../../common/sync/protocol';

export const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL('../../out/console/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** The file under `root` a request path names, or null when it would leave the folder or is not a file. */
export function fileFor(root: string, urlPath: string): string | null {
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (rel.includes('\0')) return null;
  const full = normalize(join(root, rel));
  if (full !== root && !full.startsWith(root.endsWith(sep) ? root : root + sep)) return null;
  try {
    return statSync(full).isFile() ? full : null;
  } catch {
    return null;
  }
}

function send(reply: FastifyReply, file: string, cache: string) {
  return reply
    .header('content-type', TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream')
    .header('cache-control', cache)
    .send(readFileSync(file));
}

export function registerConsoleStatic(app: FastifyInstance, dir = DEFAULT_CONSOLE_DIR): void {
  const root = normalize(dir);
  const serve = async (path: string, reply: FastifyReply) => {
    const index = join(root, 'index.html');
    if (!existsSync(index)) {
      return reply.status(503).header('content-type', 'text/plain; charset=utf-8').header('cache-control', 'no-store').send('console not built: run npm run build\n');
    }
    const file = path ? fileFor(root, path) : null;
    if (file && file !== index) return send(reply, file, file.startsWith(join(root, 'assets') + sep) ? 'public, max-age=31536000, immutable' : 'no-cache');
    // A path with an extension that is no file is a missing asset, not a page of the app.
    if (extname(path)) return reply.status(404).send({ code: SyncErrorCode.NotFound, message: `no file ${CONSOLE_PATH}/${path}` });
    return send(reply, index, 'no-cache');
  };
  app.get(CONSOLE_PATH, async (_req, reply) => reply.redirect(`${CONSOLE_PATH}/`));
  app.get(`${CONSOLE_PATH}/*`, async (req, reply) => {
    const path = (req.params as { '*': string })['*'] ?? '';
    // The API's unknown routes: an error body, not the page.
    if (`${CONSOLE_PATH}/${path}`.startsWith(`${CONSOLE_API}/`) || `${CONSOLE_PATH}/${path}` === CONSOLE_API) {
      return reply.status(404).send({ code: SyncErrorCode.NotFound, message: `no route ${req.method} ${req.url.split('?')[0]}` });
    }
    return serve(path, reply);
  });
}
