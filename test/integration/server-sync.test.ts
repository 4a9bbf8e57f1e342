/**
 * The sync server against PGlite and against a real PostgreSQL (same suite, parameterized). One PostgreSQL instance
 * for the file; each backend suite gets its own database.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { SyncClient, SyncHttpError } from '../../common/sync/client';
import { MAX_OPS_PER_PUSH, signRequest } from '../../common/sync/protocol';
import { expectHttpError, postgresForFile, serverForSuite } from '../support/server-suites';
import { approvedResolution, enrolNewDesk, makeOp, openDatabase, startServer, uuidv7, type Backend, type RunningServer } from '../support/sync-server';
import { addOffice, createEnrolmentCode } from '../../server/store/offices';
import { stats } from '../../server/store/stats';
import { setReferenceTable } from '../../server/store/reference';
import { revokePoaCentrally } from '../../server/store/admin';
import { compactChanges, putRow } from '../../server/store/changes';
import { waitFor } from '../support/wait';

const pg = postgresForFile();

const ICCID_A = '8999401000000000011';
const ICCID_B = '8999401000000000029';


async function rawFetch(url: string, init: RequestInit): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const res = await fetch(url, init);
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : {}, headers: res.headers };
}

describe.each<Backend>(['pglite', 'postgres'])('sync server on %s', (backend) => {
  const suiteServer = serverForSuite(backend, pg, 'suite_main');
  let server: RunningServer;
  beforeAll(() => {
    server = suiteServer();
  });

  it('enrols a desk with a one-time code that cannot be used twice, and refuses expired codes', async () => {
    await addOffice(server.db, 'Enrol Office');
    const { code } = await createEnrolmentCode(server.db, 'Enrol Office');
    const anon = new SyncClient(server.url);
    const first = await anon.enrol(code.toLowerCase(), 'Desk 1');
    expect(first.officeName).toBe('Enrol Office');
    await expectHttpError(anon.enrol(code, 'Desk 2'), 401, 'ENROLMENT_CODE_INVALID');

    const expired = await createEnrolmentCode(server.db, 'Enrol Office');
    await server.db.query(`UPDATE enrolment_codes SET expires_at = now() - interval '1 second' WHERE used_at IS NULL`);
    await expectHttpError(anon.enrol(expired.code, 'Desk 3'), 401, 'ENROLMENT_CODE_INVALID');
    const desks = await server.db.query('SELECT d.name FROM desks d JOIN offices o ON o.id = d.office_id WHERE o.name = $1', ['Enrol Office']);
    expect(desks.map((d) => d.name)).toEqual(['Desk 1']);
  });

  it('refuses requests without a signature, with a wrong key, a tampered body or an old timestamp', async () => {
    const desk = await enrolNewDesk(server, 'Auth Office');
    await expectHttpError(new SyncClient(server.url, { deskId: desk.deskId, deskKey: 'A'.repeat(43) }).state(), 401, 'UNAUTHENTICATED');
    const unsigned = await rawFetch(`${server.url}/v1/state`, { method: 'GET' });
    expect(unsigned.status).toBe(401);

    const old = new SyncClient(server.url, { deskId: desk.deskId, privateKey: desk.privateKey }, { now: () => Date.now() - 10 * 60_000 });
    const skew = await expectHttpError(old.state(), 401, 'CLOCK_SKEW');
    expect(typeof skew.details?.serverTime).toBe('string');

    // Signed for one body, sent with another.
    const signedBody = JSON.stringify({ deskId: desk.deskId, ops: [makeOp(1)] });
    const headers = await signRequest({ deskId: desk.deskId, privateKey: desk.privateKey, method: 'POST', pathWithQuery: '/v1/push', body: signedBody });
    const tampered = await rawFetch(`${server.url}/v1/push`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ deskId: desk.deskId, ops: [makeOp(1), makeOp(2)] }),
    });
    expect(tampered.status).toBe(401);
    expect((await desk.client.state()).highestSeq).toBe(0);

    // A desk cannot push as another desk.
    const other = await enrolNewDesk(server, 'Auth Office', 'other');
    const body = JSON.stringify({ deskId: other.deskId, ops: [makeOp(1)] });
    const h2 = await signRequest({ deskId: desk.deskId, privateKey: desk.privateKey, method: 'POST', pathWithQuery: '/v1/push', body });
    expect((await rawFetch(`${server.url}/v1/push`, { method: 'POST', headers: { ...h2, 'content-type': 'application/json' }, body })).status).toBe(403);
    expect((await other.client.state()).highestSeq).toBe(0);
  });

  it('applies a re-pushed op once and acknowledges the repeat as duplicate', async () => {
    const before = await stats(server.db);
    const desk = await enrolNewDesk(server, 'Idem Office');
    const ops = [makeOp(1), makeOp(2, 'sim.sell', { fin: '5ABCDE1', iccid: '8999401000000000102' }), makeOp(3)];
    const first = await desk.client.push(ops);
    expect(first.acks.map((a) => a.status)).toEqual(['applied', 'applied', 'applied']);
    expect(first.highestSeq).toBe(3);
    const again = await desk.client.push(ops);
    expect(again.acks.map((a) => a.status)).toEqual(['duplicate', 'duplicate', 'duplicate']);
    expect(again.highestSeq).toBe(3);
    const after = await stats(server.db);
    expect(after.applied - before.applied).toBe(3);
    expect(after.duplicates - before.duplicates).toBe(3);
    const rows = await server.db.query('SELECT count(*)::int AS n FROM ops WHERE desk_id = $1', [desk.deskId]);
    expect(Number(rows[0].n)).toBe(3);
  });

  it('refuses an op after a gap and every later op of the batch, then takes them once the gap is filled', async () => {
    const desk = await enrolNewDesk(server, 'Gap Office');
    const ops = [1, 2, 3, 4, 5].map((s) => makeOp(s));
    await desk.client.push(ops.slice(0, 2));
    const r = await desk.client.push([ops[3], ops[4]]);
    expect(r.acks).toEqual([
      { id: ops[3].id, seq: 4, status: 'rejected', reason: 'gap' },
      { id: ops[4].id, seq: 5, status: 'rejected', reason: 'gap' },
    ]);
    expect(r.highestSeq).toBe(2);
    const state = await desk.client.state();
    expect(state.highestSeq).toBe(2);
    expect(Math.abs(Date.parse(state.serverTime!) - Date.now())).toBeLessThan(60_000);
    // Batch order does not matter: the server applies in seq order.
    const filled = await desk.client.push([ops[4], ops[2], ops[3]]);
    expect(filled.acks.map((a) => [a.seq, a.status])).toEqual([
      [3, 'applied'],
      [4, 'applied'],
      [5, 'applied'],
    ]);
    expect(filled.highestSeq).toBe(5);
  });

  it('refuses a restored desk re-using a sequence number with a new op id (UNIQUE desk, seq)', async () => {
    const desk = await enrolNewDesk(server, 'Restore Office');
    await desk.client.push([makeOp(1), makeOp(2)]);
    const reused = makeOp(2);
    const r = await desk.client.push([reused]);
    expect(r.acks[0]).toMatchObject({ id: reused.id, status: 'rejected', reason: 'seq_taken' });
    expect(r.highestSeq).toBe(2);
    // Renumbered after highestSeq, it goes through: nothing the clerk did is lost.
    const renumbered = await desk.client.push([{ ...reused, seq: 3 }]);
    expect(renumbered.acks[0].status).toBe('applied');
    const stored = await server.db.query('SELECT id FROM ops WHERE desk_id = $1 ORDER BY seq', [desk.deskId]);
    expect(stored).toHaveLength(3);
  });

  it('flags the same ICCID bound to two subscribers by two desks as a conflict a supervisor resolves', async () => {
    const a = await enrolNewDesk(server, 'Iccid Office', 'A');
    const b = await enrolNewDesk(server, 'Iccid Office', 'B');
    const outsider = await enrolNewDesk(server, 'Elsewhere Office');
    const ra = await a.client.push([makeOp(1, 'cert.issue', { fin: '5AAAAA1', iccid: ICCID_A, certType: 'ferdi' })]);
    expect(ra.acks[0].status).toBe('applied');
    const rb = await b.client.push([makeOp(1, 'sim.sell', { fin: '5BBBBB2', iccid: ICCID_A }), makeOp(2)]);
    expect(rb.acks[0]).toMatchObject({ status: 'conflict', reason: 'iccid_bound_elsewhere' });
    expect(rb.acks[1].status).toBe('applied'); // a conflict does not block the desk's later ops
    expect(rb.highestSeq).toBe(2);

    const listed = await a.client.conflicts();
    const mine = listed.find((c) => c.id === rb.acks[0].conflictId);
    expect(mine).toMatchObject({ status: 'open', reason: 'iccid_bound_elsewhere', kind: 'sim.sell', deskId: b.deskId });
    expect(await outsider.client.conflicts()).toEqual([]);
    await expectHttpError(outsider.client.resolveConflict(mine!.id, await approvedResolution(server, outsider, mine!.id, 'accept', 'not mine')), 404);

    // A desk key alone no longer resolves (a free-text resolvedBy was taken before): the office's supervisor approves,
    // for this conflict, decision, note and desk, within minutes; anything else is refused.
    const note = 'customer showed the SIM';
    await expectHttpError(a.client.resolveConflict(mine!.id, { resolution: 'accept', note, resolvedBy: 'supervisor-1' }), 403);
    await expectHttpError(a.client.resolveConflict(mine!.id, await approvedResolution(server, a, mine!.id, 'accept', note, { password: 'guessed' })), 403);
    await expectHttpError(a.client.resolveConflict(mine!.id, { ...(await approvedResolution(server, a, mine!.id, 'reject', note)), resolution: 'accept' }), 403);
    await expectHttpError(a.client.resolveConflict(mine!.id, await approvedResolution(server, a, mine!.id, 'accept', note, { deskId: b.deskId })), 403);
    await expectHttpError(a.client.resolveConflict(mine!.id, await approvedResolution(server, a, mine!.id, 'accept', note, { at: Date.now() - 10 * 60_000 })), 403);
    const resolved = (await a.client.resolveConflict(mine!.id, await approvedResolution(server, a, mine!.id, 'accept', note))) as { status: string; resolvedBy: string; resolvedByDeskId: string };
    expect(resolved).toMatchObject({ status: 'accepted', resolvedBy: 'Nigar Supervisor (nigar.sup)', resolvedByDeskId: a.deskId });
    const [binding] = await server.db.query('SELECT subscriber FROM iccid_bindings WHERE iccid = $1', [ICCID_A]);
    expect(binding.subscriber).toBe('fin:5BBBBB2');
    await expectHttpError(a.client.resolveConflict(mine!.id, await approvedResolution(server, a, mine!.id, 'reject', 'again')), 409);
    expect((await a.client.conflicts('open')).map((c) => c.id)).not.toContain(mine!.id);
    expect((await a.client.conflicts('accepted')).map((c) => c.id)).toContain(mine!.id);
    // Re-pushing the conflicting op does not open a second conflict.
    const again = await b.client.push([]).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(SyncHttpError); // empty batches are a bad request
    expect((await a.client.conflicts()).filter((c) => c.opId === mine!.opId)).toHaveLength(1);
  });

  it('binds SIMs to the op subject, so a customer without a FIN served at two desks is no conflict', async () => {
    const a = await enrolNewDesk(server, 'Foreign Office', 'A');
    const b = await enrolNewDesk(server, 'Foreign Office', 'B');
    const subject = 'passport:TUR:U12345678';
    const dup = makeOp(1, 'sim.duplicate', { msisdn: '+994551234567', reason: 'lost', oldIccid: '8999401000000000300', newIccid: '8999401000000000318', iccidSource: 'card' }, { subject });
    expect((await a.client.push([dup])).acks[0].status).toBe('applied');
    const cert = makeOp(1, 'cert.issue', { certType: 'ferdi', msisdn: '+994551234567', iccid: '8999401000000000318' }, { subject });
    expect((await b.client.push([cert])).acks[0].status).toBe('applied');
    // The retired SIM cannot be given to anyone again without a supervisor.
    const reuse = makeOp(2, 'sim.sell', { iccid: '8999401000000000300' }, { subject: 'fin:5GGGGG7' });
    expect((await b.client.push([reuse])).acks[0]).toMatchObject({ status: 'conflict', reason: 'iccid_retired' });
  });

  it('turns a POA revoked centrally before the desk used it into a conflict, but not a use made before the revocation', async () => {
    const desk = await enrolNewDesk(server, 'Poa Office');
    const revokedAt = new Date(Date.now() - 60_000).toISOString();
    await revokePoaCentrally(server.db, 'POA-77', 'withdrawn by grantor', revokedAt);
    const before = makeOp(1, 'cert.issue', { fin: '5CCCCC3', iccid: ICCID_B, certType: 'biznes', poaId: 'POA-77' }, { createdAt: new Date(Date.now() - 120_000).toISOString() });
    const after = makeOp(2, 'visit.create', { fin: '5CCCCC3', poaId: 'POA-77' });
    const r = await desk.client.push([before, after]);
    expect(r.acks.map((a) => a.status)).toEqual(['applied', 'conflict']);
    expect(r.acks[1].reason).toBe('poa_revoked');
    const conflicts = await desk.client.conflicts();
    expect(conflicts.find((c) => c.opId === after.id)).toMatchObject({ reason: 'poa_revoked', status: 'open', details: { poaId: 'POA-77' } });
  });

  it('pulls reference data, revocations and only its own office’s clerks and conflicts', async () => {
    const north = await enrolNewDesk(server, 'North Office');
    const south = await enrolNewDesk(server, 'South Office');
    await setReferenceTable(server.db, { table: 'tariffs', rows: [{ id: 'ferdi', monthly: '0.00', validFrom: '2024-01-01' }] });
    await setReferenceTable(server.db, {
      table: 'clerks',
      rows: [
        { id: 'clerk-n', name: 'Aysel', role: 'clerk', officeId: 'North Office' },
        { id: 'clerk-s', name: 'Rauf', role: 'supervisor', officeId: 'South Office' },
      ],
    });
    await south.client.push([makeOp(1, 'sim.sell', { fin: '5DDDDD4', iccid: '8999401000000000201' })]);
    await north.client.push([makeOp(1, 'sim.sell', { fin: '5EEEEE5', iccid: '8999401000000000201' })]); // conflict in North

    const pullAll = async (client: SyncClient) => {
      const seen: Array<{ table: string; key: string; row: Record<string, unknown> | null }> = [];
      let cursor: string | undefined;
      for (let i = 0; i < 100; i++) {
        const page = await client.pull(cursor, 3);
        seen.push(...page.changes);
        cursor = page.cursor;
        if (!page.more) break;
      }
      return seen;
    };
    const n = await pullAll(north.client);
    const s = await pullAll(south.client);
    const keys = (xs: typeof n, table: string) => [...new Set(xs.filter((c) => c.table === table).map((c) => c.key))];
    expect(keys(n, 'clerks')).toEqual(['clerk-n']);
    expect(keys(s, 'clerks')).toEqual(['clerk-s']);
    expect(keys(n, 'tariffs')).toEqual(['ferdi']);
    expect(keys(s, 'tariffs')).toEqual(['ferdi']);
    expect(keys(n, 'conflicts')).toHaveLength(1);
    expect(keys(s, 'conflicts')).toHaveLength(0);
    expect(keys(n, 'poa_revocations')).toContain('POA-77');
  });

  it('delivers updates and deletions (tombstones) with increasing versions after the cursor', async () => {
    const desk = await enrolNewDesk(server, 'Cursor Office');
    let cursor: string | undefined;
    for (;;) {
      const page = await desk.client.pull(cursor, 1000);
      cursor = page.cursor;
      if (!page.more) break;
    }
    await setReferenceTable(server.db, { table: 'fees', rows: [{ code: 'dup', amount: '7.00' }, { code: 'imei', amount: '20.00' }] });
    await setReferenceTable(server.db, { table: 'fees', rows: [{ code: 'dup', amount: '8.00' }] });
    const page = await desk.client.pull(cursor);
    const fees = page.changes.filter((c) => c.table === 'fees');
    expect(fees.map((c) => [c.key, c.op])).toEqual([
      ['dup', 'upsert'],
      ['imei', 'upsert'],
      ['dup', 'upsert'],
      ['imei', 'delete'],
    ]);
    // Versions grow per key (they are at least the clock in ms, so they keep growing across a server restore).
    expect(fees[2].version).toBeGreaterThan(fees[0].version);
    expect(fees[3].version).toBeGreaterThan(fees[1].version);
    expect(fees[0].version).toBeGreaterThanOrEqual(Date.parse('2020-01-01'));
    const unchanged = await setReferenceTable(server.db, { table: 'fees', rows: [{ code: 'dup', amount: '8.00' }] });
    expect(unchanged).toMatchObject({ upserted: 0, unchanged: 1, deleted: 0 });
    const next = await desk.client.pull(page.cursor);
    expect(next.changes.filter((c) => c.table === 'fees')).toEqual([]);
    expect(next.reset).toBeUndefined();
  });

  it('keys reference rows without an id by their content, and refuses tables the server owns', async () => {
    const first = await setReferenceTable(server.db, { table: 'renewal_window', rows: [{ daysBefore: 30, daysAfter: 0, validFrom: '2024-01-01' }] });
    expect(first).toMatchObject({ upserted: 1, deleted: 0 });
    const second = await setReferenceTable(server.db, { table: 'renewal_window', rows: [{ daysBefore: 10, daysAfter: 30, validFrom: '2025-01-01' }] });
    expect(second).toMatchObject({ upserted: 1, deleted: 1 });
    await expect(setReferenceTable(server.db, { table: 'conflicts', rows: [] })).rejects.toThrow(/written by the server/);
    await expect(setReferenceTable(server.db, { table: 'Bad Name', rows: [] })).rejects.toThrow(/table name/);
  });

  it('never stores a PIN or PUK: such an op is rejected and its payload replaced by the field names', async () => {
    const desk = await enrolNewDesk(server, 'Secret Office');
    const leaky = makeOp(1, 'token.unblock', { tokenSerial: 'T-1', pinState: 'ok', entered: { puk: '12345678', newPin: '1234' } });
    const r = await desk.client.push([leaky, makeOp(2, 'token.unblock', { tokenSerial: 'T-1', pinState: 'blocked' })]);
    expect(r.acks.map((a) => [a.status, a.reason])).toEqual([
      ['rejected', 'secret_in_payload'],
      ['applied', undefined],
    ]);
    const [stored] = await server.db.query<{ payload: Record<string, unknown> }>('SELECT payload FROM ops WHERE id = $1', [leaky.id]);
    expect(stored.payload).toEqual({ redacted: true, secretKeys: ['entered.puk', 'entered.newPin'] });
    expect(JSON.stringify(stored.payload)).not.toContain('12345678');
  });

  it('compacts the pull log without changing what a desk ends up with', async () => {
    const desk = await enrolNewDesk(server, 'Compact Office');
    const first = await desk.client.pull(undefined, 1000);
    let cursor = first.cursor;
    for (let more = first.more; more; ) {
      const p = await desk.client.pull(cursor, 1000);
      cursor = p.cursor;
      more = p.more;
    }
    for (const amount of ['1.00', '2.00', '3.00']) await setReferenceTable(server.db, { table: 'compact_fees', rows: [{ code: 'x', amount }] });
    const removed = await compactChanges(server.db);
    expect(removed).toBeGreaterThanOrEqual(2);
    const fresh = await enrolNewDesk(server, 'Compact Office', 'new desk');
    const all: Array<{ table: string; version: number; row: unknown }> = [];
    let c: string | undefined;
    for (;;) {
      const p = await fresh.client.pull(c, 1000);
      all.push(...p.changes);
      c = p.cursor;
      if (!p.more) break;
    }
    const [head] = await server.db.query<{ version: string }>(`SELECT version::text AS version FROM central_rows WHERE table_name = 'compact_fees' AND key = 'x'`);
    const latest = { table: 'compact_fees', key: 'x', op: 'upsert', version: Number(head.version), row: { code: 'x', amount: '3.00' } };
    expect(all.filter((x) => x.table === 'compact_fees')).toEqual([latest]);
    // The old desk's cursor may point at a removed change: it then starts over and still ends with the latest row.
    const after: Array<{ table: string }> = [];
    for (let more = true; more; ) {
      const p = await desk.client.pull(cursor, 1000);
      after.push(...p.changes);
      cursor = p.cursor;
      more = p.more;
    }
    expect(after.filter((x) => x.table === 'compact_fees')).toEqual([latest]);
  });

  it('keeps an op with text PostgreSQL cannot store as rejected instead of failing the batch for ever', async () => {
    const desk = await enrolNewDesk(server, 'Nul Office');
    const ops = [
      makeOp(1, 'visit.create', { note: 'a\u0000b' }),
      makeOp(2, 'visit.create', { note: 'a\ud800b' }),
      makeOp(3, 'visit.create', {}, { subject: 'fin:\u0000' }),
      makeOp(4, 'visit.create', { note: 'literal \\u0000 and 😀' }),
    ];
    const r = await desk.client.push(ops);
    expect(r.acks.map((a) => [a.status, a.reason])).toEqual([
      ['rejected', 'invalid_payload'],
      ['rejected', 'invalid_payload'],
      ['rejected', 'invalid_payload'],
      ['applied', undefined],
    ]);
    expect(r.highestSeq).toBe(4);
    const anon = new SyncClient(server.url);
    await expectHttpError(anon.enrol('AAAA-BBBB-CCCC', 'desk\u0000'), 400, 'INVALID_INPUT');
  });

  it('answers bad requests with 4xx and a reason, and changes nothing', async () => {
    const desk = await enrolNewDesk(server, 'Bad Office');
    await desk.client.push([makeOp(1)]);
    const send = async (body: string, path = '/v1/push') => {
      const headers = await signRequest({ deskId: desk.deskId, privateKey: desk.privateKey, method: 'POST', pathWithQuery: path, body });
      return rawFetch(`${server.url}${path}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body });
    };
    const notJson = await send('{"deskId":');
    expect(notJson.status).toBe(400);
    expect(notJson.body.code).toBe('INVALID_INPUT');
    expect((await send(JSON.stringify({ deskId: desk.deskId, ops: [] }))).status).toBe(400);
    const badKind = await send(JSON.stringify({ deskId: desk.deskId, ops: [makeOp(2, 'NOT A KIND')] }));
    expect(badKind.status).toBe(400);
    expect(String(badKind.body.message)).toMatch(/kind/);
    // One bad op spoils the request: nothing of it is applied.
    expect((await send(JSON.stringify({ deskId: desk.deskId, ops: [makeOp(2), { ...makeOp(3), createdAt: 'yesterday' }] }))).status).toBe(400);
    const tooMany = Array.from({ length: MAX_OPS_PER_PUSH + 1 }, (_, i) => makeOp(i + 2));
    expect((await send(JSON.stringify({ deskId: desk.deskId, ops: tooMany }))).status).toBe(400);
    const huge = await send(JSON.stringify({ deskId: desk.deskId, ops: [makeOp(2, 'visit.create', { blob: 'x'.repeat(5 * 1024 * 1024) })] }));
    expect(huge.status).toBe(413);
    await expectHttpError(desk.client.pull('not*a*cursor'), 400);
    await expectHttpError(desk.client.pull('bm9wZQ'), 400);
    expect((await rawFetch(`${server.url}/v1/conflicts/not-a-uuid/resolve`, { method: 'POST' })).status).toBe(401);
    const unknown = await rawFetch(`${server.url}/v1/nothing`, { method: 'GET' });
    expect(unknown.status).toBe(404);

    expect((await desk.client.state()).highestSeq).toBe(1);
    const rows = await server.db.query('SELECT count(*)::int AS n FROM ops WHERE desk_id = $1', [desk.deskId]);
    expect(Number(rows[0].n)).toBe(1);
  });

  it('stores an op of a known kind with a malformed payload as rejected, consuming its seq so later ops flow', async () => {
    const desk = await enrolNewDesk(server, 'Payload Office');
    const r = await desk.client.push([makeOp(1, 'sim.duplicate', { fin: '5FFFFF6', newIccid: 'not an ICCID' }), makeOp(2)]);
    expect(r.acks.map((a) => [a.status, a.reason])).toEqual([
      ['rejected', 'invalid_payload'],
      ['applied', undefined],
    ]);
    expect(r.highestSeq).toBe(2);
  });

  it('admin API works from loopback with the admin token only', async () => {
    const res = await rawFetch(`${server.url}/admin/offices`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Admin Office' }) });
    expect(res.status).toBe(401);
    const ok = await rawFetch(`${server.url}/admin/offices`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.adminToken}` },
      body: JSON.stringify({ name: 'Admin Office' }),
    });
    expect(ok.status).toBe(200);
    const code = await rawFetch(`${server.url}/admin/enrolment-codes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.adminToken}` },
      body: JSON.stringify({ office: 'Admin Office' }),
    });
    expect(code.body.code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const enrolled = await new SyncClient(server.url).enrol(String(code.body.code), 'desk');
    expect(enrolled.officeName).toBe('Admin Office');
  });

  it('answers 429 with Retry-After when too many requests are in flight, and serves again once they finish', async () => {
    const busy = await startServer(server.db, { maxInFlight: 1 });
    const desk = await enrolNewDesk(busy, 'Busy Office');
    const port = Number(new URL(busy.url).port);
    // A request whose body is still arriving stays in flight.
    const slow = connect(port, '127.0.0.1');
    try {
      await new Promise<void>((r) => slow.once('connect', () => r()));
      const answered = new Promise<string>((r) => {
        let text = '';
        slow.on('data', (d) => (text += d.toString()));
        slow.on('close', () => r(text));
      });
      slow.write('POST /v1/enrol HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"code":');
      let refused: SyncHttpError | undefined;
      for (let i = 0; i < 50 && !refused; i++) {
        refused = await desk.client.state().then(
          () => undefined,
          (e: SyncHttpError) => e,
        );
        if (!refused) await new Promise((r) => setTimeout(r, 20)); // the slow request has not reached the server yet
      }
      expect(refused?.status).toBe(429);
      expect(refused?.retryAfterMs).toBe(1000);
      slow.end('"x"}'.padEnd(100 - '{"code":'.length, ' '));
      expect(await answered).toMatch(/^HTTP\/1.1 400/);
      expect((await desk.client.state()).highestSeq).toBe(0);

      // A client that gives up half-way through its body does not keep its place for ever.
      const quitter = connect(port, '127.0.0.1');
      await new Promise<void>((r) => quitter.once('connect', () => r()));
      quitter.write('POST /v1/enrol HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"co');
      // It holds the only place (others are refused) before it goes away.
      const refusedNow = () => desk.client.state().then(() => false, (e: SyncHttpError) => e.status === 429);
      await waitFor(refusedNow, 10_000, 'the half-sent request to take the place');
      quitter.destroy();
      let state: number | undefined;
      for (let i = 0; i < 50 && state === undefined; i++) {
        state = await desk.client.state().then(
          (x) => x.highestSeq,
          () => undefined,
        );
        if (state === undefined) await new Promise((r) => setTimeout(r, 20));
      }
      expect(state).toBe(0);
    } finally {
      slow.destroy();
      await busy.close();
    }
  });

  it.skipIf(backend === 'pglite')('never skips a change whose transaction commits after a later one was pulled', async () => {
    // PGlite has one connection, so transactions cannot overlap there: this case only exists on PostgreSQL.
    const desk = await enrolNewDesk(server, 'Late Office');
    let cursor: string | undefined;
    for (;;) {
      const page = await desk.client.pull(cursor, 1000);
      cursor = page.cursor;
      if (!page.more) break;
    }
    let releaseA!: () => void;
    const aMayCommit = new Promise<void>((r) => (releaseA = r));
    let aInserted!: () => void;
    const aHasInserted = new Promise<void>((r) => (aInserted = r));
    const txA = server.db.transaction(async (tx) => {
      await putRow(tx, { table: 'late', key: 'A', officeId: null, row: { v: 'A' } });
      aInserted();
      await aMayCommit;
    });
    await aHasInserted;
    await server.db.transaction((tx) => putRow(tx, { table: 'late', key: 'B', officeId: null, row: { v: 'B' } }));
    const ids = await server.db.query<{ key: string; change_id: string }>(`SELECT key, change_id::text AS change_id FROM changes WHERE table_name = 'late'`);
    expect(ids).toHaveLength(1); // A's row is not visible yet
    const first = await desk.client.pull(cursor);
    expect(first.changes.filter((c) => c.table === 'late').map((c) => c.key)).toEqual(['B']);
    releaseA();
    await txA;
    // A took the smaller change_id, so "change_id > last seen" would have skipped it for ever.
    const all = await server.db.query<{ key: string; change_id: string }>(`SELECT key, change_id::text AS change_id FROM changes WHERE table_name = 'late' ORDER BY change_id`);
    expect(all.map((r) => r.key)).toEqual(['A', 'B']);
    const second = await desk.client.pull(first.cursor);
    expect(second.changes.filter((c) => c.table === 'late').map((c) => c.key)).toContain('A');
    const third = await desk.client.pull(second.cursor);
    expect(third.changes.filter((c) => c.table === 'late')).toEqual([]);
  });
});

describe('sync server when PostgreSQL dies', () => {
  it('answers 503 with Retry-After while the database is down and recovers by itself when it is back', async () => {
    const url = await pg().createDatabase('suite_crash');
    const server = await startServer(await openDatabase('postgres', url));
    try {
      const desk = await enrolNewDesk(server, 'Crash Office');
      expect((await desk.client.push([makeOp(1)])).highestSeq).toBe(1);

      await pg().crash();
      const down = await expectHttpError(desk.client.push([makeOp(2)]), 503, 'DATABASE_UNAVAILABLE');
      expect(down.retryAfterMs).toBeGreaterThan(0);
      const raw = await rawFetch(`${server.url}/v1/health`, { method: 'GET' });
      expect(raw.status).toBe(503);
      expect(raw.headers.get('retry-after')).toBe('1');

      await pg().start();
      // The pool reconnects by itself; the first request after the restart may still meet a dead pooled
      // connection, so give it a few tries (a desk's worker retries the same way).
      let state: number | undefined;
      for (let i = 0; i < 20 && state === undefined; i++) {
        state = await desk.client.state().then(
          (s) => s.highestSeq,
          () => undefined,
        );
        if (state === undefined) await new Promise((r) => setTimeout(r, 250));
      }
      expect(state).toBe(1);
      const op2 = makeOp(2);
      expect((await desk.client.push([op2])).acks[0].status).toBe('applied');
      expect((await desk.client.push([op2])).acks[0].status).toBe('duplicate');
      expect(uuidv7()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    } finally {
      await server.close();
      await server.db.close().catch(() => {});
    }
  });
});
