// The browser host: the same main-process services as Electron, reached from Chromium over a loopback WebSocket.
// It is how the app runs where there is no Electron binary, and how the e2e suite drives it.
// Only 127.0.0.1; a one-time launch token exchanged for a session cookie (launch.ts); the Host header and the
// WebSocket Origin must be our own address, so neither another site in the browser nor a DNS-rebinding page can
// call the desk's services. Each connection has its own session (who is signed in), and no socket's error — an
// oversized message, a reset — can take the host down.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Services } from '../main/compose';
import { CONTENT_SECURITY_POLICY } from '../main/security';
import type { DeskSession } from '../main/services/auth-service';
import { LaunchGate, LAUNCH_TOKEN_TTL_MS } from './launch';

export interface BrowserHostOptions {
  services: Services;
  /** The built renderer (electron-vite's out/renderer). */
  rendererDir: string;
  port?: number;
  /** How long the launch address can be used (once); default 5 minutes. */
  launchTokenTtlMs?: number;
  /** Called when a browser has exchanged the launch token (the host says so; the address is spent). */
  onLaunch?: () => void;
}

export interface BrowserHost {
  readonly port: number;
  readonly origin: string;
  /** The address to open, once: it carries the launch token, exchanged for the session cookie. */
  readonly url: string;
  /** Name of the session cookie (per port). */
  readonly cookieName: string;
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

/** The largest message a connection may send; a larger one closes that connection with 1009 (message too big). */
export const MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const rendererDir = resolve(options.rendererDir);
  let allowedHosts = new Set<string>();
  let origin = '';
  let gate: LaunchGate | null = null;

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
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname === '/launch') return launch(req, res, url.searchParams.get('token') ?? '');
    if (url.pathname === '/session') {
      // The renderer asks whether it may connect (the cookie is HttpOnly), to say "open Masa from its launcher".
      res.writeHead(gate!.authorised(req.headers.cookie) ? 204 : 401, { 'cache-control': 'no-store' }).end();
      return;
    }
    const pathname = decodeURIComponent(url.pathname);
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

  function launch(req: IncomingMessage, res: ServerResponse, token: string): void {
    const headers = { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' };
    // A browser that already holds the cookie (the same tab opening the address again) just goes to the app.
    if (gate!.authorised(req.headers.cookie)) {
      res.writeHead(303, { ...headers, location: '/' }).end();
      return;
    }
    const outcome = req.method === 'GET' ? gate!.exchange(token) : ({ kind: 'refused', reason: 'wrong' } as const);
    if (outcome.kind === 'granted') {
      // Off the launch address at once: the token is spent, and the app's address carries nothing.
      res.writeHead(303, { ...headers, location: '/', 'set-cookie': outcome.setCookie }).end();
      options.onLaunch?.();
      return;
    }
    const why = outcome.reason === 'expired' ? 'has expired' : outcome.reason === 'used' ? 'was already used' : 'is not valid';
    res
      .writeHead(403, { ...headers, 'content-type': 'text/plain; charset=utf-8' })
      .end(`This Masa launch address ${why}. Start Masa again (npm run start:browser) to get a new one.\n`);
  }

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    // No compression: a small compressed frame could inflate far past the limit before it is counted.
    perMessageDeflate: false,
  });

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    // A client resetting the connection before the handshake is answered must not be an unhandled 'error'.
    socket.on('error', () => socket.destroy());
    const refuse = (status: number, reason: string) => {
      socket.write(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      socket.destroy();
    };
    if (url.pathname !== '/ipc') return refuse(404, 'Not Found');
    if (!allowedHosts.has(req.headers.host ?? '')) return refuse(421, 'Misdirected Request');
    if (req.headers.origin !== origin && req.headers.origin !== origin.replace('127.0.0.1', 'localhost')) return refuse(403, 'Forbidden');
    // Only the cookie authorises: never a token in the URL, which could be logged or shared.
    if (!gate!.authorised(req.headers.cookie)) return refuse(401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  const { auth } = options.services;
  const sockets = new Map<WebSocket, DeskSession>();
  const unsubscribe = options.services.bus.subscribe((name, payload) => {
    const frame = JSON.stringify({ type: 'event', name, payload });
    // A session change belongs to the connection whose call made it (or whose clerk the sync signed out).
    const owner = name === 'auth:session' ? auth.activeSession() : null;
    for (const [ws, session] of sockets) if (ws.readyState === ws.OPEN && (!owner || owner === session)) ws.send(frame);
  });

  wss.on('connection', (ws) => {
    const session = auth.openSession();
    sockets.set(ws, session);
    ws.on('close', () => {
      sockets.delete(ws);
      auth.closeSession(session);
    });
    // ws closes the connection itself after an error (1009 for a message over maxPayload, 1002 for a bad frame);
    // without a listener the 'error' event would be thrown and end the host for every other connection.
    ws.on('error', (e) => console.warn(`masa: browser connection closed: ${e.message}`));
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
      void auth.inSession(session, () => options.services.dispatch(msg.channel, msg.input, { origin: 'browser' })).then((result) => {
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
  gate = new LaunchGate(port, options.launchTokenTtlMs ?? LAUNCH_TOKEN_TTL_MS);

  return {
    port,
    origin,
    url: `${origin}/launch?token=${gate.token}`,
    cookieName: gate.cookieName,
    close: async () => {
      unsubscribe();
      for (const ws of sockets.keys()) ws.terminate();
      wss.close();
      // close() waits for every connection to end: a browser's kept-alive or half-done request could hold the host's
      // exit for as long as the browser keeps it. The host is stopping; they end now.
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await closed;
    },
  };
}
