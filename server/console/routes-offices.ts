// The console's office pages (issue 13): offices, desks, enrolment codes and clerk accounts. Every route names what
// it acts on to authorise.ts, and every change is audited in its own transaction (routes.ts ConsoleContext).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppHttpError, parse } from '../http-error';
import { toIso } from '../db/adapter';
import { addOffice, createEnrolmentCode, updateOffice } from '../store/offices';
import { changeClerk, listClerksOf, putClerk, type PublishedClerk } from '../store/clerks';
import { authorise, officeScope, requireCentral } from './authorise';
import { listDesks, revokeDesk } from './desks';
import { expireEnrolmentCode, listEnrolmentCodes } from './views';
import { signature } from './accounts';
import { userOfRequest, type ConsoleContext } from './routes';
import { certificatePin } from '../../node-common/key-pins';
import { enrolLink } from '../../common/sync/enrol-link';
import type { OfficeType } from '../../common/domain/office-types';
import {
  addClerkSchema,
  addOfficeSchema,
  clerkPasswordSchema,
  makeEnrolmentCodeSchema,
  revokeDeskSchema,
  updateOfficeSchema,
  type ConsoleClerk,
  type ConsoleOffice,
  type MadeEnrolmentCode,
} from '../../common/console/api';

const idParam = z.object({ id: z.uuid() });
const codeParam = z.object({ id: z.string().regex(/^[0-9a-f]{12}$/) });
const officeQuery = z.object({ officeId: z.uuid().optional() });

function clerkView(c: PublishedClerk): ConsoleClerk {
  return { id: c.id, officeId: c.officeId!, officeName: c.office, username: c.username, displayName: c.displayName, role: c.role, language: c.language as ConsoleClerk['language'], active: c.active !== false };
}

export function registerOfficeRoutes(api: FastifyInstance, ctx: ConsoleContext): void {
  const { db, now } = ctx;

  // ---- offices ----
  api.get('/offices', async (req) => {
    const scope = officeScope(userOfRequest(req));
    const rows = await db.query<{ id: string; name: string; type: OfficeType; desks: string; created_at: unknown }>(
      `SELECT o.id, o.name, o.type, o.created_at, (SELECT count(*) FROM desks d WHERE d.office_id = o.id AND d.revoked_at IS NULL)::text AS desks
       FROM offices o WHERE $1::uuid[] IS NULL OR o.id = ANY($1::uuid[]) ORDER BY o.name`,
      [scope],
    );
    return { offices: rows.map((r): ConsoleOffice => ({ id: r.id, name: r.name, type: r.type, desks: Number(r.desks), createdAt: toIso(r.created_at) })) };
  });

  api.post('/offices', async (req) => {
    const user = userOfRequest(req);
    requireCentral(user);
    const b = parse(addOfficeSchema, req.body, 'office');
    return addOffice(db, b.name, b.type, ctx.auditInTx(user, (o) => ({ action: 'office.add', officeId: o.id, target: o.name, details: { type: o.type } })));
  });

  // A rename reaches the office's desks like a type change: both are in the office's profile row they pull.
  api.patch('/offices/:id', async (req) => {
    const user = userOfRequest(req);
    requireCentral(user);
    const { id } = parse(idParam, req.params, 'office id');
    const b = parse(updateOfficeSchema, req.body, 'office change');
    return updateOffice(db, id, b, ctx.auditInTx(user, (o) => ({ action: 'office.update', officeId: o.id, target: o.name, details: b })));
  });

  // ---- desks ----
  api.get('/desks', async (req) => {
    const q = parse(officeQuery, req.query, 'query');
    return { desks: await listDesks(db, officeScope(userOfRequest(req), q.officeId)) };
  });

  api.post('/desks/:id/revoke', async (req) => {
    const user = userOfRequest(req);
    const { id } = parse(idParam, req.params, 'desk id');
    const officeId = await authorise(db, user, { desk: id });
    const b = parse(revokeDeskSchema, req.body, 'revocation');
    await ctx.audited(user, { action: 'desk.revoke', officeId, target: id, details: { reason: b.reason } }, (tx) => revokeDesk(tx, id, signature(user), b.reason, now()));
    return (await listDesks(db, [officeId])).find((d) => d.id === id);
  });

  // ---- enrolment codes ----
  api.get('/enrolment-codes', async (req) => {
    const q = parse(officeQuery, req.query, 'query');
    return { codes: await listEnrolmentCodes(db, officeScope(userOfRequest(req), q.officeId)) };
  });

  // The code with everything a desk needs to enrol: this server's address as the console reached it, and its key pin.
  api.post('/enrolment-codes', async (req) => {
    const user = userOfRequest(req);
    const b = parse(makeEnrolmentCodeSchema, req.body, 'enrolment code request');
    const officeId = await authorise(db, user, { office: b.officeId });
    const c = await ctx.audited(user, (r: Awaited<ReturnType<typeof createEnrolmentCode>>) => ({ action: 'enrolmentCode.make', officeId, target: r.id, details: { ttlHours: b.ttlHours, expiresAt: r.expiresAt } }), (tx) =>
      createEnrolmentCode(tx, officeId, b.ttlHours, user.username),
    );
    const serverUrl = `${ctx.https ? 'https' : 'http'}://${req.headers.host ?? 'localhost'}`;
    const pin = ctx.https ? certificatePin(ctx.https.cert) : null;
    return { id: c.id, code: c.code, officeId: c.officeId, officeName: c.officeName, expiresAt: c.expiresAt, serverUrl, pin, link: enrolLink({ serverUrl, code: c.code, pin }) } satisfies MadeEnrolmentCode;
  });

  api.post('/enrolment-codes/:id/expire', async (req) => {
    const user = userOfRequest(req);
    const { id } = parse(codeParam, req.params, 'code id');
    const officeId = await authorise(db, user, { code: id });
    await ctx.audited(user, { action: 'enrolmentCode.expire', officeId, target: id }, (tx) => expireEnrolmentCode(tx, id));
    return (await listEnrolmentCodes(db, [officeId])).find((c) => c.id === id);
  });

  // ---- clerk accounts (rows the office's desks pull, signed with the server's key) ----
  api.get('/clerks', async (req) => {
    const q = parse(officeQuery, req.query, 'query');
    return { clerks: (await listClerksOf(db, officeScope(userOfRequest(req), q.officeId))).map(clerkView) };
  });

  // Adding an account that exists is refused: the page resets a password or deactivates instead.
  api.post('/clerks', async (req) => {
    const user = userOfRequest(req);
    const b = ctx.body(addClerkSchema, req, 'clerk account');
    const officeId = await authorise(db, user, { office: b.officeId });
    const { officeId: _o, ...input } = b;
    const c = await putClerk(db, { ...input, office: officeId }, ctx.signer, async (tx, r) => {
      if (!r.created) throw AppHttpError.conflict(`clerk "${b.username}" already exists in this office`);
      await ctx.auditInTx(user, () => ({ action: 'clerk.add', officeId, target: r.id, details: { username: r.username, role: r.role } }))(tx, r);
    });
    return clerkView(c);
  });

  api.post('/clerks/:id/password', async (req) => {
    const user = userOfRequest(req);
    const { id } = parse(idParam, req.params, 'clerk id');
    const officeId = await authorise(db, user, { clerk: id });
    const b = ctx.body(clerkPasswordSchema, req, 'clerk password');
    return clerkView(await changeClerk(db, id, { password: b.password }, ctx.signer, ctx.auditInTx(user, (c) => ({ action: 'clerk.password', officeId, target: id, details: { username: c.username } }))));
  });

  // Deactivated, not removed: the desks keep the row with active false, refuse its sign-in and sign it out.
  api.post('/clerks/:id/deactivate', async (req) => {
    const user = userOfRequest(req);
    const { id } = parse(idParam, req.params, 'clerk id');
    const officeId = await authorise(db, user, { clerk: id });
    return clerkView(await changeClerk(db, id, { active: false }, ctx.signer, ctx.auditInTx(user, (c) => ({ action: 'clerk.deactivate', officeId, target: id, details: { username: c.username } }))));
  });

  // Back in service (a clerk back from leave): the desks take the row at their next pull and let them sign in again.
  api.post('/clerks/:id/reactivate', async (req) => {
    const user = userOfRequest(req);
    const { id } = parse(idParam, req.params, 'clerk id');
    const officeId = await authorise(db, user, { clerk: id });
    return clerkView(await changeClerk(db, id, { active: true }, ctx.signer, ctx.auditInTx(user, (c) => ({ action: 'clerk.reactivate', officeId, target: id, details: { username: c.username } }))));
  });
}
