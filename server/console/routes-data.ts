// The console's data pages (issue 13): reference data, conflicts, reports, the customer search, console accounts and
// the server's audit log. Who may do what: authorise.ts; every change audited (routes.ts ConsoleContext).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppHttpError, parse } from '../http-error';
import { resolveConflict } from '../store/conflicts';
import { buildReport } from '../store/reports';
import { findOffice } from '../store/offices';
import { customerSummary, resolveCustomerKey } from '../store/customers';
import { authorise, officeScope, requireCentral } from './authorise';
import { addReferenceVersion, listReferenceView, referenceTableView } from './reference-view';
import { listConsoleConflicts } from './views';
import { addAccount, getAccount, hashPassword, listAccounts, reactivateAccount, retireAccount, setAccountOffices, setAccountPassword, signature, unlockAccount } from './accounts';
import { endOtherSessions } from './sessions';
import { listAudit } from './audit-log';
import { userOfRequest, type ConsoleContext } from './routes';
import { TABLE_NAME } from '../store/changes';
import { reportQuerySchema, reportToCsv, type ReportQueryInput } from '../../common/sync/reports';
import type { CustomerLookupResponse } from '../../common/sync/customers';
import {
  accountOfficesSchema,
  accountPasswordSchema,
  addAccountSchema,
  auditQuerySchema,
  conflictQuerySchema,
  consoleCustomerQuerySchema,
  consoleResolveSchema,
  newReferenceVersionSchema,
  type ConsoleUser,
} from '../../common/console/api';
import type { Database } from '../db/adapter';

const idParam = z.object({ id: z.uuid() });
const tableParam = z.object({ table: z.string().regex(TABLE_NAME) });

/**
 * The report a user may see: a manager's is limited to their offices — none named: all of theirs; another office
 * named: refused. The query as the admin endpoint takes it (strings; `by` as "office,day").
 */
async function scopedReport(db: Database, user: ConsoleUser, query: unknown) {
  const q = parse(reportQuerySchema, query, 'report query');
  let officeIds: string[] | null = null;
  if (user.role !== 'central') {
    if (q.office) {
      // Named by id or name: the office it is must be one of theirs.
      const office = await findOffice(db, q.office).catch(() => null);
      if (!office) throw AppHttpError.notFound(`no office "${q.office}"`);
      officeIds = officeScope(user, office.id);
    } else officeIds = officeScope(user);
  }
  return buildReport(db, q as ReportQueryInput, undefined, officeIds);
}

export function registerDataRoutes(api: FastifyInstance, ctx: ConsoleContext): void {
  const { db, now } = ctx;

  // ---- reference data (everyone sees it; central administrators add versions) ----
  api.get('/reference', async (req) => ({ tables: await listReferenceView(db, officeScope(userOfRequest(req))) }));

  api.get('/reference/:table', async (req) => {
    const { table } = parse(tableParam, req.params, 'table');
    return referenceTableView(db, table, officeScope(userOfRequest(req)));
  });

  api.post('/reference/:table/versions', async (req) => {
    const user = userOfRequest(req);
    requireCentral(user);
    const { table } = parse(tableParam, req.params, 'table');
    const b = parse(newReferenceVersionSchema, req.body, 'reference version');
    return addReferenceVersion(db, table, b, ctx.auditInTx(user, (r) => ({ action: 'reference.version', target: `${table}/${r.key}`, details: { replaces: r.replaced, validFrom: b.validFrom, row: b.row } })));
  });

  // ---- conflicts ----
  api.get('/conflicts', async (req) => {
    const q = parse(conflictQuerySchema, req.query, 'query');
    return { conflicts: await listConsoleConflicts(db, officeScope(userOfRequest(req), q.officeId), q) };
  });

  // The resolver is the signed-in person, named as "Display Name (username)".
  api.post('/conflicts/:id/resolve', async (req) => {
    const user = userOfRequest(req);
    const { id } = parse(idParam, req.params, 'conflict id');
    const officeId = await authorise(db, user, { conflict: id });
    const b = parse(consoleResolveSchema, req.body, 'resolution');
    const resolvedBy = signature(user).slice(0, 100);
    return resolveConflict(db, id, { resolution: b.resolution, note: b.note, resolvedBy }, undefined, ctx.auditInTx(user, (c) => ({ action: 'conflict.resolve', officeId, target: id, details: { status: c.status, note: b.note } })));
  });

  // ---- reports ----
  api.get('/reports', async (req) => scopedReport(db, userOfRequest(req), req.query));
  api.get('/reports.csv', async (req, reply) => {
    const report = await scopedReport(db, userOfRequest(req), req.query);
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="masa-report.csv"').send(reportToCsv(report));
  });

  // ---- one customer across offices (central administrators): no office starts keeping them, but the look-up is audited ----
  api.get('/customers', async (req) => {
    const user = userOfRequest(req);
    requireCentral(user);
    const q = parse(consoleCustomerQuerySchema, req.query, 'customer query');
    const asOf = new Date(now()).toISOString();
    const key = await resolveCustomerKey(db, q);
    const summary = key ? await customerSummary(db, key) : null;
    await ctx.audited(user, { action: 'customer.lookup', target: key, details: { by: q.by, value: q.value, found: key !== null } }, async () => undefined);
    return { summary, asOf } satisfies CustomerLookupResponse;
  });

  // ---- console accounts (central administrators) ----
  api.get('/accounts', async (req) => {
    requireCentral(userOfRequest(req));
    return { accounts: await listAccounts(db) };
  });

  api.post('/accounts', async (req) => {
    const user = userOfRequest(req);
    requireCentral(user);
    const b = ctx.body(addAccountSchema, req, 'console account');
    const passwordHash = await hashPassword(b.password, ctx.passwordCost);
    return ctx.audited(user, (a: Awaited<ReturnType<typeof addAccount>>) => ({ action: 'account.add', target: a.username, details: { role: a.role, offices: b.officeIds } }), (tx) => addAccount(tx, { ...b, passwordHash }));
  });

  // A new password ends the account's sessions (whoever holds one is signed out) and lifts a lockout.
  api.post('/accounts/:id/password', async (req) => {
    const user = userOfRequest(req);
    requireCentral(user);
    const { id } = parse(idParam, req.params, 'account id');
    const b = ctx.body(accountPasswordSchema, req, 'password');
    const target = await getAccount(db, id);
    const hash = await hashPassword(b.password, ctx.passwordCost);
    await ctx.audited(user, { action: 'account.password', target: target.username }, async (tx) => {
      await setAccountPassword(tx, id, hash);
      await endOtherSessions(tx, id, id === user.id ? (req.consoleSession?.token ?? null) : null);
    });
    return getAccount(db, id);
  });

  api.post('/accounts/:id/deactivate', async (req) => {
    const user = userOfRequest(req);
    requireCentral(user);
    const { id } = parse(idParam, req.params, 'account id');
    if (id === user.id) throw AppHttpError.conflict('you cannot deactivate your own account');
    const target = await getAccount(db, id);
    await ctx.audited(user, { action: 'account.deactivate', target: target.username }, (tx) => retireAccount(tx, id, 'deactivate'));
    return getAccount(db, id);
  });

  api.post('/accounts/:id/reactivate', async (req) => {
    const user = userOfRequest(req);
    requireCentral(user);
    const { id } = parse(idParam, req.params, 'account id');
    const target = await getAccount(db, id);
    if (target.active) throw AppHttpError.conflict('the account is active');
    await ctx.audited(user, { action: 'account.reactivate', target: target.username }, (tx) => reactivateAccount(tx, id));
    return getAccount(db, id);
  });

  api.post('/accounts/:id/unlock', async (req) => {
    const user = userOfRequest(req);
    requireCentral(user);
    const { id } = parse(idParam, req.params, 'account id');
    const target = await getAccount(db, id);
    await ctx.audited(user, { action: 'account.unlock', target: target.username }, (tx) => unlockAccount(tx, id));
    return getAccount(db, id);
  });

  api.put('/accounts/:id/offices', async (req) => {
    const user = userOfRequest(req);
    requireCentral(user);
    const { id } = parse(idParam, req.params, 'account id');
    const b = parse(accountOfficesSchema, req.body, 'offices');
    const target = await getAccount(db, id);
    if (target.role !== 'manager') throw AppHttpError.badRequest('only an office manager has offices');
    await ctx.audited(user, { action: 'account.offices', target: target.username, details: { offices: b.officeIds } }, (tx) => setAccountOffices(tx, id, b.officeIds));
    return getAccount(db, id);
  });

  // ---- the server's audit log (central administrators) ----
  api.get('/audit', async (req) => {
    requireCentral(userOfRequest(req));
    return listAudit(db, parse(auditQuerySchema, req.query, 'query'), ctx.now());
  });
}
