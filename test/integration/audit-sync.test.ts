// The desk's audit chain synced to the server (issue 10, deliver 5): after a sync the server holds every entry's link
// and the desk remembers what was acknowledged; an entry rewritten after it was sent or a deleted one (a gap) becomes
// a server alert that the office's desks pull and their supervisors see on the Audit page and in `masa audit verify`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { addOffice, createEnrolmentCode } from '../../server/store/offices';
import { openDatabase, startServer, type RunningServer } from '../support/sync-server';
import { FAST_SYNC, openDesk, runDeskCommand, type TestDesk } from '../support/desk';
import { withTx } from '../../electron/main/db/database';
import { getSyncState, setSyncState } from '../../electron/main/db/queries/sync_state';
import type { FetchLike } from '../../common/sync/client';
import type { AuditServerAlert } from '../../common/ipc/channels/audit';
import { closeDesksAndServer } from '../support/server-suites';

const OFFICE_NAME = 'Audit sync office';
let server: RunningServer;
const desks: TestDesk[] = [];
/** Requests to POST /v1/audit, per desk name. */
const auditRequests = new Map<string, number>();

async function desk(name: string, fetch?: FetchLike, log?: (m: string) => void): Promise<TestDesk> {
  const counting: FetchLike = (url, init) => {
    if (url.endsWith('/v1/audit')) auditRequests.set(name, (auditRequests.get(name) ?? 0) + 1);
    return (fetch ?? ((u, i) => globalThis.fetch(u, i)))(url, init);
  };
  const d = await openDesk({ name, sync: { ...FAST_SYNC, fetch: counting, log }, openShift: false });
  desks.push(d);
  if (!(await server.db.query('SELECT 1 FROM offices WHERE name = $1', [OFFICE_NAME])).length) await addOffice(server.db, OFFICE_NAME);
  const { code } = await createEnrolmentCode(server.db, OFFICE_NAME);
  await d.services.sync.enrol({ serverUrl: server.url, code });
  return d;
}

type Row = { seq: number; prev_hash: string; hash: string };
const localRows = (d: TestDesk) => d.services.db.prepare('SELECT seq, prev_hash, hash FROM audit_log ORDER BY seq').all() as Row[];
const deskId = (d: TestDesk) => d.services.sync.status().deskId!;
const serverLinks = async (d: TestDesk) =>
  (await server.db.query<{ seq: string; prev_hash: string; hash: string }>('SELECT seq::text AS seq, prev_hash, hash FROM audit_links WHERE desk_id = $1 ORDER BY seq', [deskId(d)])).map((r) => ({
    seq: Number(r.seq),
    prev_hash: r.prev_hash,
    hash: r.hash,
  }));
const serverAlerts = async (d: TestDesk) =>
  (await server.db.query<{ seq: string; reason: string }>('SELECT seq::text AS seq, reason FROM audit_alerts WHERE desk_id = $1 ORDER BY seq', [deskId(d)])).map((r) => ({ seq: Number(r.seq), reason: r.reason }));

/** As someone with the file and another SQLite client would: the triggers dropped, then raw SQL. */
function tamper(d: TestDesk, sql: string, ...params: unknown[]): void {
  d.services.db.exec('DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;');
  withTx(d.services.db, (tx) => tx.prepare(sql).run(...params));
}
function appendEntries(d: TestDesk, n: number): void {
  withTx(d.services.db, (tx) => {
    for (let i = 0; i < n; i++) d.services.audit.append(tx, { kind: 'settings.update', actor: null, details: { name: 'test', value: i } });
  });
}

beforeAll(async () => {
  server = await startServer(await openDatabase('pglite'));
});
afterAll(async () => {
  await closeDesksAndServer(desks, server);
});

describe('audit chain sync', () => {
  it('sends every link after a sync, remembers the acknowledged seq, and a re-sync sends nothing new', async () => {
    const d = await desk('Links desk');
    appendEntries(d, 3);
    const local = localRows(d);
    expect(await d.services.sync.syncNow()).toMatchObject({ ok: true });
    expect(await serverLinks(d)).toEqual(local);
    expect(getSyncState(d.services.db, 'auditAckedSeq')).toBe(String(local.at(-1)!.seq));
    const requests = auditRequests.get('Links desk');
    expect(await d.services.sync.syncNow()).toMatchObject({ ok: true });
    expect(auditRequests.get('Links desk')).toBe(requests);
    // A new entry goes at the next sync, alone.
    appendEntries(d, 1);
    await d.services.sync.syncNow();
    expect(auditRequests.get('Links desk')).toBe(requests! + 1);
    expect(await serverLinks(d)).toEqual(localRows(d));
    expect(await serverAlerts(d)).toEqual([]);
  });

  it('an entry rewritten after it was sent → "rewritten" on the server, once; the other desk of the office and this one show it', async () => {
    const a = await desk('Tampered desk');
    const b = await desk('Honest desk');
    appendEntries(a, 3);
    await a.services.sync.syncNow();
    const target = localRows(a).at(-2)!.seq;
    // A deleted entry that was already synced is not sent again; to reach the server's check, the chain is rewritten
    // and the desk made to send it again: its acknowledged seq reset, an entry's hash altered.
    tamper(a, 'UPDATE audit_log SET hash = ? WHERE seq = ?', createHash('sha256').update('forged').digest('hex'), target);
    withTx(a.services.db, (tx) => setSyncState(tx, { auditAckedSeq: null }));
    expect(await a.services.sync.syncNow()).toMatchObject({ ok: true });
    expect(await serverAlerts(a)).toEqual([{ seq: target, reason: 'rewritten' }]);
    withTx(a.services.db, (tx) => setSyncState(tx, { auditAckedSeq: null }));
    await a.services.sync.syncNow();
    expect(await serverAlerts(a)).toEqual([{ seq: target, reason: 'rewritten' }]);

    await b.services.sync.syncNow();
    const seen = await b.call<AuditServerAlert[]>('audit:serverAlerts');
    expect(seen).toMatchObject([{ deskId: deskId(a), deskName: 'Tampered desk', seq: target, reason: 'rewritten', thisDesk: false }]);
    expect(await a.call<AuditServerAlert[]>('audit:serverAlerts')).toMatchObject([{ seq: target, reason: 'rewritten', thisDesk: true }]);

    // The CLI counts this desk's alerts; its exit code is the local chain's (here edited too: 6).
    await a.close();
    const r = await runDeskCommand(a.dataDir, 'audit', ['verify', '--json']);
    expect(r.code).toBe(6);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, firstBad: { seq: target, reason: 'hash' }, serverAlerts: 1 });
    await b.close();
    const rb = await runDeskCommand(b.dataDir, 'audit', ['verify', '--json']);
    expect(rb.code).toBe(0);
    expect(JSON.parse(rb.stdout)).toMatchObject({ ok: true, serverAlerts: 0 });
  });

  it('entries deleted before they were sent → "gap" at the first missing one; later entries go on without another alert', async () => {
    const d = await desk('Gap desk');
    await d.services.sync.syncNow();
    appendEntries(d, 3);
    const gone = localRows(d).at(-2)!.seq;
    tamper(d, 'DELETE FROM audit_log WHERE seq = ?', gone);
    expect(await d.services.sync.syncNow()).toMatchObject({ ok: true });
    expect(await serverAlerts(d)).toEqual([{ seq: gone, reason: 'gap' }]);
    appendEntries(d, 2);
    await d.services.sync.syncNow();
    expect(await serverAlerts(d)).toEqual([{ seq: gone, reason: 'gap' }]);
    expect((await serverLinks(d)).map((l) => l.seq)).toEqual(localRows(d).map((l) => l.seq));
    // The office's other alerts (the tampered desk's above) are listed too, as other desks'.
    expect((await d.call<AuditServerAlert[]>('audit:serverAlerts')).filter((a) => a.thisDesk)).toMatchObject([{ seq: gone, reason: 'gap', deskName: 'Gap desk' }]);
  });

  it('a server that lost links it had acknowledged gets them again, and no gap is flagged', async () => {
    const d = await desk('Lost links desk');
    appendEntries(d, 4);
    await d.services.sync.syncNow();
    const kept = localRows(d).at(-3)!.seq;
    // As a PGlite server after a power cut: its last commits are gone.
    await server.db.query('DELETE FROM audit_links WHERE desk_id = $1 AND seq > $2', [deskId(d), kept]);
    await server.db.query(`UPDATE audit_heads SET seq = 0, hash = $2 WHERE desk_id = $1`, [deskId(d), '0'.repeat(64)]);
    appendEntries(d, 1);
    expect(await d.services.sync.syncNow()).toMatchObject({ ok: true });
    expect(await serverLinks(d)).toEqual(localRows(d));
    expect(await serverAlerts(d)).toEqual([]);
  });

  it('a server without the route (404) is tolerated: the sync succeeds, nothing is acknowledged, it is logged once', async () => {
    const logs: string[] = [];
    const old: FetchLike = async (url, init) =>
      url.endsWith('/v1/audit') ? new Response(JSON.stringify({ code: 'NOT_FOUND', message: 'no route POST /v1/audit' }), { status: 404, headers: { 'content-type': 'application/json' } }) : fetch(url, init);
    const d = await desk('Old server desk', old, (m) => logs.push(m));
    const [visit] = d.recordVisits(1);
    expect(await d.services.sync.syncNow()).toMatchObject({ ok: true, pushed: 1, pending: 0 });
    expect(await d.services.sync.syncNow()).toMatchObject({ ok: true });
    expect(visit).toBeTruthy();
    expect(getSyncState(d.services.db, 'auditAckedSeq')).toBeNull();
    expect(logs.filter((m) => m.includes('audit links not sent'))).toHaveLength(1);
  });
});
