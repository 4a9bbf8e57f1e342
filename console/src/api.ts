// The console's API client: every call goes to CONSOLE_API with the session cookie, carries the CSRF token on
// anything that changes something, and parses the answer with the contract's schema (common/console/api.ts), so a
// server that answers something else fails here, loudly, instead of showing half a page.
import { z } from 'zod';
import * as c from '../../common/console/api';
import { customerLookupResponseSchema, type CustomerLookupBy } from '../../common/sync/customers';
import type { Report, ReportQueryInput } from '../../common/sync/reports';
import { ConsoleApiError, consoleRequest, errorFromResponse, queryString, type Method } from './request';

let csrfToken: string | null = null;
let onSignedOut: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called once (main.ts): a 401 CONSOLE_SIGNED_OUT anywhere sends the user to sign in again. */
export function whenSignedOut(handler: () => void): void {
  onSignedOut = handler;
}

const ok = z.unknown();

async function call<T>(method: Method, path: string, schema: z.ZodType<T>, body?: unknown, opts: { quiet401?: boolean } = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`${c.CONSOLE_API}${path}`, consoleRequest(method, body, csrfToken));
  } catch {
    throw new ConsoleApiError(0, 'NETWORK', 'network');
  }
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!res.ok) {
    const err = errorFromResponse(res.status, json);
    if (err.code === c.ConsoleErrorCode.SignedOut && !opts.quiet401) onSignedOut?.();
    throw err;
  }
  return schema.parse(json);
}

/** Report query → the query string both /reports and /reports.csv take. */
export function reportQuery(q: ReportQueryInput): string {
  const by = Array.isArray(q.by) ? q.by.join(',') : q.by;
  return queryString({ by, office: q.office, desk: q.desk, clerk: q.clerk, from: q.from, to: q.to });
}

const reportSchema = z.custom<Report>((v) => !!v && typeof v === 'object' && Array.isArray((v as Report).groups) && !!(v as Report).totals);

export const consoleApi = {
  session: () => call('GET', '/session', c.sessionSchema, undefined, { quiet401: true }),
  signIn: (b: z.input<typeof c.signInRequestSchema>) => call('POST', '/session', c.sessionSchema, b, { quiet401: true }),
  signOut: () => call('DELETE', '/session', ok, undefined, { quiet401: true }),
  setLanguage: (language: 'az' | 'en' | 'ru') => call('POST', '/session/language', ok, { language }),
  changePassword: (b: z.input<typeof c.changeOwnPasswordSchema>) => call('POST', '/session/password', ok, b),

  offices: () => call('GET', '/offices', c.officeListSchema),
  addOffice: (b: z.input<typeof c.addOfficeSchema>) => call('POST', '/offices', ok, b),
  updateOffice: (id: string, b: z.input<typeof c.updateOfficeSchema>) => call('PATCH', `/offices/${id}`, ok, b),

  desks: (officeId?: string) => call('GET', `/desks${queryString({ officeId })}`, c.deskListSchema),
  revokeDesk: (id: string, reason: string) => call('POST', `/desks/${id}/revoke`, ok, { reason }),

  codes: (officeId?: string) => call('GET', `/enrolment-codes${queryString({ officeId })}`, c.enrolmentCodeListSchema),
  makeCode: (b: z.input<typeof c.makeEnrolmentCodeSchema>) => call('POST', '/enrolment-codes', c.madeEnrolmentCodeSchema, b),
  expireCode: (id: string) => call('POST', `/enrolment-codes/${id}/expire`, ok, {}),

  clerks: (officeId?: string) => call('GET', `/clerks${queryString({ officeId })}`, c.clerkListSchema),
  addClerk: (b: z.input<typeof c.addClerkSchema>) => call('POST', '/clerks', ok, b),
  clerkPassword: (id: string, password: string) => call('POST', `/clerks/${encodeURIComponent(id)}/password`, ok, { password }),
  deactivateClerk: (id: string) => call('POST', `/clerks/${encodeURIComponent(id)}/deactivate`, ok, {}),
  reactivateClerk: (id: string) => call('POST', `/clerks/${encodeURIComponent(id)}/reactivate`, ok, {}),

  reference: () => call('GET', '/reference', c.referenceListSchema),
  referenceTable: (table: string) => call('GET', `/reference/${encodeURIComponent(table)}`, c.referenceTableSchema),
  newVersion: (table: string, b: z.input<typeof c.newReferenceVersionSchema>) => call('POST', `/reference/${encodeURIComponent(table)}/versions`, ok, b),

  conflicts: (q: z.input<typeof c.conflictQuerySchema>) => call('GET', `/conflicts${queryString(q)}`, c.consoleConflictListSchema),
  resolveConflict: (id: string, b: z.input<typeof c.consoleResolveSchema>) => call('POST', `/conflicts/${id}/resolve`, ok, b),

  report: (q: ReportQueryInput) => call('GET', `/reports${reportQuery(q)}`, reportSchema),
  reportCsvUrl: (q: ReportQueryInput) => `${c.CONSOLE_API}/reports.csv${reportQuery(q)}`,

  customers: (by: CustomerLookupBy, value: string) => call('GET', `/customers${queryString({ by, value })}`, customerLookupResponseSchema),

  accounts: () => call('GET', '/accounts', c.accountListSchema),
  addAccount: (b: z.input<typeof c.addAccountSchema>) => call('POST', '/accounts', ok, b),
  accountPassword: (id: string, password: string) => call('POST', `/accounts/${id}/password`, ok, { password }),
  deactivateAccount: (id: string) => call('POST', `/accounts/${id}/deactivate`, ok, {}),
  reactivateAccount: (id: string) => call('POST', `/accounts/${id}/reactivate`, ok, {}),
  unlockAccount: (id: string) => call('POST', `/accounts/${id}/unlock`, ok, {}),
  accountOffices: (id: string, officeIds: string[]) => call('PUT', `/accounts/${id}/offices`, ok, { officeIds }),

  audit: (before?: number) => call('GET', `/audit${queryString({ before, limit: 100 })}`, c.serverAuditListSchema),
};
