/**
 * A small fetch-based client for the sync protocol (common/sync/protocol.ts), usable by the desk's sync worker,
 * the CLI and tests. It signs requests and validates responses; it does not retry (the caller's worker decides).
 * Failures throw SyncHttpError with the HTTP status (0 = network error) and `retryAfterMs` from Retry-After.
 */
import {
  auditLinksResponseSchema,
  conflictListSchema,
  deskKeyResponseSchema,
  enrolResponseSchema,
  generateDeskKeyPair,
  errorBodySchema,
  pullResponseSchema,
  pushResponseSchema,
  signRequest,
  stateResponseSchema,
  type AuditLink,
  type AuditLinksResponse,
  type DeskCredentials,
  type EnrolResponse,
  type PullResponse,
  type PushResponse,
  type ResolveConflictRequest,
  type StateResponse,
  type SyncConflict,
  type SyncOp,
} from './protocol';
import { z } from 'zod';
import { customerLookupResponseSchema, type CustomerLookupResponse, type CustomerQuery } from './customers';

export class SyncHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterMs?: number,
    /** From the error body, e.g. `{serverTime}` with CLOCK_SKEW. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'SyncHttpError';
  }
  /** Worth retrying the same request later (network, 5xx, 429). */
  get retryable(): boolean {
    return this.status === 0 || this.status >= 500 || this.status === 429;
  }
}

export type { DeskCredentials };

export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal }) => Promise<Response>;

export class SyncClient {
  constructor(
    readonly baseUrl: string,
    private readonly credentials?: DeskCredentials,
    private readonly opts: { fetch?: FetchLike; timeoutMs?: number; now?: () => number } = {},
  ) {}

  withCredentials(credentials: DeskCredentials): SyncClient {
    return new SyncClient(this.baseUrl, credentials, this.opts);
  }

  /** Makes the desk's key pair and enrols its public key; the private key is returned to be kept, never sent. */
  async enrol(code: string, deskName: string): Promise<EnrolResponse & { privateKey: string }> {
    const { publicKey, privateKey } = await generateDeskKeyPair();
    const r = await this.request('POST', '/v1/enrol', { code, deskName, publicKey }, enrolResponseSchema, false);
    return { ...r, privateKey };
  }
  /** The server's public key (unsigned GET; trusted through the pinned channel and checked against the pin). */
  serverKey(): Promise<{ publicKey: string }> {
    return this.request('GET', '/v1/server-key', undefined, z.object({ publicKey: z.string().min(40).max(1000) }), false);
  }
  /** An HMAC desk hands over its public key (`POST /v1/desk-key`); the server then erases the shared desk key. */
  registerDeskKey(publicKey: string): Promise<z.infer<typeof deskKeyResponseSchema>> {
    return this.request('POST', '/v1/desk-key', { publicKey }, deskKeyResponseSchema);
  }
  push(ops: SyncOp[]): Promise<PushResponse> {
    return this.request('POST', '/v1/push', { deskId: this.requireCredentials().deskId, ops }, pushResponseSchema);
  }
  /** The desk's audit chain links (`POST /v1/audit`); the server checks that they hold together. */
  auditLinks(links: AuditLink[], after?: number): Promise<AuditLinksResponse> {
    return this.request('POST', '/v1/audit', after === undefined ? { links } : { after, links }, auditLinksResponseSchema);
  }
  state(): Promise<StateResponse> {
    return this.request('GET', '/v1/state', undefined, stateResponseSchema);
  }
  /**
   * One page of central changes. `report`: what the desk tells the central console about itself at each pull (its
   * operations waiting to be sent and its version) — in the signed URL, so nobody on the way can change it.
   */
  pull(cursor?: string, limit?: number, report?: { pending?: number; appVersion?: string }): Promise<PullResponse> {
    const q = new URLSearchParams();
    if (cursor) q.set('cursor', cursor);
    if (limit) q.set('limit', String(limit));
    if (report?.pending !== undefined) q.set('pending', String(report.pending));
    if (report?.appVersion) q.set('appVersion', report.appVersion);
    const qs = q.toString();
    return this.request('GET', `/v1/pull${qs ? `?${qs}` : ''}`, undefined, pullResponseSchema);
  }
  async conflicts(status?: SyncConflict['status']): Promise<SyncConflict[]> {
    return (await this.request('GET', `/v1/conflicts${status ? `?status=${status}` : ''}`, undefined, conflictListSchema)).conflicts;
  }
  resolveConflict(id: string, body: ResolveConflictRequest): Promise<unknown> {
    return this.request('POST', `/v1/conflicts/${encodeURIComponent(id)}/resolve`, body, undefined);
  }

  /** `GET /v1/customers?by=…&value=…`: one customer across offices (common/sync/customers.ts). */
  customer(query: CustomerQuery): Promise<CustomerLookupResponse> {
    const q = new URLSearchParams({ by: query.by, value: query.value });
    return this.request('GET', `/v1/customers?${q.toString()}`, undefined, customerLookupResponseSchema);
  }

  private requireCredentials(): DeskCredentials {
    if (!this.credentials) throw new SyncHttpError(0, 'NOT_ENROLLED', 'this desk is not enrolled');
    return this.credentials;
  }

  private async request<S extends z.ZodType>(method: string, pathWithQuery: string, body: unknown, schema: S | undefined, signed = true): Promise<z.infer<S>> {
    const text = body === undefined ? '' : JSON.stringify(body);
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (signed) {
      const c = this.requireCredentials();
      Object.assign(headers, await signRequest({ ...c, method, pathWithQuery, body: text, now: this.opts.now?.() }));
    }
    const doFetch: FetchLike = this.opts.fetch ?? ((url, init) => fetch(url, init));
    let res: Response;
    try {
      res = await doFetch(this.baseUrl.replace(/\/$/, '') + pathWithQuery, {
        method,
        headers,
        body: body === undefined ? undefined : text,
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 30_000),
      });
    } catch (e) {
      // fetch says only "fetch failed"; what failed is in its cause (refused, timed out, another server key…).
      const cause = (e as { cause?: { code?: unknown; message?: unknown } }).cause;
      if (cause?.code === 'SERVER_KEY_MISMATCH') throw new SyncHttpError(0, 'SERVER_KEY_MISMATCH', String(cause.message));
      const why = typeof cause?.message === 'string' ? ` (${cause.message})` : '';
      throw new SyncHttpError(0, 'NETWORK', `network error: ${(e as Error).message}${why}`);
    }
    const raw = await res.text().catch(() => '');
    let json: unknown;
    try {
      json = raw ? JSON.parse(raw) : undefined;
    } catch {
      json = undefined;
    }
    if (!res.ok) {
      const err = errorBodySchema.safeParse(json);
      const retryAfter = Number(res.headers.get('retry-after'));
      throw new SyncHttpError(
        res.status,
        err.success ? err.data.code : 'HTTP_' + res.status,
        err.success ? err.data.message : `HTTP ${res.status}`,
        Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
        err.success ? err.data.details : undefined,
      );
    }
    if (!schema) return json as z.infer<S>;
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new SyncHttpError(res.status, 'BAD_RESPONSE', `unexpected response: ${parsed.error.message}`);
    return parsed.data;
  }
}
