// `masa doctor`'s sync checks: is this desk enrolled, and does its sync server answer a signed GET /v1/state with
// this desk's key? Failures are told in plain words for IT support ("nothing answers at …", "the server does not
// accept this desk's key"), not as "network error: fetch failed".
import { SyncClient, SyncHttpError } from '../../common/sync/client';
import { SyncErrorCode } from '../../common/sync/protocol';

/** What the desk database says about its enrolment (sync_state rows), read by the doctor's database probe. */
export interface EnrolmentFacts {
  serverUrl: string | null;
  deskId: string | null;
  /** The HMAC key of a desk enrolled before key pairs (until its next sync migrates it). */
  deskKey: string | null;
  deskPrivateKey: string | null;
  officeName: string | null;
  deskName: string | null;
}

export interface SyncReport {
  enrolled: boolean;
  serverUrl: string | null;
  officeName: string | null;
  deskName: string | null;
  /** null when not checked (not enrolled, or no database). */
  reachable: boolean | null;
  error: string | null;
}

export interface SyncCheck {
  name: string;
  level: 'ok' | 'warn' | 'fail';
  detail: string;
}

const CAUSES: Record<string, (where: string, host: string) => string> = {
  ECONNREFUSED: (where) => `nothing answers at ${where} (connection refused): is the sync server running, and is the address right?`,
  ENOTFOUND: (_where, host) => `the server name "${host}" is not known (DNS): check the address and this computer's network`,
  EAI_AGAIN: (_where, host) => `the server name "${host}" could not be looked up (DNS not answering): check this computer's network`,
  ECONNRESET: (where) => `the connection to ${where} was cut before the server answered`,
  EHOSTUNREACH: (where) => `the network cannot reach ${where}: check the cable, Wi-Fi or VPN`,
  ENETUNREACH: (where) => `the network cannot reach ${where}: check the cable, Wi-Fi or VPN`,
};

/** A failed fetch, in words: what did not work and what to check. */
export function networkProblem(error: unknown, url: string, timeoutMs: number): string {
  const u = new URL(url);
  const where = u.origin;
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no answer from ${where} within ${Math.round(timeoutMs / 1000)} s: the server or the network is down or very slow`;
  }
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? (error as { code?: string }).code;
  if (code && CAUSES[code]) return CAUSES[code](where, u.hostname);
  if (code && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) return `the TLS certificate of ${where} is not trusted (${code}): check the address, or the certificate on the server`;
  return `${where} could not be reached: ${cause?.message ?? (error instanceof Error ? error.message : String(error))}`;
}

/** An HTTP answer that is not the desk's state, in words. */
export function httpProblem(e: SyncHttpError, serverUrl: string): string {
  if (e.code === SyncErrorCode.ClockSkew) {
    const serverTime = typeof e.details?.serverTime === 'string' ? ` (server time ${e.details.serverTime}, this computer ${new Date().toISOString()})` : '';
    return `this computer's clock is too far from the server's${serverTime}: set the clock, then sync works again`;
  }
  if (e.status === 401 || e.code === SyncErrorCode.Unauthenticated) {
    return `the server at ${serverUrl} does not accept this desk's key (the desk was removed there, or this data folder was enrolled with another server): enrol again with a new code`;
  }
  if (e.status === 404) return `${serverUrl} answers, but not as a Masa sync server (HTTP 404 for /v1/state): check the address`;
  if (e.code === 'BAD_RESPONSE') return `${serverUrl} answers, but not as a Masa sync server (unexpected reply to /v1/state): check the address`;
  if (e.code === SyncErrorCode.DatabaseUnavailable) return `the sync server answers but its database is unavailable: see the server's log`;
  if (e.status >= 500) return `the sync server failed (HTTP ${e.status}): see the server's log`;
  return `the sync server refused the request (HTTP ${e.status} ${e.code}: ${e.message})`;
}

/** The enrolment check, then (when enrolled) the signed request to the server. */
export async function checkSync(facts: EnrolmentFacts | null, timeoutMs: number): Promise<{ report: SyncReport; checks: SyncCheck[] }> {
  const report: SyncReport = { enrolled: false, serverUrl: null, officeName: null, deskName: null, reachable: null, error: null };
  if (!facts) return { report, checks: [] }; // no readable database: its own check already says why
  if (!facts.deskId || !facts.serverUrl || !(facts.deskPrivateKey || facts.deskKey)) {
    const detail = 'this desk is not enrolled with a sync server: its work stays on this computer until `masa enrol --server URL --code CODE`';
    return { report, checks: [{ name: 'enrolment', level: 'warn', detail }] };
  }
  Object.assign(report, { enrolled: true, serverUrl: facts.serverUrl, officeName: facts.officeName, deskName: facts.deskName });
  const checks: SyncCheck[] = [{ name: 'enrolment', level: 'ok', detail: `enrolled as desk "${facts.deskName ?? ''}" of office "${facts.officeName ?? ''}" with ${facts.serverUrl}` }];
  // The client wraps fetch failures as "network error: fetch failed"; catch them first to keep their cause.
  let networkError: string | null = null;
  const client = new SyncClient(
    facts.serverUrl,
    facts.deskPrivateKey ? { deskId: facts.deskId, privateKey: facts.deskPrivateKey } : { deskId: facts.deskId, deskKey: facts.deskKey! },
    {
      timeoutMs,
      fetch: async (url, init) => {
        try {
          return await fetch(url, init);
        } catch (e) {
          networkError = networkProblem(e, url, timeoutMs);
          throw e;
        }
      },
    },
  );
  try {
    const state = await client.state();
    report.reachable = true;
    checks.push({ name: 'sync server', level: 'ok', detail: `${facts.serverUrl} answers this desk's signed requests (it holds this desk's operations up to number ${state.highestSeq})` });
  } catch (e) {
    const words = networkError ?? (e instanceof SyncHttpError ? httpProblem(e, facts.serverUrl) : String(e));
    report.reachable = networkError === null;
    report.error = words;
    // Unreachable is a warning (the desk works offline and catches up later); a refused key or a wrong clock is
    // broken: sync will not work until someone acts.
    checks.push({ name: 'sync server', level: networkError ? 'warn' : 'fail', detail: words });
  }
  return { report, checks };
}
