/**
 * The desk ⇄ server sync protocol (version 1). Shared by the desk's sync worker and the sync server; zod schemas
 * validate both ends. No `node:` imports: signing uses WebCrypto, available in Node 22 and Chromium.
 *
 * ## Enrolment
 * An administrator creates a one-time, expiring enrolment code for an office (`masa-server enrolment-code OFFICE`).
 * The desk makes an Ed25519 key pair (WebCrypto, `generateDeskKeyPair`), sends `POST /v1/enrol {code, deskName,
 * publicKey}` (unsigned; the raw 32-byte public key, base64url) and receives `{deskId, officeId, officeName}`. The
 * code is consumed in the same transaction that creates the desk: a second use is refused (401
 * ENROLMENT_CODE_INVALID). The private key (PKCS#8) never leaves the desk (its encrypted database); the server keeps
 * only the public key, so nothing the server holds — its tables, its WAL, a backup — lets anyone sign as a desk.
 *
 * ## Authentication (every request after enrolment)
 * Headers `x-masa-desk` (desk id), `x-masa-timestamp` (ms since epoch, decimal), `x-masa-signature-scheme: ed25519`
 * and `x-masa-signature` = base64url(Ed25519(privateKey, canonicalRequest)), where canonicalRequest is
 * `METHOD\nPATH_WITH_QUERY\nTIMESTAMP\nDESK_ID\nhex(SHA-256(raw body bytes))` (empty body → hash of "").
 * Why a signature rather than a bearer key: no secret travels, so a TLS-terminating proxy, an access log or a
 * plain-http mistake cannot leak a reusable credential; the signature also binds the body, so a captured request
 * cannot be altered. A timestamp outside ±SIGNATURE_WINDOW_MS of the server clock is refused
 * (401 CLOCK_SKEW, details.serverTime), so an old captured request cannot be replayed later; a replay inside the window is harmless
 * because pushes are idempotent (op ids) and GETs are reads.
 *
 * Desks enrolled before (protocol as it was) hold a secret `deskKey` the server also holds, and sign with
 * HMAC-SHA256(deskKey, canonicalRequest) and no scheme header (or `hmac-sha256`). The server accepts that only from a
 * desk it has no public key for. Such a desk, at its next sync, makes a key pair and sends `POST /v1/desk-key
 * {publicKey}` signed with HMAC: the server stores the public key and erases the desk key in one statement, and
 * refuses HMAC from that desk from then on; the desk switches to Ed25519 and deletes its HMAC key once the server
 * confirms (or once an Ed25519-signed request is accepted, when the confirmation was lost). A second
 * `POST /v1/desk-key` with the key already stored answers the same; another key is 409.
 * A desk sees only its own office: pull, conflicts and state are filtered by the desk's office on the server.
 *
 * ## Push: `POST /v1/push {deskId, ops}` → `{acks, highestSeq}`
 * Each op: `id` (UUIDv7 made on the desk when the clerk completed the work, in the same SQLite transaction),
 * `seq` (gapless per-desk sequence starting at 1), `kind`, `subject` (what the op is about, e.g. `iccid:8999…`,
 * `fin:5ABCDEF`), `createdAt` (ISO time on the desk), `payload` (JSON; its schema per kind is in common/operations,
 * the same one the desk types it with — docs/operations.md lists every kind).
 * The server applies ops of one desk strictly in seq order, one transaction per op; acks come back in seq order:
 * - `applied`   — stored and its effects applied now.
 * - `duplicate` — this op id was already stored (a re-push after a lost response): nothing re-applied. Treat as done.
 *                 If the original was not applied, `reason` says how it ended: `<status>:<reason>`, e.g.
 *                 `conflict:iccid_bound_elsewhere` (with `conflictId`) or `rejected:invalid_payload`.
 * - `conflict`  — stored (its seq is consumed) but it clashes with central state, e.g. the ICCID is already bound to
 *                 another subscriber (`iccid_bound_elsewhere`) or was retired by a SIM duplicate (`iccid_retired`),
 *                 or the POA (`payload.poaId`) was revoked centrally before the op's createdAt (`poa_revoked`),
 *                 or a SIM sale's number is on another subscriber's SIM (`msisdn_bound_elsewhere`).
 *                 A supervisor resolves it (`/v1/conflicts`); the desk treats the op as sent.
 * - `rejected`  — see `reason`:
 *     `gap`             not stored: seq > highestSeq + 1 (an earlier op is missing). This op and every later op of the
 *                       batch are refused; re-send from highestSeq + 1.
 *     `seq_taken`       not stored: another op (different id) already holds this seq — the desk was restored from a
 *                       backup and re-used numbers. The desk must renumber its unsent ops after `highestSeq` and re-send.
 *                       The ops the server already holds are safe; nothing completed is lost.
 *     `invalid_payload` stored as rejected (seq consumed, final): the payload does not match its kind's schema
 *                       (common/operations), nests objects/arrays deeper than MAX_PAYLOAD_DEPTH, or is larger than
 *                       its kind allows (payloadCharLimit; the payload is then stored replaced by the reason). Needs a
 *                       human; re-sending gives `duplicate`.
 *     `unknown_kind`    stored as rejected (seq consumed, final): a kind this server does not know (a desk newer than
 *                       its server: upgrade the server first).
 *     `id_taken`        not stored: the op id belongs to another desk's op (never happens with UUIDv7). Final.
 *     `secret_in_payload` stored as rejected with the payload replaced by the offending field names (seq consumed,
 *                       final): a field named like a PIN/PUK (pin, pin1, puk, newPin…). PINs/PUKs are never synced.
 * `highestSeq` is the highest contiguous seq the server holds for the desk after the batch.
 * Only a network error, a 5xx (503 + Retry-After while the database is down) or a 429 fails a whole batch: the desk
 * re-sends it; ops that did commit come back `duplicate`. A 4xx other than 429 means the request itself is wrong and
 * nothing was changed.
 *
 * ## State: `GET /v1/state` → `{deskId, officeId, highestSeq, serverTime}`
 * The highest contiguous seq the server holds. A desk compares it with its outbox at start-up and after errors:
 * if the server is behind (a server on PGlite lost its last commits on power loss — it runs without fsync — or
 * was restored), the desk re-sends every op with seq > highestSeq that it still keeps. So a desk keeps sent ops
 * for a retention period rather than deleting them on ack. If the server is ahead of the desk's own counter, the
 * desk was restored: renumber unsent ops after highestSeq.
 *
 * ## Pull: `GET /v1/pull?cursor=C&limit=N` → `{changes, cursor, more}`
 * Central changes for the desk: reference data (`tariffs`, `fees`, `renewal_window`, `price_bands`,
 * `operator_prefixes`, … — whatever tables the server was seeded with; rows carry their own validity dates),
 * `poa_revocations`, `retired_iccids`, `clerks` (this office's accounts), `conflicts` (this office's, with status).
 * Each change is `{table, key, op: 'upsert'|'delete', version, row}`; `delete` is a tombstone (row = null).
 * Start with no cursor; store the returned cursor (opaque) only after applying the changes; repeat while `more`.
 * Apply rule: apply a change only if its `version` is greater than the version held for (table, key), and keep the
 * version of deleted rows (tombstones). A change may be delivered more than once and in an order other than commit
 * order; with this rule the result is the same. The cursor never skips a change that commits late (see
 * server/store/changes.ts). `reset: true` on a page means the server restarted the walk from the beginning.
 */
import { z } from 'zod';
import { officeTypeSchema } from '../domain/office-types';

export const PROTOCOL_VERSION = 1;
export const SIGNATURE_WINDOW_MS = 5 * 60_000;
export const MAX_OPS_PER_PUSH = 500;
export const MAX_BODY_BYTES = 4 * 1024 * 1024;
export const MAX_PULL_LIMIT = 1000;
/**
 * Objects and arrays a payload may nest, the payload itself counted (the registry's payloads nest a few levels). Bounded
 * before anything walks a payload recursively: JSON.parse takes any depth, a recursive walker, zod or a database's
 * JSON parser may not.
 */
export const MAX_PAYLOAD_DEPTH = 32;
/** A payload's size as JSON text, in characters (numbers and literals counted as 8), unless its kind allows more. */
export const MAX_PAYLOAD_CHARS = 64 * 1024;
/** Kinds whose payload may be larger: a reference-data edit carries up to 1 000 rows of a table. */
const PAYLOAD_CHARS_BY_KIND = new Map<string, number>([['reference.update', 1024 * 1024]]);
export function payloadCharLimit(kind: string): number {
  return PAYLOAD_CHARS_BY_KIND.get(kind) ?? MAX_PAYLOAD_CHARS;
}

export const SyncHeader = {
  desk: 'x-masa-desk',
  timestamp: 'x-masa-timestamp',
  signature: 'x-masa-signature',
  /** `ed25519`; absent (desks of the HMAC protocol) means `hmac-sha256`. */
  scheme: 'x-masa-signature-scheme',
} as const;

export const SignatureScheme = { Ed25519: 'ed25519', Hmac: 'hmac-sha256' } as const;
export type SignatureScheme = (typeof SignatureScheme)[keyof typeof SignatureScheme];

// Server error codes (body `{code, message, details?}`), beyond the shared ErrorCode values.
export const SyncErrorCode = {
  InvalidInput: 'INVALID_INPUT',
  Unauthenticated: 'UNAUTHENTICATED',
  ClockSkew: 'CLOCK_SKEW',
  EnrolmentCodeInvalid: 'ENROLMENT_CODE_INVALID',
  /** The desk was revoked in the console (issue 13): its signature still verifies, but it is refused for good. */
  DeskRevoked: 'DESK_REVOKED',
  Forbidden: 'FORBIDDEN',
  NotFound: 'NOT_FOUND',
  Conflict: 'CONFLICT',
  PayloadTooLarge: 'PAYLOAD_TOO_LARGE',
  DatabaseUnavailable: 'DATABASE_UNAVAILABLE',
  Internal: 'INTERNAL',
} as const;

export const errorBodySchema = z.object({
  code: z.string(),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** NUL and lone UTF-16 surrogates: PostgreSQL text and jsonb cannot store them. */
export const UNSTORABLE_TEXT = /\0|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const storableText = (s: string) => !UNSTORABLE_TEXT.test(s);

const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'UUID');
// An ISO time a database can hold (years 1970–9999); the server stores it normalised to UTC.
const isoTime = z.iso.datetime({ offset: true }).refine((s) => {
  const t = Date.parse(s);
  return Number.isFinite(t) && t >= 0 && t < Date.UTC(10000, 0, 1);
}, 'time out of range');

// ---- enrolment ----
/** A raw Ed25519 public key (32 bytes), base64url without padding. */
export const deskPublicKeySchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'a raw Ed25519 public key, base64url');
export const enrolRequestSchema = z.object({
  code: z.string().min(6).max(64),
  deskName: z.string().trim().min(1).max(100).refine(storableText, 'NUL or broken Unicode'),
  publicKey: deskPublicKeySchema,
});
// No key in the answer: the desk made its own. A server of the HMAC protocol ignores the public key and answers with a
// shared deskKey the desk could not use; say so rather than enrol a desk that cannot sign.
export const enrolResponseSchema = z.object({
  deskId: uuid,
  officeId: uuid,
  officeName: z.string(),
  /** The office's type (asxm, operator, post); absent from a server older than office types. */
  officeType: officeTypeSchema.optional(),
  deskKey: z.never({ error: 'the server answered with a shared desk key: it is older than this desk, upgrade it first' }).optional(),
});
/** `POST /v1/desk-key`: an HMAC desk hands over its public key; the server erases its desk key (see above). */
export const deskKeyRequestSchema = z.object({ publicKey: deskPublicKeySchema });
export const deskKeyResponseSchema = z.object({ deskId: uuid, scheme: z.literal(SignatureScheme.Ed25519) });
export type EnrolRequest = z.infer<typeof enrolRequestSchema>;
export type EnrolResponse = z.infer<typeof enrolResponseSchema>;

// ---- push ----
// camelCase parts too: 'service.correctType' and 'token.revocationRequest' are kinds (a lower-case-only pattern made
// every such op unsendable; test/integration/server-payloads.test.ts pushes every kind of the registry).
export const opKindSchema = z.string().regex(/^[a-z][a-zA-Z0-9_]*(\.[a-z][a-zA-Z0-9_]*)+$/, 'kind like "sim.duplicate"').max(64);

export const syncOpSchema = z.object({
  id: uuid,
  seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  kind: opKindSchema,
  subject: z.string().min(1).max(200),
  createdAt: isoTime,
  // A plain object; its kind's schema checks the fields (server/store/push.ts). Not z.record: that copies every
  // payload key by key, a fifth of the server's validation time for a batch of 500.
  payload: z.custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'expected an object'),
});
export type SyncOp = z.infer<typeof syncOpSchema>;

export const pushRequestSchema = z.object({
  deskId: uuid,
  ops: z.array(syncOpSchema).min(1).max(MAX_OPS_PER_PUSH),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

export const AckStatus = { Applied: 'applied', Duplicate: 'duplicate', Conflict: 'conflict', Rejected: 'rejected' } as const;
export type AckStatus = (typeof AckStatus)[keyof typeof AckStatus];

export const RejectReason = { Gap: 'gap', SeqTaken: 'seq_taken', InvalidPayload: 'invalid_payload', UnknownKind: 'unknown_kind', SecretInPayload: 'secret_in_payload' } as const;
export const ConflictReason = {
  /** The ICCID is bound to another subscriber (another desk got there first). */
  IccidBoundElsewhere: 'iccid_bound_elsewhere',
  /** The ICCID was retired (replaced by a SIM duplicate) before this op. */
  IccidRetired: 'iccid_retired',
  /** The power of attorney was revoked centrally before the op was made. */
  PoaRevoked: 'poa_revoked',
  /** A SIM sale for a number already bound to another subscriber's SIM. */
  MsisdnBoundElsewhere: 'msisdn_bound_elsewhere',
  /** An IMEI another desk (of any office) registered first. */
  ImeiRegisteredElsewhere: 'imei_registered_elsewhere',
  /** A KÖMİS subscriber code another desk issued first (codes are made on desks, offline). */
  KomisCodeTaken: 'komis_code_taken',
  /** Two desks issued a certificate of one type on one number (each offline): the later one is held back. */
  CertificateAlreadyActive: 'certificate_already_active',
  /** A Biznes certificate for a company (VÖEN) that already has a live one, issued elsewhere (one per company). */
  CompanyCertificateActive: 'company_certificate_active',
  /** A void whose operation has been built on centrally since (its SIM moved on, its certificate replaced). */
  VoidNotReversible: 'void_not_reversible',
  /** A blank SIM's ICCID another desk (of any office) had already issued to a customer (server/store/stock.ts). */
  IccidAlreadyIssued: 'iccid_already_issued',
  /** An e-İmza token's serial already issued elsewhere. */
  TokenAlreadyIssued: 'token_already_issued',
} as const;

export const ackSchema = z.object({
  id: uuid,
  seq: z.number().int(),
  status: z.enum(['applied', 'duplicate', 'conflict', 'rejected']),
  reason: z.string().optional(),
  /** For conflicts: the id to resolve it with. */
  conflictId: uuid.optional(),
});
export type Ack = z.infer<typeof ackSchema>;

export const pushResponseSchema = z.object({
  acks: z.array(ackSchema),
  highestSeq: z.number().int().min(0),
});
export type PushResponse = z.infer<typeof pushResponseSchema>;

// ---- state ----
export const stateResponseSchema = z.object({
  deskId: uuid,
  officeId: uuid,
  highestSeq: z.number().int().min(0),
  /** The server clock, so a desk can warn about its own clock drifting towards the signature window. */
  serverTime: z.string().optional(),
});
export type StateResponse = z.infer<typeof stateResponseSchema>;

// ---- pull ----
export const pullQuerySchema = z.object({
  cursor: z.string().max(200).regex(/^[A-Za-z0-9_-]*$/).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PULL_LIMIT).optional(),
  /** What the desk tells the console (issue 13): its operations waiting to be pushed, and its app's version. Optional:
   * desks older than issue 13 send neither. Part of the signed URL like the rest of the query. */
  pending: z.coerce.number().int().min(0).max(100_000_000).optional(),
  appVersion: z.string().regex(/^[\x20-\x7e]{1,40}$/, 'printable ASCII, at most 40 characters').optional(),
});
export const changeSchema = z.object({
  table: z.string(),
  key: z.string(),
  op: z.enum(['upsert', 'delete']),
  version: z.number().int().min(1),
  row: z.record(z.string(), z.unknown()).nullable(),
});
export type Change = z.infer<typeof changeSchema>;
export const pullResponseSchema = z.object({
  changes: z.array(changeSchema),
  cursor: z.string(),
  more: z.boolean(),
  /**
   * The server could not continue from the given cursor (it lost its last commits, was restored from a backup, or
   * compacted its log) and this page starts from the beginning. A desk that wants an exact mirror forgets the
   * versions it holds for pulled tables and, once `more` is false, drops rows it did not receive since the reset.
   * Ignoring it is safe too: the desk then only keeps rows the server no longer has.
   */
  reset: z.boolean().optional(),
});
export type PullResponse = z.infer<typeof pullResponseSchema>;

// ---- conflicts ----
export const conflictSchema = z.object({
  id: uuid,
  officeId: uuid,
  deskId: uuid,
  opId: uuid,
  seq: z.number().int(),
  kind: z.string(),
  subject: z.string(),
  reason: z.string(),
  details: z.record(z.string(), z.unknown()),
  status: z.enum(['open', 'accepted', 'rejected']),
  note: z.string().nullable(),
  createdAt: z.string(),
  resolvedAt: z.string().nullable(),
  resolvedBy: z.string().nullable(),
  /** The desk whose signed request carried the resolution (null: the server's administrator, or not resolved). */
  resolvedByDeskId: uuid.nullable().optional(),
});
export type SyncConflict = z.infer<typeof conflictSchema>;
export const conflictListSchema = z.object({ conflicts: z.array(conflictSchema) });
export const resolveConflictRequestSchema = z.object({
  /** accept: the desk's operation wins (e.g. the ICCID is re-bound to its subscriber); reject: central state stays. */
  resolution: z.enum(['accept', 'reject']),
  note: z.string().trim().min(1).max(1000).refine(storableText, 'NUL or broken Unicode'),
  /** Who decided (clerk id / name at the desk, or "admin"). */
  resolvedBy: z.string().min(1).max(100).refine(storableText, 'NUL or broken Unicode').optional(),
  /**
   * From a desk: the resolving supervisor's approval — an HMAC under their central account's password key over the
   * decision, the desk and the time (node-common/approvals.ts). Required on the desk API; the admin API needs none.
   */
  approval: z.object({ clerkId: z.string().min(1).max(64), at: z.number().int().min(0), mac: z.string().min(20).max(100) }).optional(),
});
export type ResolveConflictRequest = z.infer<typeof resolveConflictRequestSchema>;

// ---- payloads: every kind's payload schema is in common/operations (syncPayloadSchemas), shared with the desk.

/** Subject helpers (ordering is per desk, the subject tells a human what an op is about). */
export const subjectOf = {
  iccid: (v: string) => `iccid:${v}`,
  fin: (v: string) => `fin:${v}`,
  poa: (v: string) => `poa:${v}`,
} as const;

// ---- signing (WebCrypto) ----
export function canonicalRequest(method: string, pathWithQuery: string, timestamp: string, deskId: string, bodySha256Hex: string): string {
  return `${method.toUpperCase()}\n${pathWithQuery}\n${timestamp}\n${deskId}\n${bodySha256Hex}`;
}

const encoder = new TextEncoder();
function toBytes(body: string | Uint8Array): Uint8Array<ArrayBuffer> {
  return typeof body === 'string' ? encoder.encode(body) : new Uint8Array(body);
}
function hex(buf: ArrayBuffer): string {
  return Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');
}
export function base64url(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
export function fromBase64url(s: string): Uint8Array<ArrayBuffer> {
  const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

export async function sha256Hex(body: string | Uint8Array): Promise<string> {
  return hex(await crypto.subtle.digest('SHA-256', toBytes(body)));
}

/**
 * What a desk signs with: its Ed25519 private key (PKCS#8, base64url), or — a desk enrolled under the HMAC protocol,
 * until it migrates — the desk key it shares with the server.
 */
export type DeskCredentials = { deskId: string; privateKey: string; deskKey?: undefined } | { deskId: string; deskKey: string; privateKey?: undefined };

/**
 * A new key pair for a desk: `publicKey` raw (32 bytes) and `privateKey` PKCS#8, both base64url. Extractable only
 * to be exported here: the desk stores the private key in its encrypted database and imports it per request.
 */
export async function generateDeskKeyPair(): Promise<{ publicKey: string; privateKey: string }> {
  const pair = await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']);
  // Node's typings give generateKey one signature for every algorithm (a key or a pair); Ed25519 makes a pair.
  if (!('publicKey' in pair)) throw new Error('Ed25519 gave no key pair');
  return {
    publicKey: base64url(new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey))),
    privateKey: base64url(new Uint8Array(await crypto.subtle.exportKey('pkcs8', pair.privateKey))),
  };
}

/** The public key (raw, base64url) of a stored private key: its JWK carries it as `x`. */
export async function deskPublicKeyOf(privateKey: string): Promise<string> {
  const key = await crypto.subtle.importKey('pkcs8', fromBase64url(privateKey), { name: 'Ed25519' }, true, ['sign']);
  const { x } = await crypto.subtle.exportKey('jwk', key);
  if (!x) throw new Error('not an Ed25519 private key');
  return x;
}

/**
 * Headers for a signed request. `pathWithQuery` is exactly what goes on the request line (e.g. `/v1/pull?cursor=abc`);
 * `body` the exact bytes sent ('' for GET). Ed25519 with a private key; HMAC (no scheme header, as the desks of that
 * protocol sent it) with a desk key.
 */
export async function signRequest(args: DeskCredentials & {
  method: string;
  pathWithQuery: string;
  body: string | Uint8Array;
  now?: number;
}): Promise<Record<string, string>> {
  const timestamp = String(args.now ?? Date.now());
  const canonical = encoder.encode(canonicalRequest(args.method, args.pathWithQuery, timestamp, args.deskId, await sha256Hex(args.body)));
  const headers: Record<string, string> = { [SyncHeader.desk]: args.deskId, [SyncHeader.timestamp]: timestamp };
  let sig: ArrayBuffer;
  if (args.privateKey !== undefined) {
    const key = await crypto.subtle.importKey('pkcs8', fromBase64url(args.privateKey), { name: 'Ed25519' }, false, ['sign']);
    sig = await crypto.subtle.sign('Ed25519', key, canonical);
    headers[SyncHeader.scheme] = SignatureScheme.Ed25519;
  } else {
    const key = await crypto.subtle.importKey('raw', fromBase64url(args.deskKey), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    sig = await crypto.subtle.sign('HMAC', key, canonical);
  }
  headers[SyncHeader.signature] = base64url(new Uint8Array(sig));
  return headers;
}

// ---- the desk's audit chain (issue 10, deliver 5): `POST /v1/audit {links}` → AuditLinksResponse ----
// Only each entry's place in the chain travels — seq, the time, the kind, the previous hash and its own hash — never
// who or what (the details stay on the desk). So the server cannot recompute a hash: it checks that the links hold
// together and that nothing it has seen changes. Links come in ascending seq; the server answers how many it stored,
// how many it already held (re-sent: harmless) and the alerts this request raised (also published to the office as
// the pulled table `audit_alerts`). A desk sends each link once after its push, in pages of at most MAX_AUDIT_LINKS.
export const MAX_AUDIT_LINKS = 500;
export const AUDIT_ALERTS_TABLE = 'audit_alerts';
export const auditAlertReasons = ['gap', 'link', 'rewritten'] as const;
export type AuditAlertReason = (typeof auditAlertReasons)[number];
export const auditHashSchema = z.string().regex(/^[0-9a-f]{64}$/, 'SHA-256, hex');
export const auditLinkSchema = z.object({
  seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  prevHash: auditHashSchema,
  hash: auditHashSchema,
  /** The entry's time on the desk; null when the stored text is not an ISO time (an edited row still travels). */
  at: isoTime.nullable(),
  kind: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'an audit kind'),
});
export type AuditLink = z.infer<typeof auditLinkSchema>;
export const auditLinksRequestSchema = z.object({
  /**
   * The highest seq the desk holds as acknowledged (it sends the links above it). A server holding less (it lost its
   * last commits, or was restored) stores nothing and answers its highestSeq, and the desk re-sends from there, so a
   * server's loss is not taken for a gap in the desk's chain.
   */
  after: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  links: z
    .array(auditLinkSchema)
    .min(1)
    .max(MAX_AUDIT_LINKS)
    .refine((ls) => ls.every((l, i) => i === 0 || l.seq > ls[i - 1].seq), 'links in ascending seq, each once'),
});
export const auditAlertSchema = z.object({
  id: uuid,
  deskId: uuid,
  deskName: z.string(),
  /** The entry where the chain does not hold: the first missing one (gap), the one that does not link, or the one that changed. */
  seq: z.number().int(),
  reason: z.enum(auditAlertReasons),
  createdAt: z.string(),
});
export type AuditAlert = z.infer<typeof auditAlertSchema>;
export const auditLinksResponseSchema = z.object({
  stored: z.number().int().min(0),
  duplicates: z.number().int().min(0),
  alerts: z.array(auditAlertSchema),
  /** The highest seq the server holds for this desk's chain. */
  highestSeq: z.number().int().min(0),
});
export type AuditLinksResponse = z.infer<typeof auditLinksResponseSchema>;
