// Talking to a browser host as Chromium does: open the one-time launch address to get the session cookie, then
// connect the WebSocket with that cookie and our own Origin. Used by the integration tests and the benchmarks.
import { request } from 'node:http';
import WebSocket from 'ws';

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One GET on the host (`path` may be a full http:// address), with the headers given. */
export function httpGet(port: number, path: string, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  const target = path.startsWith('http') ? new URL(path) : new URL(path, `http://127.0.0.1:${port}`);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: target.pathname + target.search, headers }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens the launch address; the session cookie (`name=value`) when the host grants one, else null. */
export async function launch(port: number, url: string): Promise<{ answer: HttpAnswer; cookie: string | null }> {
  const answer = await httpGet(port, url);
  const setCookie = answer.headers['set-cookie']?.[0];
  return { answer, cookie: setCookie ? setCookie.split(';')[0] : null };
}

export interface Connected {
  ws?: WebSocket;
  /** The HTTP status of a refused handshake (-1: the connection failed). */
  status?: number;
}

/** Connects to /ipc as our page would: the cookie and the host's own Origin unless told otherwise. */
export function connectIpc(port: number, opts: { cookie?: string | null; origin: string; hostHeader?: string; query?: string }): Promise<Connected> {
  const headers: Record<string, string> = {};
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.hostHeader) headers.host = opts.hostHeader;
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ipc${opts.query ?? ''}`, { origin: opts.origin, headers });
  return new Promise((resolve) => {
    ws.once('open', () => resolve({ ws }));
    ws.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode }));
    ws.once('error', () => resolve({ status: -1 }));
  });
}

export interface InvokeResult {
  ok: boolean;
  value?: unknown;
  error?: { code: string; message?: string };
}

let nextId = 1;

/** One call over the socket, as the renderer's bridge makes it. */
export function invoke(ws: WebSocket, channel: string, input?: unknown): Promise<InvokeResult> {
  const id = nextId++;
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
