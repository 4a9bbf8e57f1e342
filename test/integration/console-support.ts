// What the console's tests share (test/integration/console-*.test.ts): a server with the console on a database of
// the test's (a clock the test moves; scrypt at a low cost, the suite signs in many times), accounts made as
// `masa-server admin add` makes them, and a browser's view of the API — its cookie jar, its CSRF token, its origin.
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app';
import type { Database } from '../../server/db/adapter';
import { cliAddAccount } from '../../server/console/admin-accounts';
import { CONSOLE_API, CONSOLE_CSRF_HEADER, CONSOLE_SESSION_COOKIE, type ConsoleAccount, type ConsoleSession } from '../../common/console/api';

export const TEST_PASSWORD_COST = 2 ** 10;
export const HOST = 'console.test:8787';

export interface ConsoleServer {
  app: FastifyInstance;
  db: Database;
  /** The loopback URL desks sync with (listening). */
  url: string;
  clock: { now: number };
  close(): Promise<void>;
}

/** A server on `db` (migrated) whose clock is `clock.now` (starts at the real time; tests move it). */
export async function consoleServer(db: Database, opts: { https?: { key: string; cert: string }; dir?: string } = {}): Promise<ConsoleServer> {
  const clock = { now: Date.now() };
  const app = await buildApp({ db, adminToken: 'test-admin-token', now: () => clock.now, https: opts.https, console: { passwordCost: TEST_PASSWORD_COST, dir: opts.dir } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as { port: number }).port;
  return { app, db, clock, url: `${opts.https ? 'https' : 'http'}://127.0.0.1:${port}`, close: () => app.close() };
}

export function addAccount(db: Database, a: { username: string; role: 'central' | 'manager'; offices?: string[]; password?: string; name?: string }): Promise<ConsoleAccount> {
  return cliAddAccount(db, { username: a.username, displayName: a.name ?? `Name of ${a.username}`, role: a.role, language: 'en', offices: a.offices ?? [], password: a.password ?? PASSWORD }, TEST_PASSWORD_COST);
}
export const PASSWORD = 'correct horse battery';

export interface Answer {
  status: number;
  body: Record<string, unknown> & { code?: string };
  headers: Record<string, string | string[] | number | undefined>;
  text: string;
}

/** One browser: keeps the session cookie and the CSRF token, sends the console's own Origin on changes. */
export class Browser {
  cookie: string | null = null;
  csrf: string | null = null;
  constructor(private readonly app: FastifyInstance) {}

  async request(method: string, path: string, body?: unknown, over: { csrf?: string | null; origin?: string | null; cookie?: string | null } = {}): Promise<Answer> {
    const headers: Record<string, string> = { host: HOST };
    const cookie = over.cookie === undefined ? this.cookie : over.cookie;
    if (cookie) headers.cookie = `${CONSOLE_SESSION_COOKIE}=${cookie}`;
    if (method !== 'GET') {
      const csrf = over.csrf === undefined ? this.csrf : over.csrf;
      if (csrf) headers[CONSOLE_CSRF_HEADER] = csrf;
      const origin = over.origin === undefined ? `http://${HOST}` : over.origin;
      if (origin) headers.origin = origin;
    }
    if (body !== undefined) headers['content-type'] = 'application/json';
    const r = await this.app.inject({ method: method as 'GET', url: `${CONSOLE_API}${path}`, headers, payload: body === undefined ? undefined : JSON.stringify(body) });
    const set = r.headers['set-cookie'];
    const line = Array.isArray(set) ? set[0] : set;
    const m = line ? new RegExp(`^${CONSOLE_SESSION_COOKIE}=([^;]*)`).exec(line) : null;
    if (m) this.cookie = m[1] || null;
    let parsed: Record<string, unknown> = {};
    try {
      parsed = JSON.parse(r.body) as Record<string, unknown>;
    } catch {
      // CSV and empty answers
    }
    return { status: r.statusCode, body: parsed, headers: r.headers, text: r.body };
  }

  async signIn(username: string, password = PASSWORD): Promise<Answer> {
    const a = await this.request('POST', '/session', { username, password });
    if (a.status === 200) this.csrf = (a.body as unknown as ConsoleSession).csrfToken;
    return a;
  }
  get = (path: string) => this.request('GET', path);
  post = (path: string, body: unknown = {}) => this.request('POST', path, body);
}

/** A browser signed in as `username` (the test fails here if it cannot). */
export async function signedIn(app: FastifyInstance, username: string, password = PASSWORD): Promise<Browser> {
  const b = new Browser(app);
  const a = await b.signIn(username, password);
  if (a.status !== 200) throw new Error(`sign-in of ${username}: ${a.status} ${JSON.stringify(a.body)}`);
  return b;
}
