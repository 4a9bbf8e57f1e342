// The server's administration outside the console also lands in its audit log (issue 13), with actor 'cli': the
// loopback admin API that `masa-server …` uses while the server runs (an entry per change it answered with success),
// and the same commands run directly on the database (runtime.ts directAdmin, wrapped here). Passwords and the bulky
// files (master lists, CRLs, reference rows) are left out of the details.
import type { Database } from '../db/adapter';
import type { Admin } from '../runtime';
import { audit } from './audit-log';

/** The action each changing admin route is audited as ('METHOD /path' as routed, prefix included). */
export const ADMIN_ROUTE_ACTIONS: Record<string, string> = {
  'POST /admin/offices': 'office.add',
  'POST /admin/office-types': 'office.update',
  'POST /admin/enrolment-codes': 'enrolmentCode.make',
  'POST /admin/conflicts/:id/resolve': 'conflict.resolve',
  'POST /admin/reference': 'reference.set',
  'POST /admin/poa-revocations': 'poa.revoke',
  'POST /admin/compact': 'compact',
  'POST /admin/clerks': 'clerk.put',
  'POST /admin/clerks/remove': 'clerk.remove',
  'POST /admin/trust/masterlist': 'trust.masterList',
  'POST /admin/trust/crl': 'trust.crl',
};

const LEFT_OUT = new Set(['password', 'list', 'anchor', 'crl', 'rows']);

/** What an admin request's body says, without secrets and files. */
export function adminDetails(body: unknown, params?: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    for (const [k, v] of Object.entries(body)) if (!LEFT_OUT.has(k)) out[k] = v;
    if (Array.isArray((body as { rows?: unknown }).rows)) out.rows = (body as { rows: unknown[] }).rows.length;
  }
  if (params && typeof params === 'object') Object.assign(out, params);
  return out;
}

/** `admin` with every change audited (actor 'cli') once it succeeded. */
export function auditedAdmin(admin: Admin, db: Database): Admin {
  const after = <A extends unknown[], R>(action: string, fn: (...a: A) => Promise<R>, details: (...a: A) => Record<string, unknown>) =>
    async (...a: A): Promise<R> => {
      const r = await fn(...a);
      await audit(db, { actor: 'cli', action, details: details(...a) });
      return r;
    };
  return {
    ...admin,
    addOffice: after('office.add', admin.addOffice, (name, type) => ({ name, type })),
    setOfficeType: after('office.update', admin.setOfficeType, (office, type) => ({ office, type })),
    enrolmentCode: after('enrolmentCode.make', admin.enrolmentCode, (office, ttlHours) => ({ office, ttlHours })),
    resolveConflict: after('conflict.resolve', admin.resolveConflict, (id, req) => ({ id, resolution: req.resolution, note: req.note })),
    setReference: after('reference.set', admin.setReference, (file) => adminDetails(file)),
    revokePoa: after('poa.revoke', admin.revokePoa, (poaId, reason) => ({ poaId, reason })),
    compact: after('compact', admin.compact, () => ({})),
    putClerk: after('clerk.put', admin.putClerk, (input) => adminDetails(input)),
    removeClerk: after('clerk.remove', admin.removeClerk, (office, username) => ({ office, username })),
    importMasterList: after('trust.masterList', admin.importMasterList, () => ({})),
    importCrl: after('trust.crl', admin.importCrl, () => ({})),
  };
}
