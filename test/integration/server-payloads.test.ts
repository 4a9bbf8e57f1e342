// The server understands every kind in the registry (common/operations): a valid payload of each kind is applied, a
// payload that does not match its kind's schema is refused as `rejected: invalid_payload` — field by field, for every
// kind — and a kind the registry does not know is refused as `rejected: unknown_kind`. Then the SIM sale's central
// rule: the ICCID and the number are bound to the holder, a second sale of either is a conflict. Last, pathological
// payloads (issue 10, hole 8): nested thousands deep or too large for their kind, such an op is `rejected:
// invalid_payload` on its own — never a 500 or a 400 for the batch, which the desk would re-send for ever.
import { beforeAll, describe, expect, it } from 'vitest';
import { SyncHttpError } from '../../common/sync/client';
import { MAX_PAYLOAD_CHARS, MAX_PAYLOAD_DEPTH, signRequest } from '../../common/sync/protocol';
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

  describe('pathological payloads', () => {
    /** `levels` objects, one inside the other. */
    function nested(levels: number): Record<string, unknown> {
      let value: Record<string, unknown> = { end: true };
      for (let i = 1; i < levels; i++) value = { next: value };
      return value;
    }

    /** The push's acks, or the HTTP status it failed with: the test must see a 500 as a value, not as a thrown error. */
    async function pushed(client: Awaited<ReturnType<typeof enrolNewDesk>>['client'], ops: ReturnType<typeof makeOp>[]) {
      try {
        return await client.push(ops);
      } catch (e) {
        if (e instanceof SyncHttpError) return { status: e.status, message: e.message };
        throw e;
      }
    }

    it('rejects an op whose payload nests 3 000 deep, applies the rest of its batch, and the next push works', async () => {
      const desk = await enrolNewDesk(server, 'Deep Payloads');
      // In a field the kind's schema allows any object in (the chip check record), and in one it does not know.
      const ops = [
        makeOp(1),
        makeOp(2, 'visit.create', { identityCheck: { comparison: nested(3000) } }),
        makeOp(3, 'komis.register', { subscriberCode: '7000000901', extra: [nested(3000)] }),
        makeOp(4),
      ];
      const r = await pushed(desk.client, ops);
      expect(r).toMatchObject({ highestSeq: 4 });
      const { acks } = r as { acks: { seq: number; status: string; reason?: string }[] };
      expect(acks.map((a) => [a.seq, a.status, a.reason])).toEqual([
        [1, 'applied', undefined],
        [2, 'rejected', 'invalid_payload'],
        [3, 'rejected', 'invalid_payload'],
        [4, 'applied', undefined],
      ]);
      // Kept for a human with the reason, not the pathological payload itself.
      const [stored] = await server.db.query<{ payload: Record<string, unknown> }>('SELECT payload FROM ops WHERE id = $1', [ops[1].id]);
      expect(stored.payload).toMatchObject({ redacted: true, problem: `payload nested deeper than ${MAX_PAYLOAD_DEPTH} levels` });
      expect((await desk.client.push([makeOp(5)])).acks.map((a) => a.status)).toEqual(['applied']);
      // Re-sending the batch (a lost response) is all duplicates, with how each ended.
      expect((await desk.client.push(ops)).acks.map((a) => [a.status, a.reason])).toEqual([
        ['duplicate', undefined],
        ['duplicate', 'rejected:invalid_payload'],
        ['duplicate', 'rejected:invalid_payload'],
        ['duplicate', undefined],
      ]);
    });

    it('rejects a payload nested 200 000 deep (deeper than any recursive walk survives) without a 500', async () => {
      const desk = await enrolNewDesk(server, 'Deeper Payloads');
      // Written by hand: JSON.stringify itself recurses, so no client could build this body from objects.
      const deep = `{"subscriberCode":"7000000903","extra":${'{"a":'.repeat(200_000)}1${'}'.repeat(200_000)}}`;
      const ops = [makeOp(1), makeOp(2, 'komis.register', {}, { payload: { deep: true } }), makeOp(3)];
      const body = JSON.stringify({ deskId: desk.deskId, ops }).replace('{"deep":true}', deep);
      const headers = await signRequest({ deskId: desk.deskId, privateKey: desk.privateKey, method: 'POST', pathWithQuery: '/v1/push', body });
      const res = await fetch(`${server.url}/v1/push`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body });
      expect(res.status).toBe(200);
      const r = (await res.json()) as { acks: { status: string; reason?: string }[]; highestSeq: number };
      expect(r.acks.map((a) => [a.status, a.reason])).toEqual([
        ['applied', undefined],
        ['rejected', 'invalid_payload'],
        ['applied', undefined],
      ]);
      expect((await desk.client.push([makeOp(4)])).acks.map((a) => a.status)).toEqual(['applied']);
    });

    it(`takes a payload exactly ${MAX_PAYLOAD_DEPTH} levels deep`, async () => {
      const desk = await enrolNewDesk(server, 'Deep Enough');
      // The payload is level 1, identityCheck 2, the chain below it the rest.
      const r = await desk.client.push([makeOp(1, 'visit.create', { identityCheck: nested(MAX_PAYLOAD_DEPTH - 1) })]);
      expect(r.acks.map((a) => a.status)).toEqual(['applied']);
      const deeper = await desk.client.push([makeOp(2, 'visit.create', { identityCheck: nested(MAX_PAYLOAD_DEPTH) })]);
      expect(deeper.acks.map((a) => [a.status, a.reason])).toEqual([['rejected', 'invalid_payload']]);
    });

    it('rejects an op whose payload is too large for its kind, applying the rest of the batch', async () => {
      const desk = await enrolNewDesk(server, 'Huge Payloads');
      const huge = 'x'.repeat(MAX_PAYLOAD_CHARS);
      const ops = [makeOp(1, 'visit.create', { identityCheck: { note: huge } }), makeOp(2), makeOp(3, 'komis.register', { subscriberCode: '7000000902', note: huge })];
      const r = await pushed(desk.client, ops);
      expect(r).toMatchObject({ highestSeq: 3 });
      expect((r as { acks: { status: string; reason?: string }[] }).acks.map((a) => [a.status, a.reason])).toEqual([
        ['rejected', 'invalid_payload'],
        ['applied', undefined],
        ['rejected', 'invalid_payload'],
      ]);
      const [stored] = await server.db.query<{ payload: Record<string, unknown> }>('SELECT payload FROM ops WHERE id = $1', [ops[0].id]);
      expect(stored.payload).toMatchObject({ redacted: true });
      expect(JSON.stringify(stored.payload).length).toBeLessThan(500);
      // A reference-data edit is allowed more (1 000 rows of a table), still bounded.
      const rows = Array.from({ length: 1000 }, (_, i) => ({ code: `code-${i}`, validFrom: '2026-01-01', name: 'y'.repeat(100) }));
      const edit = await desk.client.push([makeOp(4, 'reference.update', { rows })]);
      expect(edit.acks.map((a) => a.status)).toEqual(['applied']);
    });
  });
});
