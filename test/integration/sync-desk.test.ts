// Desk ⇄ sync server, end to end on PGlite (in memory) and on a real PostgreSQL started by the test:
// enrolment, visits recorded offline and synced when the server comes up, per-op acks, conflicts and their resolution,
// pulled central changes, a server that lost ops, a desk restored from a backup, offline limits, and the CLI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnrolmentCode, addOffice } from '../../server/store/offices';
import { CENTRAL_SUPERVISOR, openDatabase as openServerDb, startServer, type Backend, type RunningServer } from '../support/sync-server';
import { putClerk } from '../../server/store/clerks';
import { TestPostgres, freePort } from '../support/postgres';
import { ADMIN, openDesk, runDeskCommand, waitFor, FAST_SYNC, type TestDesk } from '../support/desk';
import { SUPERVISOR } from '../support/accounts';
import { ErrorCode } from '../../common/errors';
import { examplePayload } from '../../common/operations';
import { OFFLINE_LIMIT_ACTION } from '../../electron/main/sync/offline-limits';
import { findCentralRow } from '../../electron/main/db/queries/central_rows';
import { withTx } from '../../electron/main/db/database';
import type { Database } from '../../server/db/adapter';
import { recordSyntheticVisits } from '../../cli/commands/load';
import { closeDesksAndServer } from '../support/server-suites';

const ICCID_A = '8999401000000000017';

async function serverOpIds(db: Database, deskId: string): Promise<string[]> {
  return (await db.query<{ id: string }>('SELECT id FROM ops WHERE desk_id = $1 ORDER BY seq', [deskId])).map((r) => r.id);
}

async function enrolDesk(desk: TestDesk, server: { db: Database; url: string }, office = 'Baku ASXM 1'): Promise<void> {
  const existing = await server.db.query('SELECT id FROM offices WHERE name = $1', [office]);
  if (!existing.length) await addOffice(server.db, office);
  const { code } = await createEnrolmentCode(server.db, office);
  await desk.services.sync.enrol({ serverUrl: server.url, code });
}

for (const backend of ['pglite', 'postgres'] as Backend[]) {
  describe(`desk sync against ${backend}`, () => {
    let pg: TestPostgres | undefined;
    let server: RunningServer;
    let port: number;
    const desks: TestDesk[] = [];
    let n = 0;

    async function newServerDb(): Promise<Database> {
      if (backend === 'pglite') return openServerDb('pglite');
      return openServerDb('postgres', await pg!.createDatabase(`desk_sync_${++n}`));
    }

    beforeAll(async () => {
      if (backend === 'postgres') pg = await TestPostgres.create();
      port = await freePort();
      server = await startServer(await newServerDb(), { port });
    });
    afterAll(async () => {
      await closeDesksAndServer(desks, server);
      await pg?.destroy();
    });

    async function desk(name: string, background = false): Promise<TestDesk> {
      const d = await openDesk({ name, backgroundSync: background, openShift: false });
      desks.push(d);
      return d;
    }

    it('enrols once with a one-time code; the code cannot be used twice; the key is not shown', async () => {
      const d = await desk('enrol');
      await addOffice(server.db, 'Enrol office');
      const { code } = await createEnrolmentCode(server.db, 'Enrol office');
      const status = await d.services.sync.enrol({ serverUrl: server.url, code, deskName: 'Window 4' });
      expect(status).toMatchObject({ enrolled: true, officeName: 'Enrol office', deskName: 'Window 4', state: 'idle' });
      // The name typed at enrolment is the desk's name on this desk too (header, status bar, receipts).
      expect(d.services.appState().desk).toBe('Window 4');
      // One name for the office: the central one replaces the name typed at set-up, everywhere the desk shows it.
      expect(d.services.auth.office()).toBe('Enrol office');
      expect(d.services.appState().office).toBe('Enrol office');
      expect(JSON.stringify(status)).not.toMatch(/deskKey|desk_key/);
      const other = await desk('enrol-2');
      await expect(other.services.sync.enrol({ serverUrl: server.url, code })).rejects.toMatchObject({ code: ErrorCode.InvalidInput, fields: { code: 'ENROLMENT_CODE_INVALID' } });
      await expect(d.services.sync.enrol({ serverUrl: server.url, code: 'AAAA-BBBB-CCCC' })).rejects.toMatchObject({ code: ErrorCode.Conflict });
    });

    it('pushes visits recorded at the desk; every operation lands once, in order', async () => {
      const d = await desk('push');
      await enrolDesk(d, server);
      const ids = d.recordVisits(25);
      expect(d.services.sync.status().pending).toBe(25);
      const r = await d.services.sync.syncNow();
      expect(r).toMatchObject({ ok: true, pushed: 25, pending: 0, failed: 0 });
      expect(await serverOpIds(server.db, d.services.sync.status().deskId!)).toEqual(ids);
      // Sync again: nothing new, nothing duplicated.
      await d.services.sync.syncNow();
      expect(await serverOpIds(server.db, d.services.sync.status().deskId!)).toHaveLength(25);
    });

    it('a visit recorded while the server is down is synced by the background worker as soon as it comes up', async () => {
      await server.close();
      const d = await desk('offline', true);
      // Enrol against the real server first, then take it down.
      const up = await startServer(server.db, { port });
      await enrolDesk(d, up);
      await up.close();
      const [visitId] = d.recordVisits(1);
      await waitFor(() => d.services.sync.status().state === 'offline', 10_000, 'offline state');
      expect(d.services.status.current().sync).toMatchObject({ state: 'offline', pending: 1 });
      expect(d.services.sync.status().error).toMatch(/network/i);
      server = await startServer(server.db, { port });
      await waitFor(() => d.services.sync.status().pending === 0 && d.services.sync.status().state === 'idle', 15_000, 'the worker to sync after the server came up');
      expect(await serverOpIds(server.db, d.services.sync.status().deskId!)).toEqual([visitId]);
      expect(d.services.status.current().sync).toMatchObject({ state: 'idle', pending: 0 });
      expect(d.services.sync.status().lastSuccessAt).not.toBeNull();
    });

    it('one bad operation does not block the queue: rejected ops are failures, the rest is applied', async () => {
      const d = await desk('bad-op');
      await enrolDesk(d, server);
      const good1 = d.recordVisits(1)[0];
      const bad = d.enqueue('sim.sell', 'iccid:x', { fin: 'not a fin' });
      const good2 = d.recordVisits(1)[0];
      const r = await d.services.sync.syncNow();
      expect(r).toMatchObject({ ok: true, pending: 0, failed: 1 });
      const failed = d.services.sync.queue('failed', 10);
      expect(failed.map((o) => o.id)).toEqual([bad]);
      expect(failed[0]).toMatchObject({ state: 'rejected', ackReason: 'invalid_payload' });
      expect(await serverOpIds(server.db, d.services.sync.status().deskId!)).toEqual([good1, bad, good2]);
    });

    it('an operation the server could never accept (malformed, too big) fails alone; the queue behind it moves on', async () => {
      const d = await desk('unsendable');
      await enrolDesk(d, server);
      const good1 = d.recordVisits(1)[0];
      const malformed = d.enqueue('Not A Kind', 'fin:AAAAAA1', { note: 'kind breaks the protocol' });
      const huge = d.enqueue('visit.note', 'fin:AAAAAA1', { text: 'x'.repeat(5 * 1024 * 1024) });
      const good2 = d.recordVisits(1)[0];
      const r = await d.services.sync.syncNow();
      expect(r).toMatchObject({ ok: true, pending: 0, failed: 2 });
      const failed = d.services.sync.queue('failed', 10);
      expect(failed.map((f) => f.id).sort()).toEqual([malformed, huge].sort());
      for (const f of failed) expect(f.ackReason).toMatch(/^unsendable: /);
      expect(await serverOpIds(server.db, d.services.sync.status().deskId!)).toEqual([good1, malformed, huge, good2]);
    });

    it('two desks bind the same ICCID: the second gets a conflict a supervisor resolves; the other desk learns the outcome', async () => {
      const a = await desk('conflict-a');
      const b = await desk('conflict-b');
      await enrolDesk(a, server, 'Conflict office');
      await enrolDesk(b, server, 'Conflict office');
      a.enqueue('sim.sell', 'fin:AAAAAA1', { ...examplePayload('sim.sell'), fin: 'AAAAAA1', iccid: ICCID_A });
      const bOp = b.enqueue('sim.sell', 'fin:BBBBBB2', { ...examplePayload('sim.sell'), fin: 'BBBBBB2', iccid: ICCID_A });
      await a.services.sync.syncNow();
      const r = await b.services.sync.syncNow();
      expect(r).toMatchObject({ ok: true, pending: 0, conflicts: 1 });
      const [c] = b.services.sync.queue('conflicts', 10);
      expect(c).toMatchObject({ id: bOp, state: 'conflict', ackReason: 'iccid_bound_elsewhere', resolution: null });
      // The desk's own administrator (an account the server never saw) cannot approve a resolution the server would
      // believe; the office's supervisor published by the server can, with their password.
      await expect(b.services.sync.resolveConflict(bOp, 'accept', 'customer showed the SIM contract', ADMIN.password)).rejects.toMatchObject({ code: ErrorCode.ResolverNotCentral });
      await putClerk(server.db, { office: 'Conflict office', ...CENTRAL_SUPERVISOR, role: 'supervisor' });
      await b.services.sync.syncNow();
      await b.call('auth:signIn', CENTRAL_SUPERVISOR);
      await expect(b.services.sync.resolveConflict(bOp, 'accept', 'customer showed the SIM contract', 'not-the-password')).rejects.toMatchObject({ code: ErrorCode.BadCredentials });
      const resolved = await b.services.sync.resolveConflict(bOp, 'accept', 'customer showed the SIM contract', CENTRAL_SUPERVISOR.password);
      expect(resolved.resolution).toBe('accepted');
      const [stored] = await server.db.query<{ resolved_by: string; resolved_by_desk: string }>('SELECT resolved_by, resolved_by_desk FROM conflicts WHERE op_id = $1', [bOp]);
      expect(stored).toEqual({ resolved_by: 'Nigar Supervisor (nigar.sup)', resolved_by_desk: b.services.sync.worker.enrolment()!.deskId });
      expect(b.services.sync.status().conflicts).toBe(0);
      // Accepted: the SIM is now bound by desk B's operation.
      const [binding] = await server.db.query<{ op_id: string }>('SELECT op_id FROM iccid_bindings WHERE iccid = $1', [ICCID_A]);
      expect(binding.op_id).toBe(bOp);
      // Desk A pulls the office's conflicts with their status.
      await a.services.sync.syncNow();
      const conflictId = c.conflictId!;
      expect(findCentralRow(a.services.db, 'conflicts', conflictId)).toMatchObject({ status: 'accepted', opId: bOp });
    });

    it('pulls central changes (POA revocations) with the cursor, once', async () => {
      const d = await desk('pull');
      await enrolDesk(d, server);
      const res = await fetch(`${server.url}/admin/poa-revocations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ poaId: 'POA-77', reason: 'revoked by notary' }),
      });
      expect(res.status).toBeLessThan(300);
      const r = await d.services.sync.syncNow();
      expect(r.ok).toBe(true);
      expect(findCentralRow(d.services.db, 'poa_revocations', 'POA-77')).toMatchObject({ poaId: 'POA-77', reason: 'revoked by notary' });
      const again = await d.services.sync.syncNow();
      expect(again.pulled).toBe(0);
    });

    it('when the server restarts its pull walk (lost commits, restore), the desk mirrors what the server has now', async () => {
      const d = await desk('pull-reset');
      await enrolDesk(d, server);
      const revoke = (poaId: string) =>
        fetch(`${server.url}/admin/poa-revocations`, {
          method: 'POST',
          headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' },
          body: JSON.stringify({ poaId, reason: 'test' }),
        });
      await revoke('POA-LOST');
      await d.services.sync.syncNow();
      expect(findCentralRow(d.services.db, 'poa_revocations', 'POA-LOST')).not.toBeNull();
      // The server is restored from a backup taken before POA-LOST (its pull log and row are gone), then moves on.
      await server.db.query(`DELETE FROM changes WHERE change_id >= (SELECT min(change_id) FROM changes WHERE key = 'POA-LOST')`);
      await server.db.query(`DELETE FROM central_rows WHERE table_name = 'poa_revocations' AND key = 'POA-LOST'`);
      await server.db.query(`DELETE FROM poa_revocations WHERE poa_id = 'POA-LOST'`);
      await revoke('POA-NEW');
      const r = await d.services.sync.syncNow();
      expect(r.ok).toBe(true);
      expect(findCentralRow(d.services.db, 'poa_revocations', 'POA-NEW')).not.toBeNull();
      expect(findCentralRow(d.services.db, 'poa_revocations', 'POA-LOST')).toBeNull();
      // What the server still has from before the lost part stays.
      expect(findCentralRow(d.services.db, 'poa_revocations', 'POA-77')).not.toBeNull();
    });

    it('re-sends what the server lost (its highest seq below what the desk holds as acknowledged)', async () => {
      const d = await desk('lost');
      await enrolDesk(d, server);
      const ids = d.recordVisits(6);
      await d.services.sync.syncNow();
      const deskId = d.services.sync.status().deskId!;
      // The server loses its last three commits (PGlite without fsync after a power cut, or a restore).
      await server.db.query('DELETE FROM ops WHERE desk_id = $1 AND seq > 3', [deskId]);
      await server.db.query('UPDATE desks SET highest_seq = 3 WHERE id = $1', [deskId]);
      await d.close();
      await d.reopen();
      const r = await d.services.sync.syncNow();
      expect(r).toMatchObject({ ok: true, pending: 0 });
      expect(await serverOpIds(server.db, deskId)).toEqual(ids);
    });

    it('a desk restored from a backup renumbers its new operations after the server’s highest seq', async () => {
      const d = await desk('restored');
      await enrolDesk(d, server);
      d.recordVisits(2);
      await d.services.sync.syncNow();
      const deskId = d.services.sync.status().deskId!;
      // Simulate the restore: the desk forgets ops 2 (as if the backup was taken before it), the server keeps it.
      d.services.db.prepare('DELETE FROM outbox WHERE seq = 2').run();
      const [fresh] = d.recordVisits(1); // gets seq 2 again, which the server holds for another op
      const r = await d.services.sync.syncNow();
      expect(r).toMatchObject({ ok: true, pending: 0 });
      const onServer = await serverOpIds(server.db, deskId);
      expect(onServer).toHaveLength(3);
      expect(onServer[2]).toBe(fresh);
    });

    it('forgets acknowledged operations after the retention period, and numbering carries on', async () => {
      const d = await openDesk({ name: 'retention', sync: { ...FAST_SYNC, retentionDays: 0 }, openShift: false });
      desks.push(d);
      await enrolDesk(d, server);
      const ids = d.recordVisits(5);
      await d.services.sync.syncNow();
      expect(d.localOpIds()).toEqual([ids[4]]);
      const [next] = d.recordVisits(1);
      expect(await d.services.sync.syncNow()).toMatchObject({ ok: true, pending: 0 });
      expect(await serverOpIds(server.db, d.services.sync.status().deskId!)).toEqual([...ids, next]);
    });

    it('synthetic load (visits and IMEI registrations through the flows) syncs completely', async () => {
      const d = await desk('load');
      await enrolDesk(d, server);
      recordSyntheticVisits(d.services, 30, 5, 3);
      const kinds = d.services.sync.queue('pending', 100).map((o) => o.kind);
      // The IMEI registrations need the clerk's shift: the load opens one first (its shift.open is queued too).
      expect(kinds).toHaveLength(31);
      expect(kinds.filter((k) => k === 'shift.open')).toHaveLength(1);
      expect(kinds).toContain('imei.register');
      expect(await d.services.sync.syncNow()).toMatchObject({ ok: true, pushed: 31, pending: 0, failed: 0 });
      expect(await serverOpIds(server.db, d.services.sync.status().deskId!)).toEqual(d.localOpIds());
    });

    it('sync now / sync status through the CLI (child process)', async () => {
      const d = await desk('cli');
      await enrolDesk(d, server);
      d.recordVisits(3);
      await d.close();
      const before = await runDeskCommand(d.dataDir, 'sync', ['status', '--json']);
      expect(before.code).toBe(0);
      expect(JSON.parse(before.stdout)).toMatchObject({ pending: 3, failed: 0, conflicts: 0, lastSuccessAt: null });
      const now = await runDeskCommand(d.dataDir, 'sync', ['now']);
      expect(now.code).toBe(0);
      const after = JSON.parse((await runDeskCommand(d.dataDir, 'sync', ['status', '--json'])).stdout);
      expect(after).toMatchObject({ pending: 0 });
      expect(after.lastSuccessAt).not.toBeNull();
      await d.reopen();
    });
  });
}

describe('offline limits', () => {
  let t = Date.parse('2026-03-01T08:00:00Z');
  const clock = { now: () => new Date(t) };
  let d: TestDesk;
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer(await openServerDb('pglite'));
    d = await openDesk({ name: 'limits', clock, sync: FAST_SYNC, openShift: false });
    await enrolDesk(d, server);
  });
  afterAll(async () => {
    await d.dispose();
    await server.close();
    await server.db.close();
  });

  it('past the warning age new operations warn; past the hard limit they need a supervisor approval', async () => {
    d.services.sync.setLimits({ warnAfterHours: 24, approvalAfterHours: 48, warnPending: 100, approvalPending: 200 });
    // As a flow does: in the transaction that stores the operation (an approval is consumed there).
    const assertWithinOfflineLimits = (approvalId?: string) => withTx(d.services.db, (tx) => d.services.sync.assertWithinOfflineLimits(tx, approvalId));
    expect(assertWithinOfflineLimits().level).toBe('ok');
    t += 30 * 3_600_000;
    expect(d.services.sync.checkLimits()).toMatchObject({ level: 'warn', reason: 'age' });
    expect(assertWithinOfflineLimits().level).toBe('warn');
    t += 20 * 3_600_000;
    expect(() => assertWithinOfflineLimits()).toThrow(expect.objectContaining({ code: ErrorCode.ApprovalRequired, details: expect.objectContaining({ action: OFFLINE_LIMIT_ACTION }) }));
    // The administrator works the desk, so a second supervisor approves (an approval needs another person).
    await d.services.auth.addClerk({ ...SUPERVISOR, role: 'supervisor', language: 'az' });
    const { approvalId } = await d.services.auth.approve({ username: SUPERVISOR.username, password: SUPERVISOR.password, reason: 'network down all day', action: OFFLINE_LIMIT_ACTION });
    expect(assertWithinOfflineLimits(approvalId).level).toBe('approval-required');
    // An approval covers one operation.
    expect(() => assertWithinOfflineLimits(approvalId)).toThrow(expect.objectContaining({ code: ErrorCode.ApprovalRequired }));
    // A successful sync resets the offline age.
    await d.services.sync.syncNow();
    expect(d.services.sync.checkLimits().level).toBe('ok');
  });

  it('too many unsent operations also warn, then need approval', async () => {
    d.services.sync.setLimits({ warnAfterHours: 24, approvalAfterHours: 48, warnPending: 2, approvalPending: 4 });
    d.recordVisits(2);
    expect(d.services.sync.checkLimits()).toMatchObject({ level: 'warn', reason: 'pending', pending: 2 });
    d.recordVisits(2);
    expect(d.services.sync.checkLimits()).toMatchObject({ level: 'approval-required', reason: 'pending' });
    const viaIpc = await d.services.dispatch('sync:limits', undefined, { origin: 'in-process' });
    expect(viaIpc).toMatchObject({ ok: true, value: { level: 'approval-required' } });
  });
});
