// The server's check of a desk's audit chain (issue 10, deliver 5; server/store/audit-chain.ts) on PGlite: links
// that hold are stored once, re-sends are duplicates, and a gap, a bad link or an entry rewritten after it was sent
// raises one alert (published to the desk's office only), after which the chain continues from what the desk sends.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { openDatabase, startServer, enrolNewDesk, type RunningServer } from '../support/sync-server';
import { receiveAuditLinks } from '../../server/store/audit-chain';
import { pullChanges } from '../../server/store/changes';
import { findDesk, type Desk } from '../../server/store/offices';
import { AUDIT_GENESIS } from '../../common/audit/chain';
import { MAX_AUDIT_LINKS, type AuditLink } from '../../common/sync/protocol';
import { SyncHttpError, type SyncClient } from '../../common/sync/client';

const h = (s: string) => createHash('sha256').update(s).digest('hex');

/** A chain of links from `from` to `to`, linking to `prev`; `tag` makes another chain's hashes. */
function chain(from: number, to: number, prev: string, tag = 'a'): AuditLink[] {
  const out: AuditLink[] = [];
  for (let seq = from; seq <= to; seq++) {
    const hash = h(`${tag}:${seq}:${prev}`);
    out.push({ seq, prevHash: prev, hash, at: '2026-06-01T08:00:00.000Z', kind: 'auth.signIn' });
    prev = hash;
  }
  return out;
}

let server: RunningServer;
let n = 0;
async function newDesk(office = 'Audit office'): Promise<{ desk: Desk; client: SyncClient }> {
  const r = await enrolNewDesk(server, office, `audit desk ${++n}`);
  return { desk: (await findDesk(server.db, r.deskId))!, client: r.client };
}
async function alertsOf(deskId: string): Promise<Array<{ seq: number; reason: string }>> {
  return (await server.db.query<{ seq: string; reason: string }>('SELECT seq::text AS seq, reason FROM audit_alerts WHERE desk_id = $1 ORDER BY seq, reason', [deskId])).map((r) => ({
    seq: Number(r.seq),
    reason: r.reason,
  }));
}
const linksOf = async (deskId: string) =>
  (await server.db.query<{ seq: string; hash: string }>('SELECT seq::text AS seq, hash FROM audit_links WHERE desk_id = $1 ORDER BY seq', [deskId])).map((r) => [Number(r.seq), r.hash]);

beforeAll(async () => {
  server = await startServer(await openDatabase('pglite'));
});
afterAll(async () => {
  await server?.close();
  await server?.db.close();
});

describe('audit chain continuity on the server', () => {
  it('stores a chain that holds, once; a re-send is a duplicate; nothing is flagged', async () => {
    const { desk } = await newDesk();
    const links = chain(1, 5, AUDIT_GENESIS);
    expect(await receiveAuditLinks(server.db, desk, links.slice(0, 3))).toEqual({ stored: 3, duplicates: 0, alerts: [], highestSeq: 3 });
    expect(await receiveAuditLinks(server.db, desk, links)).toEqual({ stored: 2, duplicates: 3, alerts: [], highestSeq: 5 });
    expect(await receiveAuditLinks(server.db, desk, links)).toEqual({ stored: 0, duplicates: 5, alerts: [], highestSeq: 5 });
    expect(await linksOf(desk.id)).toEqual(links.map((l) => [l.seq, l.hash]));
    expect(await alertsOf(desk.id)).toEqual([]);
  });

  it('entry 1 must link to the genesis value', async () => {
    const { desk } = await newDesk();
    const r = await receiveAuditLinks(server.db, desk, chain(1, 2, h('not genesis')));
    expect(r.alerts.map((a) => [a.seq, a.reason])).toEqual([[1, 'link']]);
    expect(r.stored).toBe(2);
  });

  it('a gap is flagged at the first missing seq, once; the links after it are taken and the chain goes on from them', async () => {
    const { desk } = await newDesk();
    const all = chain(1, 8, AUDIT_GENESIS);
    await receiveAuditLinks(server.db, desk, all.slice(0, 3));
    // 4 and 5 were deleted on the desk before they were sent.
    const r = await receiveAuditLinks(server.db, desk, all.slice(5, 7));
    expect(r).toMatchObject({ stored: 2, duplicates: 0, highestSeq: 7 });
    expect(r.alerts).toMatchObject([{ deskId: desk.id, deskName: desk.name, seq: 4, reason: 'gap' }]);
    expect((await receiveAuditLinks(server.db, desk, all.slice(7))).alerts).toEqual([]);
    // Sent again (the desk lost the answer): no second alert.
    expect(await receiveAuditLinks(server.db, desk, all.slice(5))).toMatchObject({ duplicates: 3, alerts: [] });
    expect(await alertsOf(desk.id)).toEqual([{ seq: 4, reason: 'gap' }]);
  });

  it('a new link with a wrong prev_hash, between requests or inside one, is flagged once and the chain continues from it', async () => {
    const { desk } = await newDesk();
    await receiveAuditLinks(server.db, desk, chain(1, 3, AUDIT_GENESIS));
    const bad = chain(4, 6, h('forged'));
    expect((await receiveAuditLinks(server.db, desk, bad)).alerts.map((a) => [a.seq, a.reason])).toEqual([[4, 'link']]);
    // Inside one batch: 7 follows 6, 8 does not follow 7.
    const seven = chain(7, 7, bad[2].hash);
    const eight = chain(8, 9, h('elsewhere'));
    expect((await receiveAuditLinks(server.db, desk, [...seven, ...eight])).alerts.map((a) => [a.seq, a.reason])).toEqual([[8, 'link']]);
    expect(await alertsOf(desk.id)).toEqual([{ seq: 4, reason: 'link' }, { seq: 8, reason: 'link' }]);
    expect((await linksOf(desk.id)).length).toBe(9);
  });

  it('a link that contradicts a stored one is "rewritten" once; the stored link stays; a rewritten run and what follows it raise nothing more', async () => {
    const { desk } = await newDesk();
    const original = chain(1, 5, AUDIT_GENESIS);
    await receiveAuditLinks(server.db, desk, original);
    // Entry 2's hash altered on the desk, the rest as it was (3 still links to the original 2).
    const altered = original.map((l) => (l.seq === 2 ? { ...l, hash: h('altered') } : l));
    const r = await receiveAuditLinks(server.db, desk, altered);
    expect(r).toMatchObject({ stored: 0, duplicates: 4, highestSeq: 5 });
    expect(r.alerts.map((a) => [a.seq, a.reason])).toEqual([[2, 'rewritten']]);
    expect((await receiveAuditLinks(server.db, desk, altered)).alerts).toEqual([]);
    expect(await linksOf(desk.id)).toEqual(original.map((l) => [l.seq, l.hash]));

    // From 4 on re-hashed (a forger who re-linked the rest), then a new entry after it in a later request.
    const forged = [...original.slice(0, 3), ...chain(4, 5, original[2].hash, 'forged')];
    expect((await receiveAuditLinks(server.db, desk, forged)).alerts.map((a) => [a.seq, a.reason])).toEqual([[4, 'rewritten']]);
    expect((await receiveAuditLinks(server.db, desk, chain(6, 7, forged[4].hash, 'new'))).alerts).toEqual([]);
    expect(await alertsOf(desk.id)).toEqual([{ seq: 2, reason: 'rewritten' }, { seq: 4, reason: 'rewritten' }]);
  });

  it('a desk that holds more as acknowledged than the server has (the server lost links) gets nothing stored and no gap, only the highest seq held', async () => {
    const { desk } = await newDesk();
    const all = chain(1, 6, AUDIT_GENESIS);
    await receiveAuditLinks(server.db, desk, all.slice(0, 3));
    expect(await receiveAuditLinks(server.db, desk, all.slice(5), undefined, 5)).toEqual({ stored: 0, duplicates: 0, alerts: [], highestSeq: 3 });
    expect(await receiveAuditLinks(server.db, desk, all.slice(3), undefined, 3)).toEqual({ stored: 3, duplicates: 0, alerts: [], highestSeq: 6 });
    expect(await alertsOf(desk.id)).toEqual([]);
  });

  it("publishes an alert to the desk's office through the pull log, not to another office", async () => {
    const { desk } = await newDesk('Alert office');
    const { desk: other } = await newDesk('Quiet office');
    await receiveAuditLinks(server.db, desk, chain(2, 2, h('x')));
    const mine = (await pullChanges(server.db, desk.officeId, undefined, 1000)).changes.filter((c) => c.table === 'audit_alerts');
    expect(mine.map((c) => c.row)).toMatchObject([{ deskId: desk.id, deskName: desk.name, seq: 1, reason: 'gap' }]);
    const theirs = (await pullChanges(server.db, other.officeId, undefined, 1000)).changes.filter((c) => c.table === 'audit_alerts');
    expect(theirs).toEqual([]);
  });

  it('POST /v1/audit: signed by the desk; bounded and well-formed links only, else 400 and nothing stored', async () => {
    const { desk, client } = await newDesk();
    expect(await client.auditLinks(chain(1, 2, AUDIT_GENESIS))).toMatchObject({ stored: 2, highestSeq: 2 });
    const refused = async (links: unknown[]) => {
      const e = await client.auditLinks(links as AuditLink[]).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(SyncHttpError);
      expect((e as SyncHttpError).status).toBe(400);
    };
    await refused([]);
    await refused(chain(3, 3 + MAX_AUDIT_LINKS, h('x')));
    await refused([...chain(4, 4, h('x')), ...chain(3, 3, h('x'))]);
    await refused([{ ...chain(3, 3, h('x'))[0], hash: 'not a hash' }]);
    await refused([{ ...chain(3, 3, h('x'))[0], kind: 'x'.repeat(65) }]);
    await refused([{ ...chain(3, 3, h('x'))[0], at: 'yesterday' }]);
    expect((await linksOf(desk.id)).length).toBe(2);
  });
});
