// The kind of office a desk works in (DOMAIN.md §7): it decides which fee rows apply (an ASXM office charges no SIM
// duplicate; an operator office charges its operator's price) and which operations its desks offer (reference table
// office_operations: an ASXM desk does not sell SIMs, a post office only registers IMEIs and KÖMİS accounts). Set per office on the sync server
// (`masa-server office add NAME --type`), delivered to the desk at enrolment and by sync; a desk that has none yet
// (not enrolled, or enrolled with an older server) looks fees up as before office types existed.
import { z } from 'zod';

export const officeTypes = ['asxm', 'operator', 'post'] as const;
export type OfficeType = (typeof officeTypes)[number];
export const officeTypeSchema = z.enum(officeTypes);

export function isOfficeType(v: unknown): v is OfficeType {
  return typeof v === 'string' && (officeTypes as readonly string[]).includes(v);
}

/**
 * Whether a desk of `type` offers `kind` on `day`, by the office_operations rows (`{code: type, kinds, validFrom,
 * validTo}`). No type (a standalone desk, or enrolled with an older server) or no row in force for it: every kind —
 * as before office types limited anything.
 */
export function offeredAt(rows: readonly { code: string; kinds: readonly string[]; validFrom: string; validTo: string | null }[], type: OfficeType | null, kind: string, day: string): boolean {
  if (!type) return true;
  const row = rows.find((r) => r.code === type && r.validFrom <= day && (r.validTo === null || day <= r.validTo));
  return !row || row.kinds.includes(kind);
}
