// The browser host: the same main-process services as Electron, reached from Chromium over a loopback WebSocket.
// It is how the app runs where there is no Electron binary, and how the e2e suite drives it.
// Only 127.0.0.1; a fresh secret per launch; the Host header and the WebSocket Origin must be our own address,
// so neither another site in the browser nor a DNS-rebinding page can call the desk's services.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Services } from '../main/compose';
import { CONTENT_SECURITY_POLICY } from '../main/security';

export interface BrowserHostOptions {
  services: Services;
  /** The built renderer (electron-vite's out/renderer). */
  rendererDir: string;
  port?: number;
  secret?: string;
}

export interface BrowserHost {
  readonly port: number;
  readonly origin: string;
  readonly secret: string;
  /** The address to open: the secret travels in the fragment, which browsers never send to a server. */
  readonly url: string;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

const MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

function secretsEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const secret = options.secret ?? randomBytes(32).toString('base64url');
  const rendererDir = resolve(options.rendererDir);
  let allowedHosts = new Set<string>();
  let origin = '';

  const server = createServer((req, res) => {
    void serveStatic(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });

  async function serveStatic(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!allowedHosts.has(req.headers.host ?? '')) {
      res.writeHead(421, { 'content-type': 'text/plain' }).end('Misdirected request');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const pathname = decodeURIComponent(new URL(req.url ?? '/', origin).pathname);
    let file = normalize(join(rendererDir, pathname));
    if (file !== rendererDir && !file.startsWith(rendererDir + sep)) {
      res.writeHead(403).end();
      return;
    }
    let info = await stat(file).catch(() => null);
    if (!info || info.isDirectory() || !extname(file)) {
      // Client-side routes fall back to the app shell.
      file = join(rendererDir, 'index.html');
      info = await stat(file).catch(() => null);
      if (!info) {
        res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' }).end('The renderer is not built. Run: npm run build');
        return;
      }
    }
    const body = await readFile(file);
    res.writeHead(200, {
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      'content-security-policy': CONTENT_SECURITY_POLICY.replace("connect-src 'self'", `connect-src 'self' ws://${req.headers.host}`),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
      'cache-control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
  });

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const given = url.searchParams.get('secret') ?? '';
    const refuse = (status: number, reason: string) => {
      socket.write(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      socket.destroy();
    };
    if (url.pathname !== '/ipc') return refuse(404, 'Not Found');
    if (!allowedHosts.has(req.headers.host ?? '')) return refuse(421, 'Misdirected Request');
    if (req.headers.origin !== origin && req.headers.origin !== origin.replace('127.0.0.1', 'localhost')) return refuse(403, 'Forbidden');
    if (!secretsEqual(given, secret)) return refuse(401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  const sockets = new Set<WebSocket>();
  const unsubscribe = options.services.bus.subscribe((name, payload) => {
    const frame = JSON.stringify({ type: 'event', name, payload });
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(frame);
  });

  wss.on('connection', (ws) => {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    ws.on('message', (data) => {
      let msg: { type?: unknown; id?: unknown; channel?: unknown; input?: unknown };
      try {
        msg = JSON.parse(String(data));
      } catch {
        ws.close(1003, 'not JSON');
        return;
      }
      if (msg.type !== 'invoke' || typeof msg.id !== 'number') {
        ws.close(1008, 'unexpected message');
        return;
      }
      const id = msg.id;
      void options.services.dispatch(msg.channel, msg.input, { origin: 'browser' }).then((result) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'result', id, result }));
      });
    });
  });

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolvePromise());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  return {
    port,
    origin,
    secret,
    url: `${origin}/#secret=${secret}`,
    close: async () => {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
