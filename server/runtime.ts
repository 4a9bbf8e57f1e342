/**
 * How the server process finds its database and how admin commands reach it.
 *
 * Database: DATABASE_URL=postgres://… → PostgreSQL through a pool; otherwise PGlite in `<data>/pgdata`.
 * A PGlite directory may be opened by one process only, so a running server writes `<data>/server.json`
 * (pid, port, admin token; mode 0600). Admin commands use the server's loopback admin API when that file names a live
 * process, and open the database directly otherwise (always directly with DATABASE_URL: PostgreSQL has many clients).
 * The data folder is made 0700, and a PGlite folder other users may read or write is refused (db/private-dir.ts).
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Database } from './db/adapter';
import { openPglite } from './db/pglite';
import { claimPrivateFolder } from './db/private-dir';
import { openPostgres } from './db/postgres';
import { migrate } from './db/migrate';
import { isDatabaseUnavailable } from './db/unavailable';
import { buildApp } from './app';
import { addOffice, createEnrolmentCode, listOffices, setOfficeType, type Office } from './store/offices';
import { stats, type Stats } from './store/stats';
import { listConflicts, resolveConflict } from './store/conflicts';
import { listReferenceTables, setReferenceTable } from './store/reference';
import { listClerks, putClerk, removeClerk, type ClerkInput, type ClerkSigner, type PublishedClerk } from './store/clerks';
import { revokePoaCentrally } from './store/admin';
import { compactChanges } from './store/changes';
import { importCrl, importMasterList, listTrust, type CrlImport, type MasterListImport, type TrustListing } from './store/trust';
import { buildReport } from './store/reports';
import type { Report, ReportQueryInput } from '../common/sync/reports';
import type { ResolveConflictRequest, SyncConflict } from '../common/sync/protocol';
import { pinnedFetch } from '../node-common/pinned-fetch';
import type { FetchLike } from '../common/sync/client';
import { isLoopbackHost } from '../common/sync/transport';
import { clerkSignerFrom, dataFolderKeyFile, type ServerTls } from './tls';
import { auditedAdmin } from './console/admin-audit';
import { cliAccountPassword, cliAddAccount, cliListAccounts, cliRemoveAccount, cliUnlockAccount, type CliAccountInput } from './console/admin-accounts';
import type { ConsoleAccount } from '../common/console/api';

export const DEFAULT_DATA_DIR = '.masa-server';
export const DEFAULT_PORT = 8787;

export interface ServerInfo {
  pid: number;
  host: string;
  port: number;
  adminToken: string;
  database: 'pglite' | 'postgres';
  /** https with the server's key pin (desks and admin commands pin it), or http on loopback only. Absent: http. */
  scheme?: 'http' | 'https';
  pin?: string | null;
}

/** The base URL of a running server as seen from this machine, and the fetch that reaches it (pinned on https). */
function local(info: ServerInfo): { base: string; fetch: FetchLike } {
  const host = info.host === '0.0.0.0' || info.host === '::' ? '127.0.0.1' : info.host;
  const https = info.scheme === 'https' && info.pin;
  return { base: `${https ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${info.port}`, fetch: https ? pinnedFetch(info.pin!) : (u, i) => fetch(u, i) };
}

export function infoPath(dataDir: string): string {
  return join(dataDir, 'server.json');
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The running server for this data dir, if any. */
export function runningServer(dataDir: string): ServerInfo | null {
  const p = infoPath(dataDir);
  if (!existsSync(p)) return null;
  try {
    const info = JSON.parse(readFileSync(p, 'utf8')) as ServerInfo;
    return alive(info.pid) ? info : null;
  } catch {
    return null;
  }
}

export async function openDatabase(dataDir: string, env = process.env, log?: (m: string) => void): Promise<Database> {
  if (env.DATABASE_URL) return openPostgres(env.DATABASE_URL, { log });
  claimPrivateFolder(dataDir);
  return openPglite(join(dataDir, 'pgdata'));
}

/** Migrates, retrying while the database is unreachable (PostgreSQL starting up, network not yet there). */
export async function migrateWhenReachable(db: Database, log: (m: string) => void, maxWaitMs = Infinity): Promise<void> {
  const started = Date.now();
  for (let delay = 500; ; delay = Math.min(delay * 2, 10_000)) {
    try {
      await migrate(db);
      return;
    } catch (e) {
      if (!isDatabaseUnavailable(e) || Date.now() - started > maxWaitMs) throw e;
      log(`database unreachable (${(e as Error).message}); retrying in ${delay} ms`);
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

export interface StartedServer {
  app: FastifyInstance;
  db: Database;
  url: string;
  info: ServerInfo;
  stop(): Promise<void>;
}

export async function startServer(opts: {
  dataDir: string;
  host: string;
  port: number;
  /** The TLS pair to serve HTTPS with; null: plain HTTP, allowed on a loopback host only. */
  tls: ServerTls | null;
  env?: NodeJS.ProcessEnv;
  log?: (m: string) => void;
  httpLog?: boolean;
}): Promise<StartedServer> {
  // Personal data and desk credentials must not cross a network in clear (issue 10, hole 2).
  if (!opts.tls && !isLoopbackHost(opts.host)) throw new Error(`plain HTTP is served on loopback only, not on ${opts.host}: serve HTTPS (the default)`);
  const log = opts.log ?? ((m: string) => console.error(m));
  const dataDir = resolve(opts.dataDir);
  // The data folder is claimed only for PGlite (one process per directory). On PostgreSQL several server processes
  // share the database (issue 9): none may be refused because of a local folder, and admin commands go to the
  // database directly anyway.
  const claims = !(opts.env ?? process.env).DATABASE_URL;
  const other = claims ? runningServer(dataDir) : null;
  if (other) throw new Error(`a server (pid ${other.pid}) already runs on ${dataDir}`);
  // Before server.json is written: a folder open to other users is refused untouched.
  if (claims) claimPrivateFolder(dataDir);
  else mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // Claim the directory before opening the database (port 0 = starting), so admin commands keep their hands off it.
  if (claims) writeFileSync(infoPath(dataDir), JSON.stringify({ pid: process.pid, host: opts.host, port: 0, adminToken: '', database: 'pglite' }), { mode: 0o600 });
  let db: Database;
  try {
    db = await openDatabase(dataDir, opts.env, log);
    await migrateWhenReachable(db, log);
  } catch (e) {
    if (claims) rmSync(infoPath(dataDir), { force: true });
    throw e;
  }
  const adminToken = randomBytes(32).toString('base64url');
  const app = await buildApp({ db, adminToken, log, logger: opts.httpLog, https: opts.tls ? { key: opts.tls.key, cert: opts.tls.cert } : undefined });
  try {
    await app.listen({ host: opts.host, port: opts.port });
  } catch (e) {
    await app.close().catch(() => {});
    await db.close().catch(() => {});
    if (claims) rmSync(infoPath(dataDir), { force: true });
    throw e;
  }
  const port = (app.server.address() as { port: number }).port;
  const info: ServerInfo = { pid: process.pid, host: opts.host, port, adminToken, database: db.kind, scheme: opts.tls ? 'https' : 'http', pin: opts.tls?.pin ?? null };
  if (claims) writeFileSync(infoPath(dataDir), JSON.stringify(info, null, 2), { mode: 0o600 });
  let stopped = false;
  return {
    app,
    db,
    url: `${opts.tls ? 'https' : 'http'}://${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${port}`,
    info,
    async stop() {
      if (stopped) return;
      stopped = true;
      await app.close();
      await db.close();
      const current = claims ? runningServer(dataDir) : null;
      if (claims && (!current || current.pid === process.pid)) rmSync(infoPath(dataDir), { force: true });
    },
  };
}

/** What admin commands need, whether the server runs (HTTP) or not (direct database). */
export interface Admin {
  addOffice(name: string, type?: string): Promise<Office>;
  setOfficeType(office: string, type: string): Promise<Office>;
  listOffices(): Promise<Array<Office & { desks: number }>>;
  enrolmentCode(office: string, ttlHours?: number): Promise<{ code: string; officeName: string; expiresAt: string }>;
  stats(): Promise<Stats>;
  conflicts(status?: string): Promise<SyncConflict[]>;
  resolveConflict(id: string, req: ResolveConflictRequest): Promise<SyncConflict>;
  setReference(file: unknown): Promise<{ table: string; upserted: number; unchanged: number; deleted: number }>;
  listReference(): Promise<Array<{ table: string; rows: number }>>;
  revokePoa(poaId: string, reason?: string): Promise<{ poaId: string; revokedAt: string }>;
  compact(): Promise<{ removed: number }>;
  putClerk(input: ClerkInput): Promise<PublishedClerk & { created: boolean }>;
  removeClerk(office: string, username: string): Promise<{ removed: boolean }>;
  listClerks(office?: string): Promise<PublishedClerk[]>;
  /** The ICAO trust list (store/trust.ts); files travel as base64 DER/PEM and are checked by the server. */
  importMasterList(list: string, anchor: string): Promise<MasterListImport>;
  importCrl(crl: string): Promise<CrlImport>;
  listTrust(): Promise<TrustListing>;
  /** The reports per office, desk, clerk and day (store/reports.ts). */
  report(query: ReportQueryInput): Promise<Report>;
  /** Console accounts (server/console/admin-accounts.ts; `masa-server admin …`). */
  consoleAccounts(): Promise<ConsoleAccount[]>;
  addConsoleAccount(input: CliAccountInput): Promise<ConsoleAccount>;
  consoleAccountPassword(username: string, password: string): Promise<ConsoleAccount>;
  unlockConsoleAccount(username: string): Promise<ConsoleAccount>;
  removeConsoleAccount(username: string): Promise<{ removed: string }>;
  close(): Promise<void>;
}

function fromBase64(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'base64'));
}

/**
 * `signer`: the server's key signs published clerk accounts (runtime: the data folder's or --tls-key's pair).
 * Every change is audited in the server's log with actor 'cli' (console/admin-audit.ts).
 */
export function directAdmin(db: Database, signer?: ClerkSigner): Admin {
  return auditedAdmin(
    {
      addOffice: (name, type) => addOffice(db, name, type),
      setOfficeType: (office, type) => setOfficeType(db, office, type),
      listOffices: () => listOffices(db),
      enrolmentCode: (office, ttl) => createEnrolmentCode(db, office, ttl),
      stats: () => stats(db),
      conflicts: (status) => listConflicts(db, { status }),
      resolveConflict: (id, req) => resolveConflict(db, id, req),
      setReference: (file) => setReferenceTable(db, file),
      listReference: () => listReferenceTables(db),
      revokePoa: (poaId, reason) => revokePoaCentrally(db, poaId, reason),
      compact: async () => ({ removed: await compactChanges(db) }),
      putClerk: (input) => putClerk(db, input, signer),
      removeClerk: (office, username) => removeClerk(db, office, username),
      listClerks: (office) => listClerks(db, office),
      importMasterList: (list, anchor) => importMasterList(db, fromBase64(list), fromBase64(anchor)),
      importCrl: (crl) => importCrl(db, fromBase64(crl)),
      listTrust: () => listTrust(db),
      report: (query) => buildReport(db, query),
      consoleAccounts: () => cliListAccounts(db),
      addConsoleAccount: (input) => cliAddAccount(db, input),
      consoleAccountPassword: (username, password) => cliAccountPassword(db, username, password),
      unlockConsoleAccount: (username) => cliUnlockAccount(db, username),
      removeConsoleAccount: (username) => cliRemoveAccount(db, username),
      close: () => db.close(),
    },
    db,
  );
}

export function httpAdmin(info: ServerInfo): Admin {
  const { base: root, fetch: reach } = local(info);
  const base = `${root}/admin`;
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await reach(base + path, {
      method,
      headers: { authorization: `Bearer ${info.adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json().catch(() => ({}))) as { message?: string };
    if (!res.ok) throw new Error(json.message ?? `HTTP ${res.status}`);
    return json as T;
  };
  return {
    addOffice: (name, type) => call('POST', '/offices', { name, type }),
    setOfficeType: (office, type) => call('POST', '/office-types', { office, type }),
    listOffices: async () => (await call<{ offices: Array<Office & { desks: number }> }>('GET', '/offices')).offices,
    enrolmentCode: (office, ttlHours) => call('POST', '/enrolment-codes', { office, ttlHours }),
    stats: () => call('GET', '/stats'),
    conflicts: async (status) => (await call<{ conflicts: SyncConflict[] }>('GET', `/conflicts${status ? `?status=${encodeURIComponent(status)}` : ''}`)).conflicts,
    resolveConflict: (id, req) => call('POST', `/conflicts/${encodeURIComponent(id)}/resolve`, req),
    setReference: (file) => call('POST', '/reference', file),
    listReference: async () => (await call<{ tables: Array<{ table: string; rows: number }> }>('GET', '/reference')).tables,
    revokePoa: (poaId, reason) => call('POST', '/poa-revocations', { poaId, reason }),
    compact: () => call('POST', '/compact', {}),
    putClerk: (input) => call('POST', '/clerks', input),
    removeClerk: (office, username) => call('POST', '/clerks/remove', { office, username }),
    listClerks: async (office) => (await call<{ clerks: PublishedClerk[] }>('GET', `/clerks${office ? `?office=${encodeURIComponent(office)}` : ''}`)).clerks,
    importMasterList: (list, anchor) => call('POST', '/trust/masterlist', { list, anchor }),
    importCrl: (crl) => call('POST', '/trust/crl', { crl }),
    listTrust: () => call('GET', '/trust'),
    report: (query) => call('GET', `/reports?${reportSearch(query)}`),
    consoleAccounts: async () => (await call<{ accounts: ConsoleAccount[] }>('GET', '/console-accounts')).accounts,
    addConsoleAccount: (input) => call('POST', '/console-accounts', input),
    consoleAccountPassword: (username, password) => call('POST', '/console-accounts/password', { username, password }),
    unlockConsoleAccount: (username) => call('POST', '/console-accounts/unlock', { username }),
    removeConsoleAccount: (username) => call('POST', '/console-accounts/remove', { username }),
    close: async () => {},
  };
}

/** A report query as the admin endpoint's query string (the grouping as "office,day"). */
function reportSearch(query: ReportQueryInput): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) q.set(k, Array.isArray(v) ? v.join(',') : String(v));
  return q.toString();
}

export async function openAdmin(dataDir: string, env = process.env, tlsKeyFile?: string): Promise<Admin> {
  const info = env.DATABASE_URL ? null : runningServer(resolve(dataDir));
  if (info && info.port === 0) throw new Error(`the server (pid ${info.pid}) is starting; try again in a moment`);
  if (info && (await answers(info))) return httpAdmin(info);
  // No server, or server.json names a live process that is not our server (a pid reused after a crash): direct.
  const db = await openDatabase(resolve(dataDir), env);
  await migrate(db);
  // With no server running, accounts are signed with the key the server serves with: --tls-key's, or the pair it made
  // in the data folder (none: a plain-HTTP server's desks take unsigned accounts).
  return directAdmin(db, clerkSignerFrom(tlsKeyFile ?? dataFolderKeyFile(resolve(dataDir))));
}

async function answers(info: ServerInfo): Promise<boolean> {
  const { base, fetch: reach } = local(info);
  try {
    await reach(`${base}/v1/health`, { method: 'GET', headers: {}, signal: AbortSignal.timeout(3000) });
    return true; // any HTTP answer (even 503: database trouble) means the server holds the directory
  } catch {
    return false;
  }
}

/** `{table, rows}` objects from a JSON file (one object or an array of them). */
export function readReferenceFile(path: string): unknown[] {
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  return Array.isArray(parsed) ? parsed : [parsed];
}

export function referenceFilesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(dir, f));
}
