// The server understands every kind in the registry (common/operations): a valid payload of each kind is applied, a
// payload that does not match its kind's schema is refused as `rejected: invalid_payload` — field by field, for every
// kind — and a kind the registry does not know is refused as `rejected: unknown_kind`. Then the SIM sale's central
// rule: the ICCID and the number are bound to the holder, a second sale of either is a conflict.
import { beforeAll, describe, expect, it } from 'vitest';
import { operationKinds, syncKindOf, syncPayloadSchemas } from '../../common/operations';
import { recordKinds } from '../../common/operations/records';
import { postgresForFile, serverForSuite } from '../support/server-suites';
import { enrolNewDesk, makeOp, type Backend, type RunningServer } from '../support/sync-server';

const postgres = postgresForFile();

const SUBJECT = 'fin:5ABCDE1';
const wireKinds = Object.keys(syncPayloadSchemas);

describe.each<Backend>(['pglite', 'postgres'])('payloads on %s', (backend) => {
  const suiteServer = serverForSuite(backend, postgres, 'suite_payloads');
  let server: RunningServer;
  beforeAll(() => {
    server = suiteServer();
  });

  it('knows every operation kind of the registry and the records that are not operations', () => {
    expect(wireKinds.sort()).toEqual([...operationKinds.map(syncKindOf), ...Object.keys(recordKinds)].sort());
  });

  it('applies a valid payload of every kind (one subscriber, registry order)', async () => {
    const desk = await enrolNewDesk(server, 'Valid Payloads');
    const ops = wireKinds.map((kind, i) => makeOp(i + 1, kind, {}, { subject: SUBJECT }));
    const r = await desk.client.push(ops);
    expect(r.acks.map((a) => [ops.find((o) => o.id === a.id)!.kind, a.status, a.reason])).toEqual(wireKinds.map((k) => [k, 'applied', undefined]));
  });

  it('refuses, for every kind, a payload missing any one required field or with a field of the wrong type', async () => {
    const desk = await enrolNewDesk(server, 'Bad Payloads');
    const cases: { kind: string; field: string }[] = [];
    for (const kind of wireKinds) {
      const shape = syncPayloadSchemas[kind].shape as Record<string, { safeParse(v: unknown): { success: boolean } }>;
      for (const field of Object.keys(shape)) {
        // A field that accepts "absent" is not required; one that accepts a number is not typed against numbers.
        if (!shape[field].safeParse(undefined).success) cases.push({ kind, field: `-${field}` });
        if (!shape[field].safeParse(12345).success) cases.push({ kind, field: `${field}=12345` });
      }
    }
    const ops = cases.map((c, i) => {
      const op = makeOp(i + 1, c.kind, {}, { subject: SUBJECT });
      const payload = { ...op.payload };
      if (c.field.startsWith('-')) delete payload[c.field.slice(1)];
      else payload[c.field.split('=')[0]] = 12345;
      return { ...op, payload };
    });
    // Every kind has at least one required field, so each kind is covered.
    expect(new Set(cases.map((c) => c.kind))).toEqual(new Set(wireKinds));
    const acks = [];
    for (let i = 0; i < ops.length; i += 200) acks.push(...(await desk.client.push(ops.slice(i, i + 200))).acks);
    const wrong = acks.filter((a) => a.status !== 'rejected' || a.reason !== 'invalid_payload').map((a) => cases[a.seq - 1]);
    expect(wrong).toEqual([]);
    expect(acks).toHaveLength(cases.length);
  });

  it('refuses a kind the registry does not know, consuming its seq so later ops flow', async () => {
    const desk = await enrolNewDesk(server, 'Unknown Kinds');
    const r = await desk.client.push([makeOp(1, 'sim.teleport', { iccid: '8999401000000000102' }), makeOp(2)]);
    expect(r.acks.map((a) => [a.status, a.reason])).toEqual([
      ['rejected', 'unknown_kind'],
      ['applied', undefined],
    ]);
    expect(r.highestSeq).toBe(2);
  });

  it('binds a sold SIM to its number and holder; the same SIM or number sold to someone else is a conflict', async () => {
    const north = await enrolNewDesk(server, 'Bakcell North');
    const south = await enrolNewDesk(server, 'Bakcell South');
    const sale = (fin: string, iccid: string, msisdn: string) => ({ fin, iccid, msisdn });
    const first = await north.client.push([makeOp(1, 'sim.sell', sale('5SELL01', '8999401000000000508', '+994557000001'))]);
    expect(first.acks[0].status).toBe('applied');
    const [binding] = await server.db.query<{ subscriber: string; msisdn: string }>('SELECT subscriber, msisdn FROM iccid_bindings WHERE iccid = $1', ['8999401000000000508']);
    expect(binding).toEqual({ subscriber: 'fin:5SELL01', msisdn: '+994557000001' });
    const r = await south.client.push([
      makeOp(1, 'sim.sell', sale('5SELL02', '8999401000000000508', '+994557000002')),
      makeOp(2, 'sim.sell', sale('5SELL02', '8999401000000000516', '+994557000001')),
      makeOp(3, 'sim.sell', sale('5SELL02', '8999401000000000524', '+994557000003')),
    ]);
    expect(r.acks.map((a) => [a.status, a.reason])).toEqual([
      ['conflict', 'iccid_bound_elsewhere'],
      ['conflict', 'msisdn_bound_elsewhere'],
      ['applied', undefined],
    ]);
  });

  it('keeps IMEIs and KÖMİS subscriber codes unique across offices: a second registration is a conflict', async () => {
    const north = await enrolNewDesk(server, 'Post Office North');
    const south = await enrolNewDesk(server, 'Post Office South');
    const imei = { imei: '356938035643809', imei2: null, noticeCode: 'IM20261201000001' };
    expect((await north.client.push([makeOp(1, 'imei.register', imei), makeOp(2, 'komis.register', { subscriberCode: '7000000001' })])).acks.map((a) => a.status)).toEqual(['applied', 'applied']);
    const r = await south.client.push([
      makeOp(1, 'imei.register', { ...imei, imei: '490154203237518', imei2: '356938035643809', noticeCode: 'IM20261201000002' }),
      makeOp(2, 'komis.register', { subscriberCode: '7000000001' }),
      makeOp(3, 'komis.register', { subscriberCode: '7000000002' }),
    ]);
    expect(r.acks.map((a) => [a.status, a.reason])).toEqual([
      ['conflict', 'imei_registered_elsewhere'],
      ['conflict', 'komis_code_taken'],
      ['applied', undefined],
    ]);
  });
});
