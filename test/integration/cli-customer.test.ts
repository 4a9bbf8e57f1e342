// `masa load --ops N --json` and `masa customer show` (issue 9, item 9), as processes on real data folders with a real
// sync server: the load records a realistic mix and names its customers; a desk of another office shows one of them
// by FIN, ICCID and number from the server, then from its replica with the server stopped; nobody → exit 2.
import { afterAll, describe, expect, it } from 'vitest';
import { removeDir, runDeskCommand, tempDir } from '../support/desk';
import { desksWithServer } from '../support/server-suites';
import { createEnrolmentCode } from '../../server/store/offices';

const ASXM = 'ASXM Bakı-1';
const OPERATOR = 'Azercell Gənclik';

describe('masa load and masa customer show', () => {
  const net = desksWithServer([ASXM, OPERATOR]);
  const loadDir = tempDir('masa-load-');
  afterAll(() => removeDir(loadDir));
  let fins: string[] = [];
  let reader = '';

  it('masa load --json prints only JSON naming the customers of a realistic mix, which syncs', async () => {
    const r = await runDeskCommand(loadDir, 'load', ['--ops', '40', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { ops: number; pending: number; kinds: Record<string, number>; subjects: { fins: string[] } };
    expect(out.ops).toBe(40);
    // The clerk's shift.open is queued too (operations need an open shift): one more record than operations.
    expect(out.pending).toBe(41);
    expect(Object.keys(out.kinds).sort()).toEqual(['cert.issue', 'imei.register', 'poa.create', 'service.activate', 'service.extend', 'sim.sell', 'visit.close', 'visit.create', 'visit.pay']);
    expect(out.subjects.fins.length).toBeGreaterThan(5);
    for (const fin of out.subjects.fins) expect(fin).toMatch(/^[0-9A-Z]{7}$/);
    fins = out.subjects.fins;

    const { code } = await createEnrolmentCode(net.server().db, ASXM);
    expect((await runDeskCommand(loadDir, 'enrol', ['--server', net.server().url, '--code', code])).code).toBe(0);
    const sync = await runDeskCommand(loadDir, 'sync', ['now', '--json']);
    expect(sync.code, sync.stderr + sync.stdout).toBe(0);
    expect(JSON.parse(sync.stdout)).toMatchObject({ ok: true, pending: 0, failed: 0, conflicts: 0 });
  });

  it('masa customer show: by FIN, ICCID and number from the server; from the replica with the server stopped; nobody → 2', async () => {
    const desk = await net.desk('operator-cli', OPERATOR);
    reader = desk.dataDir;
    await desk.close(); // the command opens the folder itself
    const show = (...args: string[]) => runDeskCommand(reader, 'customer', ['show', ...args]);

    const byFin = await show(fins[0].toLowerCase(), '--json');
    expect(byFin.code, byFin.stderr).toBe(0);
    const view = JSON.parse(byFin.stdout);
    expect(view).toMatchObject({ found: true, source: 'server', customer: { key: `fin:${fins[0]}` } });
    for (const list of ['certificates', 'sims', 'poas', 'visits']) expect(Array.isArray(view[list]), list).toBe(true);
    expect(view.certificates[0]).toMatchObject({ status: 'active', officeName: ASXM, renewal: 'not-yet' });
    expect(view.visits[0]).toMatchObject({ state: 'closed', officeName: ASXM });
    expect(view.poas).toEqual([]);
    // The load's third customer gave a POA to a trustee (the next FIN it names), who extended the service under it.
    const principal = JSON.parse((await show(fins[2], '--json')).stdout);
    expect(principal.poas).toEqual([expect.objectContaining({ role: 'principal', trusteeKey: `fin:${fins[3]}`, officeName: ASXM })]);
    expect(principal.services.map((s: { kind: string }) => s.kind)).toEqual(['service.activate', 'service.extend']);
    expect(JSON.parse((await show(fins[3], '--json')).stdout).poas).toEqual([expect.objectContaining({ role: 'trustee', principalKey: `fin:${fins[2]}` })]);

    const { iccid, msisdn } = view.certificates[0];
    for (const value of [iccid, msisdn.replace('+994', '0')]) {
      const r = await show(value, '--json');
      expect([value, r.code]).toEqual([value, 0]);
      expect(JSON.parse(r.stdout).customer.key).toBe(`fin:${fins[0]}`);
    }

    const human = await show(fins[0]);
    expect(human.stdout).toMatch(/^Müştəri: .* \(FİN [0-9A-Z]{7}\)\nMərkəzi ofisdən, /);
    expect((await show(fins[0], '--lang', 'en')).stdout).toMatch(/^Customer: .*\nFrom the central office, as of /);

    const nobody = await show('9ZZZZZ9', '--json');
    expect(nobody.code).toBe(2);
    expect(JSON.parse(nobody.stdout)).toEqual({ found: false, by: 'fin', value: '9ZZZZZ9' });
    expect((await show('9ZZZZZ9', '--lang', 'en')).stdout).toBe('No customer with FIN “9ZZZZZ9”.\n');

    // The replica says when the server last answered about the customer: the last look-up before it stopped.
    const last = JSON.parse((await show(iccid, '--json')).stdout).asOf as string;
    await net.stop();
    try {
      const offline = await show(iccid, '--json', '--timeout-ms', '2000');
      expect(offline.code, offline.stderr).toBe(0);
      expect(JSON.parse(offline.stdout)).toMatchObject({ source: 'replica', asOf: last, customer: { key: `fin:${fins[0]}` } });
      expect((await show(iccid, '--lang', 'en', '--timeout-ms', '2000')).stdout).toContain(`from this desk’s copy, last confirmed ${last.slice(0, 16).replace('T', ' ')}`);
    } finally {
      await net.restart();
    }
  });
});
