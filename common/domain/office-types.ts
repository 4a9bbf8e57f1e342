// The kind of office a desk works in (DOMAIN.md §7): it decides which fee rows apply (an ASXM office charges no SIM
// duplicate; an operator office charges its operator's price). Set per office on the sync server
// (`masa-server office add NAME --type`), delivered to the desk at enrolment and by sync; a desk that has none yet
// (not enrolled, or enrolled with an older server) looks fees up as before office types existed.
import { z } from 'zod';

export const officeTypes = ['asxm', 'operator', 'post'] as const;
export type OfficeType = (typeof officeTypes)[number];
export const officeTypeSchema = z.enum(officeTypes);

export function isOfficeType(v: unknown): v is OfficeType {
  return typeof v === 'string' && (officeTypes as readonly string[]).includes(v);
}
