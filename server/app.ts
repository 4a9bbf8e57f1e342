/**
 * The sync server's HTTP API (Fastify 5). Routes validate every input with the shared zod schemas before touching
 * the database, so a bad request gets a 4xx with a reason and changes nothing. Errors always have the body
 * `{code, message, details?}`; 503 (database down) and 429 (too busy) carry Retry-After.
 */
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Database } from './db/adapter';
import { isDatabaseUnavailable } from './db/unavailable';
import { AppHttpError, parse } from './http-error';
import { adminTokenMatches, authenticateDesk } from './auth';
import {
  MAX_BODY_BYTES,
  SignatureScheme,
  auditLinksRequestSchema,
  SyncErrorCode,
  deskKeyRequestSchema,
  enrolRequestSchema,
  pullQuerySchema,
  pushRequestSchema,
  resolveConflictRequestSchema,
  type ErrorBody,
} from '../common/sync/protocol';
import { addOffice, createEnrolmentCode, enrolDesk, listOffices, setOfficeType, storeDeskPublicKey, type Desk } from './store/offices';
import { applyPush } from './store/push';
import { receiveAuditLinks } from './store/audit-chain';
import { compactChanges, pullChanges } from './store/changes';
import { listConflicts, resolveConflict } from './store/conflicts';
import { stats } from './store/stats';
import { buildReport } from './store/reports';
import { reportToCsv } from '../common/sync/reports';
import { listReferenceTables, setReferenceTable } from './store/reference';
import { listClerks, putClerk, removeClerk } from './store/clerks';
import { importCrl, importMasterList, listTrust } from './store/trust';
import { signClerk, type SignedClerkFields } from '../node-common/clerk-signature';
import { certificatePublicKey } from '../node-common/key-pins';
import { revokePoaCentrally } from './store/admin';
import { completeSubscriptions, lookupCustomer } from './store/customers';
import { customerQuerySchema } from '../common/sync/customers';
import { z as zod } from 'zod';
import { consoleSecurityHeaders, registerConsoleApi } from './console/routes';
import { registerConsoleStatic } from './console/static';
import { recordPull } from './console/desks';
import { ADMIN_ROUTE_ACTIONS, adminDetails } from './console/admin-audit';
import { audit } from './console/audit-log';
import { cliAccountPassword, cliAddAccount, cliListAccounts, cliRemoveAccount, cliUnlockAccount } from './console/admin-accounts';

declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: Buffer;
    desk?: Desk;
  }
}

export interface AppOptions {
  db: Database;
  /** Admin endpoints (/admin/*) are enabled with this bearer token, from loopback only. */
  adminToken?: string;
  now?: () => number;
  /** Requests in flight above this get 429. */
  maxInFlight?: number;
  /** Whole-request time limit (receiving the request), ms. */
  requestTimeoutMs?: number;
  /** Seconds for Retry-After when the database is down. */
  retryAfterSeconds?: number;
  logger?: boolean;
  log?: (msg: string) => void;
  /** Serve HTTPS with this pair (server/tls.ts); absent: plain HTTP (loopback, tests). Published clerk accounts are
   * then signed with its key, and `GET /v1/server-key` tells desks the public key they pinned. */
  https?: { key: string; cert: string };
  /** The central office console (issue 13, server/console/): where its built page is (default out/console), and
   * scrypt's cost for its passwords (tests lower it). */
  console?: { dir?: string; passwordCost?: number };
}


const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const idParam = zod.object({ id: zod.uuid() });

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const { db } = opts;
  const now = opts.now ?? Date.now;
  const maxInFlight = opts.maxInFlight ?? 256;
  const retryAfter = String(opts.retryAfterSeconds ?? 5);
  // requestTimeout: a client trickling its request (or a dead link) cannot hold a slot for Node's default 5 minutes.
  const app = Fastify({
    bodyLimit: MAX_BODY_BYTES,
    logger: opts.logger ?? false,
    requestTimeout: opts.requestTimeoutMs ?? 60_000,
    ...(opts.https ? { https: { ...opts.https, minVersion: 'TLSv1.2' as const } } : {}),
  }) as unknown as FastifyInstance;

  // Keep the exact body bytes: the signature covers their hash.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    req.rawBody = body as Buffer;
    if ((body as Buffer).length === 0) return done(null, undefined);
    try {
      done(null, JSON.parse((body as Buffer).toString('utf8')));
    } catch {
      done(AppHttpError.badRequest('body is not valid JSON'), undefined);
    }
  });

  // Requests in flight, counted down when the response closes — also when the client went away mid-request and no
  // response was ever finished (onResponse would not fire then, and the server would end up "busy" for good).
  let inFlight = 0;
  app.addHook('onRequest', async (_req, reply) => {
    if (inFlight >= maxInFlight) {
      reply.header('retry-after', '1');
      throw new AppHttpError(429, 'TOO_MANY_REQUESTS', 'server busy, retry later');
    }
    inFlight++;
    reply.raw.once('close', () => inFlight--);
  });

  app.setErrorHandler((err: unknown, req, reply) => {
    let status = 500;
    let body: ErrorBody = { code: SyncErrorCode.Internal, message: 'internal error' };
    const e = err as { statusCode?: number; code?: string; message?: string };
    if (err instanceof AppHttpError) {
      status = err.status;
      body = { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) };
    } else if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      status = 413;
      body = { code: SyncErrorCode.PayloadTooLarge, message: `body larger than ${MAX_BODY_BYTES} bytes` };
    } else if (isDatabaseUnavailable(err)) {
      status = 503;
      reply.header('retry-after', retryAfter);
      body = { code: SyncErrorCode.DatabaseUnavailable, message: 'database unavailable, retry later' };
    } else if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
      status = e.statusCode;
      body = { code: SyncErrorCode.InvalidInput, message: e.message ?? 'bad request' };
    } else {
      opts.log?.(`${req.method} ${req.url}: ${(err as Error)?.stack ?? String(err)}`);
    }
    if (status === 429) reply.header('retry-after', '1');
    void reply.status(status).send(body);
  });
  app.setNotFoundHandler((req, reply) => {
    void reply.status(404).send({ code: SyncErrorCode.NotFound, message: `no route ${req.method} ${req.url.split('?')[0]}` });
  });

  const deskAuth = async (req: FastifyRequest) => {
    req.desk = await authenticateDesk(db, { method: req.method, url: req.url, headers: req.headers, rawBody: req.rawBody }, now());
  };
  const adminAuth = async (req: FastifyRequest) => {
    if (!opts.adminToken) throw AppHttpError.notFound('admin API disabled');
    if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) throw AppHttpError.forbidden('admin API is loopback only');
    const h = req.headers.authorization;
    if (!adminTokenMatches(h?.startsWith('Bearer ') ? h.slice(7) : undefined, opts.adminToken)) throw AppHttpError.unauthenticated('admin token required');
  };

  const https = opts.https;
  const signer = https ? (row: SignedClerkFields) => signClerk(row, https.key) : undefined;

  // ---- desk API ----
  // The key desks pinned (its hash) in full, to check the server's signatures on clerk accounts at rest.
  app.get('/v1/server-key', async () => {
    if (!https) throw AppHttpError.notFound('this server serves plain HTTP: it has no key');
    return { publicKey: certificatePublicKey(https.cert) };
  });

  app.get('/v1/health', async () => {
    await db.query('SELECT 1');
    return { ok: true, database: db.kind };
  });

  app.post('/v1/enrol', async (req) => {
    const body = parse(enrolRequestSchema, req.body, 'enrolment');
    return enrolDesk(db, body.code, body.deskName, body.publicKey);
  });

  // An HMAC desk's move to Ed25519 (common/sync/protocol.ts): signed with the desk key it erases.
  app.post('/v1/desk-key', { preHandler: deskAuth }, async (req) => {
    const body = parse(deskKeyRequestSchema, req.body, 'desk key');
    const outcome = await storeDeskPublicKey(db, req.desk!.id, body.publicKey);
    if (outcome === 'other') throw AppHttpError.conflict('this desk already signs with another key');
    return { deskId: req.desk!.id, scheme: SignatureScheme.Ed25519 };
  });

  app.post('/v1/push', { preHandler: deskAuth }, async (req) => {
    const body = parse(pushRequestSchema, req.body, 'push');
    if (body.deskId !== req.desk!.id) throw AppHttpError.forbidden('deskId does not match the signing desk');
    return applyPush(db, req.desk!, body.ops);
  });

  // The desk's audit chain, links only (store/audit-chain.ts): a break or a gap is an alert for the office.
  app.post('/v1/audit', { preHandler: deskAuth }, async (req) => {
    const body = parse(auditLinksRequestSchema, req.body, 'audit links');
    return receiveAuditLinks(db, req.desk!, body.links, now, body.after);
  });

  app.get('/v1/state', { preHandler: deskAuth }, async (req) => {
    const [r] = await db.query<{ highest_seq: string }>('SELECT highest_seq::text AS highest_seq FROM desks WHERE id = $1', [req.desk!.id]);
    return { deskId: req.desk!.id, officeId: req.desk!.officeId, highestSeq: Number(r.highest_seq), serverTime: new Date(now()).toISOString() };
  });

  app.get('/v1/pull', { preHandler: deskAuth }, async (req) => {
    const q = parse(pullQuerySchema, req.query, 'pull query');
    // Customers the office newly keeps: their earlier rows go into the log first (store/customers.ts).
    await completeSubscriptions(db, req.desk!.officeId);
    const pulled = await pullChanges(db, req.desk!.officeId, q.cursor, q.limit ?? 500);
    // For the console: when it last synced, what it holds (the cursor it presented), its pending count and version.
    await recordPull(db, req.desk!.id, q, pulled.reset === true);
    return pulled;
  });

  /** One customer across offices (common/sync/customers.ts); the office keeps them in its replica from now on. */
  app.get('/v1/customers', { preHandler: deskAuth }, async (req) => {
    const q = parse(customerQuerySchema, req.query, 'customer query');
    return lookupCustomer(db, req.desk!.officeId, q, now);
  });

  app.get('/v1/conflicts', { preHandler: deskAuth }, async (req) => {
    const q = parse(zod.object({ status: zod.enum(['open', 'accepted', 'rejected']).optional() }), req.query, 'query');
    return { conflicts: await listConflicts(db, { officeId: req.desk!.officeId, status: q.status }) };
  });

  app.post('/v1/conflicts/:id/resolve', { preHandler: deskAuth }, async (req) => {
    const { id } = parse(idParam, req.params, 'conflict id');
    const body = parse(resolveConflictRequestSchema, req.body, 'resolution');
    return resolveConflict(db, id, body, { deskId: req.desk!.id, officeId: req.desk!.officeId, now: now() });
  });

  // ---- admin API (used by `masa-server …` while the server holds the PGlite data directory) ----
  app.register(
    async (admin) => {
      admin.addHook('preHandler', adminAuth);
      // Every change the admin API made is in the server's audit log (console/admin-audit.ts), before the answer leaves.
      admin.addHook('onSend', async (req, reply, payload) => {
        const action = ADMIN_ROUTE_ACTIONS[`${req.method} ${req.routeOptions.url}`];
        if (action && reply.statusCode < 400) await audit(db, { actor: 'cli', action, details: adminDetails(req.body, req.params) }, now());
        return payload;
      });
      admin.get('/offices', async () => ({ offices: await listOffices(db) }));
      admin.post('/offices', async (req) => {
        const b = parse(zod.object({ name: zod.string(), type: zod.string().optional() }), req.body, 'office');
        return addOffice(db, b.name, b.type);
      });
      admin.post('/office-types', async (req) => {
        const b = parse(zod.object({ office: zod.string().min(1), type: zod.string() }), req.body, 'office type');
        return setOfficeType(db, b.office, b.type);
      });
      admin.post('/enrolment-codes', async (req) => {
        const b = parse(zod.object({ office: zod.string().min(1), ttlHours: zod.number().positive().optional() }), req.body, 'enrolment code request');
        return createEnrolmentCode(db, b.office, b.ttlHours);
      });
      admin.get('/stats', async () => stats(db));
      // The reports (store/reports.ts): JSON, or CSV with ?format=csv; filters and grouping as `masa-server report`'s.
      admin.get('/reports', async (req, reply) => {
        const { format, ...query } = req.query as Record<string, string>;
        if (format !== undefined && format !== 'json' && format !== 'csv') throw AppHttpError.badRequest(`format must be json or csv, not "${format}"`);
        const report = await buildReport(db, query);
        if (format !== 'csv') return report;
        return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="masa-report.csv"').send(reportToCsv(report));
      });
      admin.get('/conflicts', async (req) => {
        const q = parse(zod.object({ status: zod.enum(['open', 'accepted', 'rejected']).optional() }), req.query, 'query');
        return { conflicts: await listConflicts(db, q) };
      });
      admin.post('/conflicts/:id/resolve', async (req) => {
        const { id } = parse(idParam, req.params, 'conflict id');
        return resolveConflict(db, id, parse(resolveConflictRequestSchema, req.body, 'resolution'));
      });
      admin.get('/reference', async () => ({ tables: await listReferenceTables(db) }));
      admin.post('/reference', async (req) => setReferenceTable(db, req.body));
      admin.post('/poa-revocations', async (req) => {
        const b = parse(zod.object({ poaId: zod.string().min(1), reason: zod.string().optional(), revokedAt: zod.iso.datetime({ offset: true }).optional() }), req.body, 'revocation');
        return revokePoaCentrally(db, b.poaId, b.reason, b.revokedAt);
      });
      admin.post('/compact', async () => ({ removed: await compactChanges(db) }));
      // Console accounts (`masa-server admin …`): audited by console/admin-accounts.ts itself.
      const username = zod.object({ username: zod.string().min(1).max(40) });
      admin.get('/console-accounts', async () => ({ accounts: await cliListAccounts(db) }));
      admin.post('/console-accounts', async (req) => cliAddAccount(db, req.body as Parameters<typeof cliAddAccount>[1], opts.console?.passwordCost));
      admin.post('/console-accounts/password', async (req) => {
        const b = parse(username.extend({ password: zod.string() }), req.body, 'account password');
        return cliAccountPassword(db, b.username, b.password, opts.console?.passwordCost);
      });
      admin.post('/console-accounts/unlock', async (req) => cliUnlockAccount(db, parse(username, req.body, 'account').username));
      admin.post('/console-accounts/remove', async (req) => cliRemoveAccount(db, parse(username, req.body, 'account').username));
      admin.get('/clerks', async (req) => ({ clerks: await listClerks(db, (req.query as { office?: string }).office) }));
      admin.post('/clerks', async (req) => putClerk(db, req.body as Parameters<typeof putClerk>[1], signer));
      admin.post('/clerks/remove', async (req) => {
        const b = parse(zod.object({ office: zod.string(), username: zod.string() }), req.body, 'clerk');
        return removeClerk(db, b.office, b.username);
      });
      // A master list runs to a few megabytes (base64 in JSON): these two take more than the sync routes' limit.
      const trustFile = zod.string().min(1).max(40_000_000);
      admin.get('/trust', async () => listTrust(db));
      admin.post('/trust/masterlist', { bodyLimit: 64 * 1024 * 1024 }, async (req) => {
        const b = parse(zod.object({ list: trustFile, anchor: trustFile }), req.body, 'master list');
        return importMasterList(db, new Uint8Array(Buffer.from(b.list, 'base64')), new Uint8Array(Buffer.from(b.anchor, 'base64')));
      });
      admin.post('/trust/crl', { bodyLimit: 64 * 1024 * 1024 }, async (req) => importCrl(db, new Uint8Array(Buffer.from(parse(zod.object({ crl: trustFile }), req.body, 'CRL').crl, 'base64'))));
    },
    { prefix: '/admin' },
  );

  // ---- the central office console (issue 13): its API and its page ----
  consoleSecurityHeaders(app);
  registerConsoleApi(app, { db, now, https: https ? { cert: https.cert } : undefined, signer, passwordCost: opts.console?.passwordCost });
  registerConsoleStatic(app, opts.console?.dir);

  await app.ready();
  return app;
}
