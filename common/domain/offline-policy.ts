// Per-operation offline policy (issue 9, item 4). The desk-wide offline limits (electron/main/sync/offline-limits.ts)
// say how long a desk may work alone at all; this says, per kind of operation, how much it needs the central office:
//   allowed      — may be completed offline and synced later (a POA registration: the server re-checks it);
//   fresh-check  — needs a central answer about the customer no older than maxAgeHours (a SIM duplicate: who the
//                  number is bound to is decided centrally, a stale replica could hand a SIM to the wrong person);
//   online-only  — refused while the desk cannot reach the server.
// The policy is reference data (table offline_policies, one row per operation kind), so the central office can tighten
// or relax a kind without a release. Kinds that only reduce risk (a revocation, a lost carrier) are never refused:
// their module declares offline 'always' and this table does not apply to them.
import { z } from 'zod';

export const offlineModes = ['allowed', 'fresh-check', 'online-only'] as const;
export type OfflineMode = (typeof offlineModes)[number];

/** Used when a fresh-check row names no age. */
export const DEFAULT_FRESH_CHECK_HOURS = 24;

export const offlinePolicyRowShape = {
  mode: z.enum(offlineModes),
  /** For fresh-check: how old the central answer about the customer may be. */
  maxAgeHours: z.number().positive().max(24 * 365).nullable().default(null),
};

/** What the desk knows of the central office right now, for one customer. */
export interface CentralContact {
  /** False for a standalone desk (never enrolled): there is no central office to ask, so no policy applies. */
  enrolled: boolean;
  /** The desk's last exchange with the server succeeded and nothing has failed since. */
  reachable: boolean;
  /** When the server last answered about this customer (a lookup, or a pull while the office follows them). */
  customerCheckedAt: string | null;
}

/** NOT_OFFERED_HERE: the desk's office type does not offer the kind at all (office_operations), online or not. */
export type OfflineRefusal = 'OFFLINE_REFUSED' | 'CENTRAL_CHECK_STALE' | 'NOT_OFFERED_HERE';

export interface OfflineDecision {
  mode: OfflineMode;
  maxAgeHours: number | null;
  allowed: boolean;
  /** Why it is refused (an error code with a sentence in errors.*), null when allowed. */
  refusal: OfflineRefusal | null;
  checkedAt: string | null;
}

/** The verdict for one operation kind. `rule` null = no row for the kind = allowed. */
export function decideOffline(rule: { mode: OfflineMode; maxAgeHours: number | null } | null, contact: CentralContact, now: Date): OfflineDecision {
  const mode = rule?.mode ?? 'allowed';
  const maxAgeHours = mode === 'fresh-check' ? (rule?.maxAgeHours ?? DEFAULT_FRESH_CHECK_HOURS) : null;
  const base = { mode, maxAgeHours, checkedAt: contact.customerCheckedAt };
  if (!contact.enrolled || mode === 'allowed') return { ...base, allowed: true, refusal: null };
  if (mode === 'online-only') return contact.reachable ? { ...base, allowed: true, refusal: null } : { ...base, allowed: false, refusal: 'OFFLINE_REFUSED' };
  const checked = contact.customerCheckedAt ? Date.parse(contact.customerCheckedAt) : NaN;
  const fresh = Number.isFinite(checked) && now.getTime() - checked <= maxAgeHours! * 3_600_000;
  return fresh ? { ...base, allowed: true, refusal: null } : { ...base, allowed: false, refusal: 'CENTRAL_CHECK_STALE' };
}
