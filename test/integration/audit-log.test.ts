// The desk's hash-chained audit log (issue 10, hole 6): entries chain by SHA-256 from a genesis value; the
// application cannot edit or delete them (triggers); someone who edits the file (dropping the triggers first) is
// named by verify() — an edited entry by its hash, a deleted one as a gap, a re-hashed one by the next link.
import { afterEach, describe, expect, it } from 'vitest';
import { openDesk, runDeskCommand, type TestDesk } from '../support/desk';
import { withTx } from '../../electron/main/db/database';
import { AUDIT_GENESIS, auditHashInput } from '../../common/audit/chain';
import { sha256Hex } from '../../electron/main/services/audit-log';

let desk: TestDesk | undefined;
afterEach(async () => {
  await desk?.dispose();
  desk = undefined;
});

/** As someone with the file and another SQLite client would: the triggers dropped, then raw SQL. */
function tamper(d: TestDesk, sql: string, ...params: unknown[]): void {
  d.services.db.exec('DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;');
  withTx(d.services.db, (tx) => tx.prepare(sql).run(...params));
}

function appendThree(d: TestDesk): void {
  withTx(d.services.db, (tx) => {
    for (const n of [1, 2, 3]) d.services.audit.append(tx, { kind: 'settings.update', actor: null, details: { name: 'test', value: n } });
  });
}

type Row = { seq: number; at: string; kind: string; actor: string | null; details_json: string; prev_hash: string; hash: string };
const rows = (d: TestDesk) => d.services.db.prepare('SELECT * FROM audit_log ORDER BY seq').all() as Row[];

describe('audit log chain', () => {
  it('chains each entry to the one before, from the genesis value, and verifies', async () => {
    desk = await openDesk({ signIn: null });
    const before = rows(desk).length;
    appendThree(desk);
    const all = rows(desk);
    expect(all.length).toBe(before + 3);
    expect(all[0].seq).toBe(1);
    expect(all[0].prev_hash).toBe(AUDIT_GENESIS);
    for (let i = 1; i < all.length; i++) {
      expect(all[i].seq).toBe(all[i - 1].seq + 1);
      expect(all[i].prev_hash).toBe(all[i - 1].hash);
    }
    expect(desk.services.audit.verify()).toEqual({ ok: true, entries: all.length });
  });

  it('refuses UPDATE and DELETE from the application (triggers)', async () => {
    desk = await openDesk({ signIn: null });
    appendThree(desk);
    expect(() => withTx(desk!.services.db, (tx) => tx.prepare("UPDATE audit_log SET details_json = '{}' WHERE seq = 1").run())).toThrow(/append-only/);
    expect(() => withTx(desk!.services.db, (tx) => tx.prepare('DELETE FROM audit_log WHERE seq = 1').run())).toThrow(/append-only/);
    expect(desk.services.audit.verify().ok).toBe(true);
  });

  it('names an edited entry by its hash, a deleted one as a gap, a re-hashed one by the next link', async () => {
    desk = await openDesk({ signIn: null });
    appendThree(desk);
    const last = rows(desk).at(-1)!.seq;
    const edited = last - 1;
    tamper(desk, 'UPDATE audit_log SET details_json = ? WHERE seq = ?', '{"name":"test","value":99}', edited);
    expect(desk.services.audit.verify()).toEqual({ ok: false, entries: last, firstBad: { seq: edited, reason: 'hash' } });

    // The forger recomputes that entry's hash too: it holds now, but the entry after it no longer links.
    const r = rows(desk).find((x) => x.seq === edited)!;
    const rehash = sha256Hex(auditHashInput({ seq: r.seq, at: r.at, kind: r.kind, actor: r.actor, detailsJson: r.details_json, prevHash: r.prev_hash }));
    tamper(desk, 'UPDATE audit_log SET hash = ? WHERE seq = ?', rehash, edited);
    expect(desk.services.audit.verify().firstBad).toEqual({ seq: edited + 1, reason: 'link' });
  });

  it('a deleted entry is a gap named by its seq; the next entry renumbered into the hole is named by its link', async () => {
    desk = await openDesk({ signIn: null });
    appendThree(desk);
    const all = rows(desk);
    const gone = all.at(-2)!.seq;
    tamper(desk, 'DELETE FROM audit_log WHERE seq = ?', gone);
    expect(desk.services.audit.verify()).toEqual({ ok: false, entries: all.length - 1, firstBad: { seq: gone, reason: 'gap' } });

    // Renumbering the last entry into the hole: the seq runs on, but it links to the deleted entry's hash.
    tamper(desk, 'UPDATE audit_log SET seq = ? WHERE seq = ?', gone, gone + 1);
    expect(desk.services.audit.verify().firstBad).toEqual({ seq: gone, reason: 'link' });
  });
});

describe('audit:list and audit:verify', () => {
  it('answer a supervisor (an edited row still lists, verify names it) and refuse a clerk', async () => {
    desk = await openDesk({ signIn: 'clerk' });
    expect((await desk.callRaw('audit:list', {})).error?.code).toBe('FORBIDDEN');
    expect((await desk.callRaw('audit:verify')).error?.code).toBe('FORBIDDEN');
    await desk.reopen({ signIn: 'admin' });
    const seq = rows(desk).at(-1)!.seq;
    tamper(desk, "UPDATE audit_log SET kind = 'made.up' WHERE seq = ?", seq);
    const listed = await desk.call<{ seq: number; kind: string }[]>('audit:list', { limit: 5 });
    expect(listed[0]).toMatchObject({ seq, kind: 'made.up' });
    expect(await desk.call('audit:verify')).toEqual({ ok: false, entries: seq, firstBad: { seq, reason: 'hash' } });
  });
});

describe('masa audit verify', () => {
  const verify = async (d: TestDesk, ...args: string[]) => {
    const r = await runDeskCommand(d.dataDir, 'audit', ['verify', ...args]);
    return { code: r.code, out: r.stdout, json: args.includes('--json') ? (JSON.parse(r.stdout) as unknown) : null };
  };

  it('exits 0 on an intact log, 6 naming an edited entry (hash) and then a deleted one (gap)', async () => {
    desk = await openDesk();
    appendThree(desk);
    const n = rows(desk).length;
    await desk.close();
    expect(await verify(desk, '--json')).toMatchObject({ code: 0, json: { ok: true, entries: n, firstBad: null } });
    expect((await verify(desk)).out).toBe(`audit log intact: ${n} entries\n`);

    await desk.reopen({ signIn: null });
    tamper(desk, 'UPDATE audit_log SET details_json = ? WHERE seq = ?', '{"name":"test","value":0}', n - 1);
    await desk.close();
    expect(await verify(desk, '--json')).toMatchObject({ code: 6, json: { ok: false, entries: n, firstBad: { seq: n - 1, reason: 'hash' } } });
    const text = await verify(desk);
    expect(text.code).toBe(6);
    expect(text.out).toContain(`entry ${n - 1} — its content does not match its hash`);

    await desk.reopen({ signIn: null });
    tamper(desk, 'DELETE FROM audit_log WHERE seq = ?', 2);
    await desk.close();
    expect(await verify(desk, '--json')).toMatchObject({ code: 6, json: { ok: false, firstBad: { seq: 2, reason: 'gap' } } });
  });

  it('refuses a wrong command line with exit 2', async () => {
    desk = await openDesk({ signIn: null });
    expect((await runDeskCommand(desk.dataDir, 'audit', ['check'])).code).toBe(2);
    expect((await runDeskCommand(desk.dataDir, 'audit', ['verify', '--jsn'])).code).toBe(2);
  });
});
