// The console's API under /console/api (issue 13; the contract is common/console/api.ts, the design docs/console.md).
// This file: the plugin's guards — security headers, no caching, the session from its cookie, the CSRF and Origin
// checks on every change, the audit of refusals — and the session routes. The pages' routes are in
// routes-offices.ts (offices, desks, enrolment codes, clerk accounts) and routes-data.ts (reference data, conflicts,
// reports, customers, console accounts, the audit log); who may do what is decided in authorise.ts only.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database, Queryable } from '../db/adapter';
import { AppHttpError, parse } from '../http-error';
import type { ClerkSigner } from '../store/clerks';
import { appendAudit, audit, type AuditInput } from './audit-log';
import { checkSignIn, getAccount, hashPassword, setAccountLanguage, setAccountPassword, signInError, userOf } from './accounts';
import { clearedCookie, createSession, csrfMatches, endOtherSessions, endSession, sessionCookie, tokenFromCookies, useSession } from './sessions';
import { verifyPassword, PASSWORD_COST } from '../../node-common/passwords';
import {
  CONSOLE_API,
  CONSOLE_CSRF_HEADER,
  CONSOLE_PATH,
  ConsoleErrorCode,
  changeOwnPasswordSchema,
  setLanguageSchema,
  signInRequestSchema,
  type ConsoleSession,
  type ConsoleUser,
} from '../../common/console/api';
import { registerOfficeRoutes } from './routes-offices';
import { registerDataRoutes } from './routes-data';
import type { z } from 'zod';

export interface ConsoleOptions {
  db: Database;
  now: () => number;
  /** The served certificate (HTTPS): cookies are Secure and enrolment codes carry its pin. Absent: plain HTTP. */
  https?: { cert: string };
  signer?: ClerkSigner;
  /** scrypt's N for console passwords (tests lower it); the stand-in hash of an unknown user has the same. */
  passwordCost?: number;
}

/** What the page routes get: the options, and the signed-in person's audited actions. */
export interface ConsoleContext extends ConsoleOptions {
  passwordCost: number;
  /** Runs `fn` in a transaction and appends the audit entry (actor = the user) in the same one. */
  audited<T>(user: ConsoleUser, entry: Omit<AuditInput, 'actor'> | ((r: T) => Omit<AuditInput, 'actor'>), fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** The audit entry as a store function's `alsoInTx` (store functions that own their transaction). */
  auditInTx<T>(user: ConsoleUser, entry: (r: T) => Omit<AuditInput, 'actor'>): (tx: Queryable, r: T) => Promise<unknown>;
  /** A body parsed with the contract's schema; a too-weak password gets CONSOLE_WEAK_PASSWORD. */
  body<S extends z.ZodType>(schema: S, req: FastifyRequest, what: string): z.infer<S>;
}

declare module 'fastify' {
  interface FastifyRequest {
    consoleUser?: ConsoleUser;
    consoleSession?: { token: string; csrfToken: string; expiresAt: string };
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const PASSWORD_FIELDS = new Set(['password', 'next']);

/** The signed-in user (every route but sign-in has one: the guard refused the request otherwise). */
export function userOfRequest(req: FastifyRequest): ConsoleUser {
  if (!req.consoleUser) throw new AppHttpError(401, ConsoleErrorCode.SignedOut, 'signed out');
  return req.consoleUser;
}

/** The headers every /console answer carries (the page and the API). */
export function consoleSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onRequest', async (req, reply) => {
    if (req.url !== CONSOLE_PATH && !req.url.startsWith(`${CONSOLE_PATH}/`) && !req.url.startsWith(`${CONSOLE_PATH}?`)) return;
    reply
      .header('content-security-policy', "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'")
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('x-frame-options', 'DENY');
    if (req.url.startsWith(`${CONSOLE_API}/`) || req.url === CONSOLE_API) reply.header('cache-control', 'no-store');
  });
}

export function registerConsoleApi(app: FastifyInstance, opts: ConsoleOptions): void {
  const { db, now } = opts;
  const secure = !!opts.https;
  const ctx: ConsoleContext = {
    ...opts,
    passwordCost: opts.passwordCost ?? PASSWORD_COST,
    audited: (user, entry, fn) =>
      db.transaction(async (tx) => {
        const r = await fn(tx);
        await appendAudit(tx, { actor: user.username, ...(typeof entry === 'function' ? entry(r) : entry) }, now());
        return r;
      }),
    auditInTx: (user, entry) => (tx, r) => appendAudit(tx, { actor: user.username, ...entry(r) }, now()),
    body: (schema, req, what) => {
      const r = schema.safeParse(req.body);
      if (!r.success && r.error.issues.some((i) => PASSWORD_FIELDS.has(String(i.path[0])))) {
        throw new AppHttpError(400, ConsoleErrorCode.WeakPassword, 'the password is too short or too long', { issues: r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
      }
      return parse(schema, req.body, what);
    },
  };

  app.register(
    async (api) => {
      // The session, and for a change its CSRF token and origin, before any route runs.
      api.addHook('preHandler', async (req) => {
        const signIn = req.method === 'POST' && req.routeOptions.url === `${CONSOLE_API}/session`;
        if (!SAFE_METHODS.has(req.method)) {
          const origin = req.headers.origin;
          const own = `${secure ? 'https' : 'http'}://${req.headers.host ?? ''}`;
          if (origin !== undefined && origin !== own) throw new AppHttpError(403, ConsoleErrorCode.Csrf, 'request from another origin');
        }
        const token = tokenFromCookies(req.headers.cookie);
        const session = token ? await useSession(db, token, now()) : null;
        if (session && token) {
          req.consoleUser = userOf(await getAccount(db, session.accountId));
          req.consoleSession = { token, csrfToken: session.csrfToken, expiresAt: session.expiresAt };
        }
        if (signIn) return;
        if (!req.consoleSession) throw new AppHttpError(401, ConsoleErrorCode.SignedOut, 'signed out');
        if (!SAFE_METHODS.has(req.method)) {
          const given = req.headers[CONSOLE_CSRF_HEADER];
          if (!csrfMatches(Array.isArray(given) ? given[0] : given, req.consoleSession.csrfToken)) throw new AppHttpError(403, ConsoleErrorCode.Csrf, 'CSRF token missing or wrong');
        }
      });
      // Refusals are audited: a CSRF refusal (someone's page tried a change), an office manager reaching past their offices.
      api.addHook('onError', async (req, _reply, err) => {
        const code = (err as { code?: string }).code;
        if (code !== ConsoleErrorCode.Csrf && code !== ConsoleErrorCode.Forbidden) return;
        await audit(db, { actor: req.consoleUser?.username ?? 'anonymous', action: code === ConsoleErrorCode.Csrf ? 'console.csrfRefused' : 'console.forbidden', target: `${req.method} ${req.url.split('?')[0]}`, details: { message: (err as Error).message } }, now()).catch(() => {});
      });

      api.post('/session', async (req, reply) => {
        const b = parse(signInRequestSchema, req.body, 'sign-in');
        const outcome = await checkSignIn(db, b.username, b.password, now(), ctx.passwordCost);
        if (!outcome.ok) {
          const locked = outcome.reason === 'locked' ? 'console.signInLocked' : outcome.lockedUntil ? 'console.lockedOut' : 'console.signInFailed';
          await audit(db, { actor: outcome.username, action: locked, target: outcome.accountId, details: { reason: outcome.reason, ...(outcome.lockedUntil ? { until: outcome.lockedUntil } : {}) } }, now());
          throw signInError(outcome);
        }
        if (req.consoleSession) await endSession(db, req.consoleSession.token);
        const user = userOf(outcome.account);
        const s = await ctx.audited(user, { action: 'console.signIn', target: user.id }, (tx) => createSession(tx, user.id, now()));
        reply.header('set-cookie', sessionCookie(s.token, secure));
        return { user, csrfToken: s.csrfToken, expiresAt: s.expiresAt } satisfies ConsoleSession;
      });

      api.get('/session', async (req) => ({ user: userOfRequest(req), csrfToken: req.consoleSession!.csrfToken, expiresAt: req.consoleSession!.expiresAt }) satisfies ConsoleSession);

      api.delete('/session', async (req, reply: FastifyReply) => {
        const user = userOfRequest(req);
        await ctx.audited(user, { action: 'console.signOut', target: user.id }, (tx) => endSession(tx, req.consoleSession!.token));
        reply.header('set-cookie', clearedCookie(secure));
        return { ok: true };
      });

      // Your own password: the current one proves it is you; other browsers signed in as you are signed out.
      api.post('/session/password', async (req) => {
        const user = userOfRequest(req);
        const b = ctx.body(changeOwnPasswordSchema, req, 'password change');
        const [r] = await db.query<{ password_hash: string }>('SELECT password_hash FROM console_accounts WHERE id = $1', [user.id]);
        if (!(await verifyPassword(b.current, r.password_hash))) {
          await audit(db, { actor: user.username, action: 'console.passwordChangeRefused', target: user.id }, now());
          throw new AppHttpError(403, ConsoleErrorCode.BadCredentials, 'the current password is wrong');
        }
        const hash = await hashPassword(b.next, ctx.passwordCost);
        await ctx.audited(user, { action: 'console.passwordChanged', target: user.id }, async (tx) => {
          await setAccountPassword(tx, user.id, hash);
          await endOtherSessions(tx, user.id, req.consoleSession!.token);
        });
        return { ok: true };
      });

      api.post('/session/language', async (req) => {
        const user = userOfRequest(req);
        const b = parse(setLanguageSchema, req.body, 'language');
        await ctx.audited(user, { action: 'console.language', target: user.id, details: { language: b.language } }, (tx) => setAccountLanguage(tx, user.id, b.language));
        return { user: { ...user, language: b.language }, csrfToken: req.consoleSession!.csrfToken, expiresAt: req.consoleSession!.expiresAt } satisfies ConsoleSession;
      });

      registerOfficeRoutes(api, ctx);
      registerDataRoutes(api, ctx);
    },
    { prefix: CONSOLE_API },
  );
}
