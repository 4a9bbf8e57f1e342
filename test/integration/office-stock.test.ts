// Stock belongs to the office, not to one desk (issue 12, deliver 3 follow-up; docs/flows.md "Office-wide stock"):
// two desks of one office and a desk of another office on a real sync server (PGlite). A range received at desk A
// reaches desk B with the normal pull, B sells a SIM of it (the ICCID read from the card in the reader), A sees it
// issued after its pull, the other office sees nothing of it, and a voided sale puts the SIM back on the shelf —
// at the desk and on the server — so a second sale of it is applied without a conflict; so does a voided SIM duplicate
// for its new SIM. Server migration 017's backfill is checked against the rows the pushes published.
import { describe, expect, it } from 'vitest';
import { ADMIN, citizen, iccid, type TestDesk } from '../support/desk';
import { desksWithServer } from '../support/server-suites';
import type { StockItem, StockOverview } from '../../common/ipc/channels/stock';
import type { Operation } from '../../common/ipc/channels/flows';
import officeStockRows from '../../server/db/migrations/017_office_stock_rows';

const counts = async (d: TestDesk) => (await d.call<StockOverview>('stock:overview')).counts.map((c) => [c.itemType, c.inStock, c.issued, c.damaged, c.returned]);
const FIRST = iccid('57000000001');
const LAST = iccid('57000001000');
const SOLD = iccid('57000000500');

describe('office-wide stock on a real sync server', () => {
  const net = desksWithServer(['Azercell Nizami', 'Azercell Gəncə']);
  let a: TestDesk;
  let b: TestDesk;
  let other: TestDesk;

  // A desk where a supervisor receives stock; the others serve with the clerk signed in (a void needs a second person).
  async function openedDesk(name: string, office: string, supervisor = false): Promise<TestDesk> {
    const d = await net.desk(name, office);
    if (supervisor) await d.call('auth:signIn', ADMIN);
    if (!(await d.call('shifts:current'))) await d.call('shifts:open', { openingFloatMinor: 0 });
    return d;
  }
  const sync = async (d: TestDesk) => expect(await d.services.sync.syncNow()).toMatchObject({ ok: true, pending: 0, conflicts: 0 });
  const central = async (table: string) =>
    net.server().db.query<{ key: string; office: string }>(`SELECT r.key, o.name AS office FROM central_rows r JOIN offices o ON o.id = r.office_id WHERE r.table_name = $1 ORDER BY r.key`, [table]);
  const serverItem = async (code: string) =>
    (await net.server().db.query<{ status: string; issued_operation_id: string | null }>("SELECT status, issued_operation_id FROM stock_items WHERE item_type = 'sim' AND code = $1", [code]))[0];

  it('a range of 1000 received at desk A is one pushed record and one central row, on desk B’s shelf after its pull', async () => {
    a = await openedDesk('office-a', 'Azercell Nizami', true);
    b = await openedDesk('office-b', 'Azercell Nizami');
    other = await openedDesk('elsewhere', 'Azercell Gəncə');
    expect(await a.call('stock:receiveRange', { first: FIRST, last: LAST, expectedCount: 1000 })).toEqual({ received: 1000 });
    expect(a.services.db.prepare("SELECT count(*) FROM outbox WHERE kind = 'stock.move'").pluck().get()).toBe(1);
    await sync(a);
    expect(await central('office_stock_ranges')).toEqual([{ key: expect.any(String), office: 'Azercell Nizami' }]);
    expect(await central('office_stock_items')).toEqual([]);

    expect(await counts(b)).toEqual([['sim', 0, 0, 0, 0], ['token', 0, 0, 0, 0]]);
    await sync(b);
    expect(await counts(b)).toEqual([['sim', 1000, 0, 0, 0], ['token', 0, 0, 0, 0]]);
    const [item] = await b.call<StockItem[]>('stock:search', { query: SOLD });
    expect(item).toMatchObject({ code: SOLD, status: 'in_stock' });
    expect(item!.movements.map((m) => m.movement)).toEqual(['received']);
  });

  it('desk B sells a SIM of it (also offline after the pull); desk A counts it issued after its pull', async () => {
    await net.stop();
    const visit = await b.newVisit();
    const { operation } = await b.call<{ operation: Operation }>('sim:sell', { visitId: visit.id, msisdn: '+994551250001', tariff: 'ferdi', sim: { readId: await b.readSim(SOLD) } });
    expect(await counts(b)).toEqual([['sim', 999, 1, 0, 0], ['token', 0, 0, 0, 0]]);
    await net.restart();
    await sync(b);
    expect(await serverItem(SOLD)).toEqual({ status: 'issued', issued_operation_id: operation.id });
    expect((await central('office_stock_items')).map((r) => [r.key, r.office])).toEqual([[`sim:${SOLD}`, 'Azercell Nizami']]);

    expect(await counts(a)).toEqual([['sim', 1000, 0, 0, 0], ['token', 0, 0, 0, 0]]);
    await sync(a);
    expect(await counts(a)).toEqual([['sim', 999, 1, 0, 0], ['token', 0, 0, 0, 0]]);
    const [item] = await a.call<StockItem[]>('stock:search', { query: SOLD });
    expect(item).toMatchObject({ code: SOLD, status: 'issued', operationId: operation.id });
    expect(item!.movements.map((m) => m.movement)).toEqual(['received', 'issued']);
  });

  it('a desk of another office does not see the range', async () => {
    await sync(other);
    expect(await counts(other)).toEqual([['sim', 0, 0, 0, 0], ['token', 0, 0, 0, 0]]);
    expect(await other.call<StockItem[]>('stock:search', { query: SOLD.slice(-8) })).toEqual([]);
  });

  it('a voided sale puts the SIM back on the shelf at the desk and on the server; a second sale of it is applied', async () => {
    const sale = (b.services.db.prepare("SELECT id FROM operations WHERE kind = 'sim.sell'").pluck().get() as string);
    await b.call('payments:void', { operationId: sale, approvalId: await b.approve('operation.void', 'wrong number'), reason: 'wrong number' });
    expect(await counts(b)).toEqual([['sim', 1000, 0, 0, 0], ['token', 0, 0, 0, 0]]);
    await sync(b);
    expect(await serverItem(SOLD)).toEqual({ status: 'in_stock', issued_operation_id: null });
    await sync(a);
    expect(await counts(a)).toEqual([['sim', 1000, 0, 0, 0], ['token', 0, 0, 0, 0]]);

    // Sold again — at desk A this time, to another customer: no iccid_already_issued.
    const visit = await a.newVisit(citizen({ fin: '6ABCDEF', documentNumber: 'AA1111111' }));
    const { operation } = await a.call<{ operation: Operation }>('sim:sell', { visitId: visit.id, msisdn: '+994551250002', tariff: 'ferdi', sim: { readId: await a.readSim(SOLD) } });
    await sync(a);
    expect(await serverItem(SOLD)).toEqual({ status: 'issued', issued_operation_id: operation.id });
    expect(await net.server().db.query("SELECT reason FROM conflicts WHERE reason = 'iccid_already_issued'")).toEqual([]);
    await sync(b);
    expect(await counts(b)).toEqual([['sim', 999, 1, 0, 0], ['token', 0, 0, 0, 0]]);
  });

  it('server migration 017 publishes the stock moved before it as the same rows the pushes publish', async () => {
    const rows = () => net.server().db.query(`SELECT table_name, key, office_id, row FROM central_rows WHERE table_name LIKE 'office_stock_%' ORDER BY table_name, key`);
    const published = await rows();
    expect(published.map((r) => [r.table_name, (r.row as { status?: string }).status ?? null])).toEqual([['office_stock_items', 'issued'], ['office_stock_ranges', null]]);
    await net.server().db.exec(`DELETE FROM changes WHERE table_name LIKE 'office_stock_%'; DELETE FROM central_rows WHERE table_name LIKE 'office_stock_%'`);
    await net.server().db.exec(officeStockRows.up);
    expect(await rows()).toEqual(published);
  });

  it('a voided SIM duplicate puts its new SIM back on the shelf; the old one stays issued to the sale', async () => {
    const [old, fresh] = [iccid('57000000510'), iccid('57000000511')];
    const customer = citizen({ fin: '7ABCDEF', documentNumber: 'AA2222222' });
    const sold = await b.newVisit(customer);
    await b.call('sim:sell', { visitId: sold.id, msisdn: '+994551250003', tariff: 'ferdi', sim: { readId: await b.readSim(old) } });
    await sync(b);
    // A duplicate needs a fresh central check of the customer: opening a visit online makes it (offline policy).
    const visit = await b.newVisit(customer);
    const { operation: dup } = await b.call<{ operation: Operation }>('sim:duplicate', { visitId: visit.id, msisdn: '+994551250003', reason: 'damaged', oldIccid: old, newSim: { readId: await b.readSim(fresh) } });
    expect(await counts(b)).toEqual([['sim', 997, 3, 0, 0], ['token', 0, 0, 0, 0]]);
    await b.call('payments:void', { operationId: dup.id, approvalId: await b.approve('operation.void', 'customer changed mind'), reason: 'customer changed mind' });
    expect(await counts(b)).toEqual([['sim', 998, 2, 0, 0], ['token', 0, 0, 0, 0]]);
    await sync(b);
    expect(await serverItem(fresh)).toEqual({ status: 'in_stock', issued_operation_id: null });
    expect((await serverItem(old))!.status).toBe('issued');
    await sync(a);
    expect(await counts(a)).toEqual([['sim', 998, 2, 0, 0], ['token', 0, 0, 0, 0]]);
  });
});
