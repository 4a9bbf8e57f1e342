// Reference data on the desk: seeded once from resources/reference-data, edited by supervisors, updated by sync.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, CLERK, FLOWS, failure, iccid, openDesk, type TestDesk } from '../support/desk';
import type { Operation } from '../../common/ipc/channels/flows';
import { referenceTables } from '../../common/domain/reference';
import { withTx } from '../../electron/main/db/database';

let desk: TestDesk;
beforeEach(async () => {
  desk = await openDesk(FLOWS);
});
afterEach(async () => {
  await desk.dispose();
});

type Table = { table: string; version: number; source: string; rows: Record<string, unknown>[] };

async function duplicate(oldSerial: string, newSerial: string, msisdn = '+994501234567') {
  const visit = await desk.newVisit();
  desk.sim.iccid = iccid(newSerial);
  const { readId } = await desk.call<{ readId: string }>('sim:readIccid', {});
  return desk.callRaw('sim:duplicate', { visitId: visit.id, msisdn, reason: 'lost', oldIccid: iccid(oldSerial), newSim: { readId } });
}

const apply = (change: { table: string; key: string; op: 'upsert' | 'delete'; version: number; row: Record<string, unknown> | null }) =>
  withTx(desk.services.db, (tx) => desk.services.flows.reference.apply(tx, change));

describe('reference data', () => {
  it('is loaded from the shipped defaults on first run, once', async () => {
    const tables = await desk.call<Table[]>('reference:list', {});
    // Every table but office_operations, which only the central office publishes (common/domain/reference.ts).
    expect(tables.map((t) => t.table).sort()).toEqual(referenceTables.filter((t) => t !== 'office_operations').sort());
    // Each table at the version of its shipped file (fees: 2, since the SIM sale's fee row).
    const shipped = (t: string) => (JSON.parse(readFileSync(`resources/reference-data/${t}.json`, 'utf8')) as { version: number }).version;
    expect(tables.every((t) => t.source === 'default' && t.version === shipped(t.table) && t.rows.length > 0)).toBe(true);
    expect(tables.find((t) => t.table === 'fees')?.version).toBe(3);

    await desk.call('auth:signIn', ADMIN);
    const [fees] = await desk.call<Table[]>('reference:list', { table: 'fees' });
    await desk.call('reference:update', { table: 'fees', rows: fees.rows.map((r) => (r.code === 'sim.duplicate' ? { ...r, amountMinor: 900 } : r)) });
    // The same data folder composed again: the supervisor's fee is kept, not re-seeded from the defaults.
    await desk.reopen();
    const fee = desk.services.flows.reference.fee('sim.duplicate', '2026-06-01');
    expect(fee).toBe(900);
  });

  it('is refreshed from newer shipped defaults, unless a supervisor or the server changed the table', async () => {
    // As if this desk had been seeded by an older release: version 0 of the defaults, with an old fee.
    desk.services.db.prepare("UPDATE reference_tables SET version = 0 WHERE name IN ('fees', 'parameters')").run();
    desk.services.db.prepare("UPDATE reference_tables SET source = 'sync' WHERE name = 'parameters'").run();
    desk.services.db.prepare("UPDATE reference_rows SET data_json = json_set(data_json, '$.amountMinor', 500) WHERE table_name = 'fees' AND row_key = 'sim.duplicate'").run();
    desk.services.db.prepare("UPDATE reference_rows SET data_json = json_set(data_json, '$.value', 45) WHERE table_name = 'parameters' AND row_key = 'asan.renewal.onlineDaysBefore'").run();
    expect(desk.services.flows.reference.seedDefaults()).toEqual(['fees']);
    expect(desk.services.flows.reference.fee('sim.duplicate')).toBe(700);
    expect(desk.services.flows.reference.parameter('asan.renewal.onlineDaysBefore')).toBe(45);
  });

  it('is edited by supervisors only, with field errors, and the change is queued for sync', async () => {
    const [fees] = await desk.call<Table[]>('reference:list', { table: 'fees' });
    expect((await failure(desk, 'reference:update', { table: 'fees', rows: fees.rows })).code).toBe('FORBIDDEN');
    await desk.call('auth:signIn', ADMIN);
    const bad = await failure(desk, 'reference:update', { table: 'fees', rows: [...fees.rows, { code: 'sim.duplicate', validFrom: '2026-01-01', validTo: null, amountMinor: 800 }] });
    expect(bad.code).toBe('INVALID_INPUT');
    expect(Object.values(bad.fields ?? {})).toContain('DUPLICATE_ROW_ID');
    // A new period for the duplicate fee from 2026-07-01: close the old one, add the new one with its own id.
    const rows = fees.rows.map((r) => (r.code === 'sim.duplicate' ? { ...r, validTo: '2026-06-30' } : r));
    rows.push({ id: 'sim.duplicate@2026-07-01', code: 'sim.duplicate', validFrom: '2026-07-01', validTo: null, amountMinor: 1000 });
    const updated = await desk.call<Table>('reference:update', { table: 'fees', rows });
    expect(updated).toMatchObject({ version: 4, source: 'local' });
    const queued = desk.services.db.prepare("SELECT subject FROM outbox WHERE kind = 'reference.update'").pluck().all();
    expect(queued).toEqual(['reference:fees']);

    await desk.call('auth:signIn', CLERK);
    const june = await duplicate('1000000001', '1000000002');
    expect((june.value as { operation: Operation }).operation.feeMinor).toBe(700);
    desk.clock.set('2026-07-01T08:00:00Z');
    const july = await duplicate('1000000003', '1000000004', '+994551234567');
    expect((july.value as { operation: Operation }).operation.feeMinor).toBe(1000);
  });

  it('follows central changes pulled by sync: new fee, deleted fee, retired ICCIDs', async () => {
    apply({ table: 'fees', key: 'sim.duplicate', op: 'upsert', version: 7, row: { code: 'sim.duplicate', validFrom: '2024-07-01', validTo: null, amountMinor: 750 } });
    const r = await duplicate('2000000001', '2000000002');
    expect((r.value as { operation: Operation }).operation.feeMinor).toBe(750);

    apply({ table: 'fees', key: 'sim.duplicate', op: 'delete', version: 8, row: null });
    const missing = await duplicate('2000000003', '2000000004', '+994551234567');
    expect(missing.error).toMatchObject({ code: 'REFERENCE_DATA_MISSING', details: { table: 'fees', key: 'sim.duplicate' } });

    apply({ table: 'fees', key: 'sim.duplicate', op: 'upsert', version: 9, row: { code: 'sim.duplicate', validFrom: '2024-07-01', validTo: null, amountMinor: 700 } });
    apply({ table: 'retired_iccids', key: iccid('2000000006'), op: 'upsert', version: 1, row: { iccid: iccid('2000000006'), retiredAt: '2026-05-01T00:00:00.000Z' } });
    const retired = await duplicate('2000000005', '2000000006', '+994771234567');
    expect(retired.error?.code).toBe('ICCID_RETIRED');

    const invalid = withTx(desk.services.db, (tx) => desk.services.flows.reference.upsertFromSync(tx, 'fees', [{ key: 'x', row: { code: 'x', validFrom: 'soon', amountMinor: 1 } }]));
    expect(invalid).toBe(0);
    expect((await desk.call<Table[]>('reference:list', { table: 'fees' }))[0].source).toBe('sync');
  });

  it('refuses mobile numbers whose prefix is not in the reference data, and accepts a prefix added by sync', async () => {
    const r = await duplicate('3000000001', '3000000002', '+994401234567');
    expect(r.error?.fields).toEqual({ msisdn: 'MSISDN_NOT_MOBILE' });
    apply({ table: 'mobile_prefixes', key: '40', op: 'upsert', version: 1, row: { code: '40', validFrom: '2026-01-01', validTo: null, operator: 'New operator' } });
    const ok = await duplicate('3000000003', '3000000004', '+994401234567');
    expect(ok.ok).toBe(true);
  });
});
