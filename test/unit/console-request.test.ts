// The console's API client (issue 13): the session cookie goes along, every request that changes something carries
// the CSRF token and a GET never does, answers are parsed with the contract, and a 401 "signed out" sends the user
// back to sign in.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CONSOLE_CSRF_HEADER } from '../../common/console/api';
import { consoleApi, reportQuery, setCsrfToken, whenSignedOut } from '../../console/src/api';
import { ConsoleApiError, consoleRequest, errorFromResponse, queryString } from '../../console/src/request';

const TOKEN = 'csrf-token-of-this-session-0123456789';

describe('consoleRequest', () => {
  it('adds the CSRF header to every method but GET, and sends the cookie same-origin only', () => {
    for (const method of ['POST', 'PATCH', 'PUT', 'DELETE'] as const) {
      const r = consoleRequest(method, { a: 1 }, TOKEN);
      expect(r.headers[CONSOLE_CSRF_HEADER]).toBe(TOKEN);
      expect(r.credentials).toBe('same-origin');
    }
    const get = consoleRequest('GET', undefined, TOKEN);
    expect(get.headers[CONSOLE_CSRF_HEADER]).toBeUndefined();
    expect(get.body).toBeUndefined();
  });

  it('sends JSON bodies with their content type', () => {
    const r = consoleRequest('POST', { name: 'Gəncə' }, TOKEN);
    expect(r.headers['content-type']).toBe('application/json');
    expect(JSON.parse(r.body!)).toEqual({ name: 'Gəncə' });
  });
});

describe('errors and queries', () => {
  it('reads the server body, or names the status when there is none', () => {
    const e = errorFromResponse(403, { code: 'CONSOLE_LOCKED', message: 'locked', details: { until: '2026-12-02T10:00:00Z' } });
    expect([e.status, e.code, e.details.until]).toEqual([403, 'CONSOLE_LOCKED', '2026-12-02T10:00:00Z']);
    expect(errorFromResponse(503, null).code).toBe('DATABASE_UNAVAILABLE');
    expect(errorFromResponse(429, 'busy').code).toBe('TOO_MANY_REQUESTS');
  });

  it('leaves blank filters out of the query', () => {
    expect(queryString({ officeId: undefined, status: 'open', reason: '' })).toBe('?status=open');
    expect(queryString({})).toBe('');
    expect(reportQuery({ by: ['office', 'day'], from: '2026-12-01', office: undefined })).toBe('?by=office%2Cday&from=2026-12-01');
  });
});

describe('consoleApi', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setCsrfToken(null);
  });

  function stubFetch(status: number, body: unknown) {
    const calls: Array<{ url: string; init: RequestInit }> = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    });
    return calls;
  }

  it('carries the token on a change and not on a read', async () => {
    setCsrfToken(TOKEN);
    const calls = stubFetch(200, { offices: [] });
    await consoleApi.offices();
    await consoleApi.expireCode('0123456789ab');
    expect(calls[0].url).toBe('/console/api/offices');
    expect((calls[0].init.headers as Record<string, string>)[CONSOLE_CSRF_HEADER]).toBeUndefined();
    expect(calls[1].url).toBe('/console/api/enrolment-codes/0123456789ab/expire');
    expect(calls[1].init.method).toBe('POST');
    expect((calls[1].init.headers as Record<string, string>)[CONSOLE_CSRF_HEADER]).toBe(TOKEN);
  });

  it('refuses an answer that does not match the contract', async () => {
    stubFetch(200, { offices: [{ id: 'not-a-uuid' }] });
    await expect(consoleApi.offices()).rejects.toThrow();
  });

  it('sends the user to sign in when the session ended, but not for the sign-in itself', async () => {
    const ended = vi.fn();
    whenSignedOut(ended);
    stubFetch(401, { code: 'CONSOLE_SIGNED_OUT', message: 'signed out' });
    await expect(consoleApi.desks()).rejects.toBeInstanceOf(ConsoleApiError);
    expect(ended).toHaveBeenCalledTimes(1);
    await expect(consoleApi.session()).rejects.toMatchObject({ code: 'CONSOLE_SIGNED_OUT' });
    expect(ended).toHaveBeenCalledTimes(1);
  });

  it('turns an unreachable server into NETWORK', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('fetch failed');
    });
    await expect(consoleApi.offices()).rejects.toMatchObject({ code: 'NETWORK' });
  });
});
