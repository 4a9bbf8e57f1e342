// Who may do what in the console (issue 13; the rules are in common/console/api.ts): the one place they are decided.
// Every route names what it acts on — nothing ('central' only), an office, or a desk, enrolment code, clerk account
// or conflict (whose office is looked up here) — and gets the office id back, or a 403. A central administrator
// may act everywhere; an office manager in the offices on their account only.
import type { Queryable } from '../db/adapter';
import { AppHttpError } from '../http-error';
import { ConsoleErrorCode, type ConsoleUser } from '../../common/console/api';

export type Resource = { office: string } | { desk: string } | { code: string } | { clerk: string } | { conflict: string };

const forbidden = (message: string) => new AppHttpError(403, ConsoleErrorCode.Forbidden, message);

/** Only a central administrator. */
export function requireCentral(user: ConsoleUser): void {
  if (user.role !== 'central') throw forbidden('central administrators only');
}

function mayActIn(user: ConsoleUser, officeId: string): boolean {
  return user.role === 'central' || user.offices.some((o) => o.id === officeId);
}

// Each resource's office, by its id (an enrolment code by the first 12 hex digits of its hash).
const OFFICE_OF: Record<string, string> = {
  office: 'SELECT id AS office_id FROM offices WHERE id::text = $1',
  desk: 'SELECT office_id FROM desks WHERE id::text = $1',
  code: 'SELECT office_id FROM enrolment_codes WHERE left(code_hash, 12) = $1',
  clerk: `SELECT office_id FROM central_rows WHERE table_name = 'clerks' AND key = $1 AND NOT deleted`,
  conflict: 'SELECT office_id FROM conflicts WHERE id::text = $1',
};

/** The office the resource belongs to, if the user may act on it: 404 when it does not exist, 403 when not theirs. */
export async function authorise(db: Queryable, user: ConsoleUser, what: Resource): Promise<string> {
  const [kind, id] = Object.entries(what)[0] as [string, string];
  const [r] = await db.query<{ office_id: string }>(OFFICE_OF[kind], [id]);
  if (!r) throw AppHttpError.notFound(`no such ${kind}`);
  if (!mayActIn(user, r.office_id)) throw forbidden(`not an office of yours`);
  return r.office_id;
}

/**
 * The offices a list may show: the one asked for (if the user may see it), else every office (null) for a central
 * administrator and the manager's own otherwise.
 */
export function officeScope(user: ConsoleUser, officeId?: string): string[] | null {
  if (officeId) {
    if (!mayActIn(user, officeId)) throw forbidden('not an office of yours');
    return [officeId];
  }
  return user.role === 'central' ? null : user.offices.map((o) => o.id);
}
