// The central office console's HTTP API (issue 13): what `masa-server` answers under /console/api and what the console
// page (console/) sends. Both ends parse with these schemas, like the desk's IPC contract. Pure: no node:, no DOM.
//
// Who may do what (server/console/authorise.ts enforces it; the page only hides what would be refused):
// - a central administrator ('central'): everything, in every office;
// - an office manager ('manager'): the offices on their account only — desks, enrolment codes, clerk accounts,
//   conflicts and reports of those offices; they see reference data but do not change it, and they do not add
//   offices, change an office's name or type, manage console accounts or search customers.
//
// Sessions are an HttpOnly, SameSite=Strict cookie (Secure over HTTPS). Every request that changes something also
// carries the session's CSRF token in the `x-masa-csrf` header and comes from the console's own origin.
// Errors have the sync API's body `{code, message, details?}`; the page shows `code` in the user's language.
import { z } from 'zod';
import { officeTypes } from '../domain/office-types';
import { customerLookupKinds } from '../sync/customers';
import { UNSTORABLE_TEXT, conflictSchema } from '../sync/protocol';

export const CONSOLE_PATH = '/console';
export const CONSOLE_API = '/console/api';
export const CONSOLE_SESSION_COOKIE = 'masa_console';
export const CONSOLE_CSRF_HEADER = 'x-masa-csrf';

/** Failed sign-ins in a row that lock an account, and for how long. */
export const CONSOLE_LOCKOUT_FAILURES = 5;
export const CONSOLE_LOCKOUT_MINUTES = 15;
/** A session ends after this long without a request, and in any case after CONSOLE_SESSION_MAX_HOURS. */
export const CONSOLE_SESSION_IDLE_MINUTES = 30;
export const CONSOLE_SESSION_MAX_HOURS = 12;

export const ConsoleErrorCode = {
  SignedOut: 'CONSOLE_SIGNED_OUT',
  BadCredentials: 'CONSOLE_BAD_CREDENTIALS',
  Locked: 'CONSOLE_LOCKED',
  Csrf: 'CONSOLE_CSRF',
  Forbidden: 'CONSOLE_FORBIDDEN',
  WeakPassword: 'CONSOLE_WEAK_PASSWORD',
  NotFound: 'NOT_FOUND',
  InvalidInput: 'INVALID_INPUT',
  Conflict: 'CONFLICT',
} as const;
export type ConsoleErrorCode = (typeof ConsoleErrorCode)[keyof typeof ConsoleErrorCode];

const storable = (s: string) => !UNSTORABLE_TEXT.test(s);
const text = (max: number) => z.string().trim().min(1).max(max).refine(storable, 'NUL or broken Unicode');
const uuid = z.uuid();
const iso = z.string();
const language = z.enum(['az', 'en', 'ru']);

export const consoleRoles = ['central', 'manager'] as const;
export type ConsoleRole = (typeof consoleRoles)[number];
export const consolePasswordSchema = z.string().min(10, 'at least 10 characters').max(200);
export const consoleUsernameSchema = z.string().trim().min(2).max(40).regex(/^[a-z0-9._-]+$/i, 'letters, digits, dot, dash, underscore');

// ---- session ----
export const signInRequestSchema = z.object({ username: z.string().trim().min(1).max(40), password: z.string().min(1).max(200) });
export const officeRefSchema = z.object({ id: uuid, name: z.string() });
export const consoleUserSchema = z.object({
  id: uuid,
  username: z.string(),
  displayName: z.string(),
  role: z.enum(consoleRoles),
  language,
  /** A manager's offices; a central administrator's is empty (they have every office). */
  offices: z.array(officeRefSchema),
});
export type ConsoleUser = z.infer<typeof consoleUserSchema>;
export const sessionSchema = z.object({ user: consoleUserSchema, csrfToken: z.string().min(20), expiresAt: iso });
export type ConsoleSession = z.infer<typeof sessionSchema>;
export const changeOwnPasswordSchema = z.object({ current: z.string().min(1).max(200), next: consolePasswordSchema });
export const setLanguageSchema = z.object({ language });

// ---- offices ----
export const consoleOfficeSchema = z.object({ id: uuid, name: z.string(), type: z.enum(officeTypes), desks: z.number().int(), createdAt: iso });
export type ConsoleOffice = z.infer<typeof consoleOfficeSchema>;
export const officeListSchema = z.object({ offices: z.array(consoleOfficeSchema) });
export const addOfficeSchema = z.object({ name: text(200), type: z.enum(officeTypes) });
export const updateOfficeSchema = z.object({ name: text(200).optional(), type: z.enum(officeTypes).optional() }).refine((b) => b.name !== undefined || b.type !== undefined, 'name or type');

// ---- desks ----
export const auditChainStates = ['ok', 'broken', 'gap', 'none'] as const;
export const consoleDeskSchema = z.object({
  id: uuid,
  name: z.string(),
  officeId: uuid,
  officeName: z.string(),
  enrolledAt: iso,
  /** The last push or pull the desk signed (null: never synced since enrolment). */
  lastSyncAt: iso.nullable(),
  /** Operations waiting on the desk to be sent, as the desk said at its last pull (null: it never said). */
  pending: z.number().int().min(0).nullable(),
  appVersion: z.string().nullable(),
  /** The desk's audit chain as the server has seen it (server/store/audit-chain.ts): ok, broken, a gap, or none sent;
   * `entries`: its length (the last entry's seq), `lastAt`: that entry's time. */
  auditChain: z.object({ state: z.enum(auditChainStates), entries: z.number().int(), alerts: z.number().int(), lastAt: iso.nullable() }),
  revokedAt: iso.nullable(),
  revokedBy: z.string().nullable(),
  revokeReason: z.string().nullable(),
});
export type ConsoleDesk = z.infer<typeof consoleDeskSchema>;
export const deskListSchema = z.object({ desks: z.array(consoleDeskSchema) });
export const revokeDeskSchema = z.object({ reason: text(500) });

// ---- enrolment codes ----
export const enrolmentCodeStates = ['active', 'used', 'expired'] as const;
export const consoleEnrolmentCodeSchema = z.object({
  /** Not the code (only its hash is kept): the first 12 hex digits of the hash, to name it. */
  id: z.string().regex(/^[0-9a-f]{12}$/),
  officeId: uuid,
  officeName: z.string(),
  createdAt: iso,
  createdBy: z.string().nullable(),
  expiresAt: iso,
  usedAt: iso.nullable(),
  deskId: uuid.nullable(),
  deskName: z.string().nullable(),
  state: z.enum(enrolmentCodeStates),
});
export type ConsoleEnrolmentCode = z.infer<typeof consoleEnrolmentCodeSchema>;
export const enrolmentCodeListSchema = z.object({ codes: z.array(consoleEnrolmentCodeSchema) });
export const makeEnrolmentCodeSchema = z.object({ officeId: uuid, ttlHours: z.number().positive().max(720).default(72) });
export const madeEnrolmentCodeSchema = z.object({
  id: z.string(),
  code: z.string(),
  officeId: uuid,
  officeName: z.string(),
  expiresAt: iso,
  /** The address desks reach this server at, as the console was reached. */
  serverUrl: z.string(),
  /** The server's key pin (sha256/…); null on a plain-HTTP (loopback) server. */
  pin: z.string().nullable(),
  /** All three in one line (common/sync/enrol-link.ts): the QR code's content, and what a desk's scanner types. */
  link: z.string(),
});
export type MadeEnrolmentCode = z.infer<typeof madeEnrolmentCodeSchema>;

// ---- clerk accounts (published to the office's desks) ----
export const consoleClerkSchema = z.object({
  id: z.string(),
  officeId: uuid,
  officeName: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(['clerk', 'supervisor']),
  language,
  active: z.boolean(),
});
export type ConsoleClerk = z.infer<typeof consoleClerkSchema>;
export const clerkListSchema = z.object({ clerks: z.array(consoleClerkSchema) });
export const addClerkSchema = z.object({
  officeId: uuid,
  username: z.string().trim().min(2).max(40).regex(/^[a-z0-9._-]+$/i, 'letters, digits, dot, dash, underscore'),
  displayName: text(100),
  role: z.enum(['clerk', 'supervisor']),
  language: language.default('az'),
  password: z.string().min(8, 'at least 8 characters').max(200),
});
export const clerkPasswordSchema = z.object({ password: z.string().min(8, 'at least 8 characters').max(200) });

// ---- reference data ----
export const referenceTableSummarySchema = z.object({
  table: z.string(),
  rows: z.number().int(),
  updatedAt: iso.nullable(),
  /** Desks (not revoked) that have pulled the table's latest rows, of all desks that see it. */
  desksHaving: z.number().int(),
  desks: z.number().int(),
});
export const referenceListSchema = z.object({ tables: z.array(referenceTableSummarySchema) });
export const referenceRowSchema = z.object({
  key: z.string(),
  version: z.number(),
  updatedAt: iso,
  /** Seen only by this office's desks (e.g. a clerk account); null: every desk. */
  officeId: uuid.nullable(),
  row: z.record(z.string(), z.unknown()),
});
export const referenceTableSchema = z.object({
  table: z.string(),
  rows: z.array(referenceRowSchema),
  /** Whether each desk that sees the table has pulled its latest rows. */
  desks: z.array(z.object({ deskId: uuid, deskName: z.string(), officeName: z.string(), has: z.boolean(), lastSyncAt: iso.nullable() })),
});
export type ReferenceTableView = z.infer<typeof referenceTableSchema>;
/**
 * A new version of a dated row (one with validFrom/validTo): `row` takes effect on `validFrom`; the row it replaces
 * (`replaces`, a key) then ends the day before. Without `replaces` the row is simply added.
 */
export const newReferenceVersionSchema = z.object({
  replaces: z.string().min(1).max(200).optional(),
  validFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  row: z.record(z.string(), z.unknown()),
});

// ---- conflicts ----
export const consoleConflictSchema = conflictSchema.extend({
  officeName: z.string(),
  deskName: z.string(),
  /** The desk's side: the operation as it pushed it. */
  operation: z.object({ kind: z.string(), payload: z.record(z.string(), z.unknown()), createdAt: iso, clerk: z.string().nullable() }),
  /** The central side: what the server holds for the subject now (e.g. the SIM's current binding), by name. */
  central: z.record(z.string(), z.unknown()),
});
export type ConsoleConflict = z.infer<typeof consoleConflictSchema>;
export const conflictQuerySchema = z.object({
  status: z.enum(['open', 'accepted', 'rejected']).optional(),
  officeId: uuid.optional(),
  reason: z.string().max(100).optional(),
});
export const consoleConflictListSchema = z.object({ conflicts: z.array(consoleConflictSchema) });
/** The resolver is the signed-in person: no name in the request. */
export const consoleResolveSchema = z.object({ resolution: z.enum(['accept', 'reject']), note: text(1000) });

// ---- customers (central administrators) ----
export const consoleCustomerQuerySchema = z.object({ by: z.enum(customerLookupKinds), value: z.string().trim().min(1).max(100) });

// ---- console accounts (central administrators) ----
export const consoleAccountSchema = consoleUserSchema.extend({
  active: z.boolean(),
  lockedUntil: iso.nullable(),
  lastSignInAt: iso.nullable(),
  createdAt: iso,
});
export type ConsoleAccount = z.infer<typeof consoleAccountSchema>;
export const accountListSchema = z.object({ accounts: z.array(consoleAccountSchema) });
export const addAccountSchema = z
  .object({
    username: consoleUsernameSchema,
    displayName: text(100),
    role: z.enum(consoleRoles),
    language: language.default('az'),
    officeIds: z.array(uuid).max(500).default([]),
    password: consolePasswordSchema,
  })
  .refine((a) => a.role === 'central' || a.officeIds.length > 0, { message: 'an office manager needs at least one office', path: ['officeIds'] });
export const accountPasswordSchema = z.object({ password: consolePasswordSchema });
export const accountOfficesSchema = z.object({ officeIds: z.array(uuid).min(1).max(500) });

// ---- the server's audit log ----
export const serverAuditEntrySchema = z.object({
  seq: z.number().int(),
  at: iso,
  /** The console account (username), `cli` for masa-server commands, or `system`. */
  actor: z.string(),
  action: z.string(),
  officeId: uuid.nullable(),
  target: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  /** sha256 over the previous entry's hash and this entry: an edited or removed entry breaks the chain. */
  hash: z.string(),
});
export type ServerAuditEntry = z.infer<typeof serverAuditEntrySchema>;
export const serverAuditListSchema = z.object({ entries: z.array(serverAuditEntrySchema), chainIntact: z.boolean() });
export const auditQuerySchema = z.object({ before: z.coerce.number().int().optional(), limit: z.coerce.number().int().min(1).max(500).default(100) });
