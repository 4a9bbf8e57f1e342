// The office's stock (issue 12, deliver 3) on a real desk: a range received (count previewed), a SIM sale through a
// real pcscd + vpcd consuming the ICCID read from the virtual SIM, a SIM not on the shelf refused, damaged and
// returned changing the counts, the count at shift close; and on a real server (PGlite) an ICCID issued at two
// offices' desks: the second is the conflict iccid_already_issued, told to the clerk in their language.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimApplet } from '../fixtures/vcards/sim-applet';
import { PcscHarness, pcscSkipReason } from '../support/pcsc';
import { ADMIN, citizen, failure, iccid, openDesk, waitFor, type TestDesk } from '../support/desk';
import { desksWithServer } from '../support/server-suites';
import { syncPayloadSchemas } from '../../common/operations';
import { translate } from '../../common/i18n/messages';
import type { StockItem, StockOverview } from '../../common/ipc/channels/stock';
import type { Operation } from '../../common/ipc/channels/flows';

const skip = pcscSkipReason();
if (skip) console.warn(skip);

const FIRST = iccid('55000000001');
const LAST = iccid('55000000004');
const counts = async (d: TestDesk) => (await d.call<StockOverview>('stock:overview')).counts.map((c) => [c.itemType, c.inStock, c.issued, c.damaged, c.returned]);
const queued = (d: TestDesk, kind: string) =>
  (d.services.db.prepare('SELECT payload_json AS p FROM outbox WHERE kind = ? ORDER BY seq').all(kind) as { p: string }[]).map((r) => JSON.parse(r.p) as Record<string, unknown>);

describe.skipIf(!!skip)('stock at the desk, the SIM read through pcscd', () => {
  let pcsc: PcscHarness;
  let desk: TestDesk;
  beforeAll(async () => {
    pcsc = await PcscHarness.start();
    // The administrator is a supervisor: receives and marks, and serves the customer too.
    desk = await openDesk({ hardware: true, signIn: 'admin' });
  }, 60_000);
  afterAll(async () => {
    await desk?.dispose();
    await pcsc?.stop();
  });

  it('receives a range after its count is shown, and refuses receiving any of it twice', async () => {
    const preview = await desk.call('stock:previewRange', { first: FIRST, last: LAST });
    expect(preview).toEqual({ count: 4, first: FIRST, last: LAST, alreadyInStock: [] });
    expect((await failure(desk, 'stock:receiveRange', { first: FIRST, last: LAST, expectedCount: 3 })).code).toBe('STOCK_RANGE_CHANGED');
    expect(await desk.call('stock:receiveRange', { first: FIRST, last: LAST, expectedCount: 4 })).toEqual({ received: 4 });
    expect(await counts(desk)).toEqual([['sim', 4, 0, 0, 0], ['token', 0, 0, 0, 0]]);
    expect((await desk.call<{ alreadyInStock: string[] }>('stock:previewRange', { first: FIRST, last: LAST })).alreadyInStock).toHaveLength(4);
    expect((await failure(desk, 'stock:receiveRange', { first: FIRST, last: LAST, expectedCount: 4 })).code).toBe('STOCK_ALREADY_RECEIVED');
    const [move] = queued(desk, 'stock.move');
    expect(move).toMatchObject({ movement: 'received', itemType: 'sim', operationId: null });
    expect((move!.codes as string[]).length).toBe(4);
    expect(syncPayloadSchemas['stock.move'].safeParse(move).success).toBe(true);
  });

  it('a SIM sale consumes the ICCID read from the virtual SIM in the reader', async () => {
    const sold = iccid('55000000002');
    const card = pcsc.card('sim', new SimApplet(sold));
    await card.insert();
    let read = await desk.callRaw('sim:readIccid', {});
    await waitFor(async () => (read = await desk.callRaw('sim:readIccid', {})).ok, 15_000, 'the SIM to be read');
    expect(read.value).toMatchObject({ iccid: sold, luhnValid: true });
    const visit = await desk.newVisit();
    const { operation } = await desk.call<{ operation: Operation }>('sim:sell', { visitId: visit.id, msisdn: '+994551230001', tariff: 'ferdi', sim: { readId: (read.value as { readId: string }).readId } });
    expect(await counts(desk)).toEqual([['sim', 3, 1, 0, 0], ['token', 0, 0, 0, 0]]);
    const [item] = await desk.call<StockItem[]>('stock:search', { query: sold.slice(-8) });
    expect(item).toMatchObject({ code: sold, status: 'issued', operationId: operation.id });
    expect(item!.movements.map((m) => m.movement)).toEqual(['received', 'issued']);
    expect(queued(desk, 'stock.move').at(-1)).toMatchObject({ movement: 'issued', codes: [sold], operationId: operation.id });
    await card.remove();
  });

  it('refuses a SIM the office never received, and binds nothing', async () => {
    const stranger = iccid('55999999999');
    await pcsc.card('sim', new SimApplet(stranger)).insert();
    let read = await desk.callRaw('sim:readIccid', {});
    await waitFor(async () => (read = await desk.callRaw('sim:readIccid', {})).ok && (read.value as { iccid: string }).iccid === stranger, 15_000, 'the other SIM');
    const visit = await desk.newVisit(citizen({ fin: '6ABCDEF', documentNumber: 'AA1111111' }));
    const refused = await failure(desk, 'sim:sell', { visitId: visit.id, msisdn: '+994551230002', tariff: 'ferdi', sim: { readId: (read.value as { readId: string }).readId } });
    expect(refused).toMatchObject({ code: 'STOCK_NOT_IN_STOCK', fields: { sim: 'STOCK_NOT_IN_STOCK' } });
    expect(desk.services.db.prepare('SELECT count(*) FROM sim_cards WHERE iccid = ?').pluck().get(stranger)).toBe(0);
    expect(translate('ru', `errors.${refused.code}`)).toBe('Этой SIM-карты нет на складе офиса: сначала супервайзер принимает её на странице «Склад».');
  });

  it('damaged and returned change the counts; an issued SIM cannot be marked', async () => {
    await desk.call('stock:mark', { itemType: 'sim', codes: [iccid('55000000003')], movement: 'damaged', reason: 'chip cracked' });
    expect(await counts(desk)).toEqual([['sim', 2, 1, 1, 0], ['token', 0, 0, 0, 0]]);
    await desk.call('stock:mark', { itemType: 'sim', codes: [iccid('55000000003'), iccid('55000000004')], movement: 'returned', reason: 'back to Azercell' });
    expect(await counts(desk)).toEqual([['sim', 1, 1, 0, 2], ['token', 0, 0, 0, 0]]);
    expect((await failure(desk, 'stock:mark', { itemType: 'sim', codes: [iccid('55000000002')], movement: 'damaged', reason: 'x' })).code).toBe('STOCK_NOT_AVAILABLE');
    await desk.call('stock:receiveTokens', { serials: ['tk-0001-aa', 'TK0002AA'] });
    expect(await counts(desk)).toEqual([['sim', 1, 1, 0, 2], ['token', 2, 0, 0, 0]]);
  });

  it('the shift close keeps the stock count: counted against expected, differences listed and synced', async () => {
    expect(await desk.call('stock:countPreview', { sim: 0, token: 2 })).toEqual([
      { itemType: 'sim', expected: 1, counted: 0, difference: -1 },
      { itemType: 'token', expected: 2, counted: 2, difference: 0 },
    ]);
    const closing = await desk.call<{ cash: { expectedMinor: number } }>('shifts:closing', { countedMinor: null });
    await desk.call('shifts:close', { countedMinor: closing.cash.expectedMinor, stockCount: { sim: 0, token: 2 } });
    const [count] = queued(desk, 'stock.count');
    expect(count).toMatchObject({ lines: [{ itemType: 'sim', expected: 1, counted: 0, difference: -1 }, { itemType: 'token', expected: 2, counted: 2, difference: 0 }] });
    expect(count!.shiftId).toEqual(expect.any(String));
    expect(syncPayloadSchemas['stock.count'].safeParse(count).success).toBe(true);
    const [close] = queued(desk, 'shift.close');
    expect(close!.stockCount).toEqual({ sim: 0, token: 2 });
  });
});

describe('stock on the server', () => {
  const net = desksWithServer(['Azercell Nizami', 'Azercell Gəncə']);

  async function supervisorDesk(name: string, office: string): Promise<TestDesk> {
    const d = await net.desk(name, office);
    await d.call('auth:signIn', ADMIN);
    if (!(await d.call('shifts:current'))) await d.call('shifts:open', { openingFloatMinor: 0 });
    return d;
  }

  it('an ICCID issued at a desk of another office too is the conflict iccid_already_issued, named to the clerk', async () => {
    const a = await supervisorDesk('stock-a', 'Azercell Nizami');
    const b = await supervisorDesk('stock-b', 'Azercell Gəncə');
    const sim = iccid('56000000001');
    for (const d of [a, b]) await d.call('stock:receiveRange', { first: sim, last: iccid('56000000002'), expectedCount: 2 });
    const va = await a.newVisit();
    await a.call('sim:sell', { visitId: va.id, msisdn: '+994551240001', tariff: 'ferdi', sim: { readId: await a.readSim(sim) } });
    expect(await a.services.sync.syncNow()).toMatchObject({ ok: true, pending: 0, conflicts: 0 });
    const [row] = await net.server().db.query<{ status: string; code: string }>("SELECT status, code FROM stock_items WHERE item_type = 'sim' AND code = $1", [sim]);
    expect(row).toEqual({ status: 'issued', code: sim });

    const vb = await b.newVisit(citizen({ fin: '6ABCDEF', documentNumber: 'AA1111111' }));
    await b.call('sim:sell', { visitId: vb.id, msisdn: '+994551240002', tariff: 'ferdi', sim: { readId: await b.readSim(sim) } });
    await b.services.sync.syncNow();
    const issued = queued(b, 'stock.move').find((m) => m.movement === 'issued')!;
    const [central] = await net.server().db.query<{ reason: string; details: Record<string, unknown> }>('SELECT reason, details FROM conflicts WHERE op_id = $1', [issued.movementId]);
    expect(central).toMatchObject({ reason: 'iccid_already_issued', details: { itemType: 'sim', code: sim } });
    const conflicts = b.services.sync.queue('conflicts', 10).map((c) => c.ackReason);
    expect(conflicts).toContain('iccid_already_issued');
    expect(translate('az', 'sync.conflictReason.iccid_already_issued')).toBe('Bu SIM kart (ICCID) artıq başqa masada müştəriyə verilib: kimdə olduğunu yoxlayın.');
    // The range received by both offices: the other SIM is still on both shelves centrally (received once, first wins).
    const [other] = await net.server().db.query<{ status: string }>("SELECT status FROM stock_items WHERE item_type = 'sim' AND code = $1", [iccid('56000000002')]);
    expect(other).toEqual({ status: 'in_stock' });
  });
});
