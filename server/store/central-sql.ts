/**
 * Locking, loading and writing the central state of one pushed batch (central-state.ts): one statement locks, one
 * loads, and the writes are parts of the batch's one write statement, whatever its size — the keys are passed as
 * arrays, the rows as JSON documents (`jsonb_to_recordset`).
 *
 * Locks: every key the batch names gets a transaction-scoped advisory lock, all in one statement in the order of
 * their lock numbers, so two batches that share keys take them in the same order and cannot deadlock on them. The
 * lock names (`iccid:…`, `msisdn:…`, `poa:…`, `imei:…`, `komis:…`, `voen:…`) are those every other writer of these keys takes
 * (`revokePoa` below, used by the admin API). Rows that are read to be changed are also locked (FOR UPDATE, in key
 * order). Then nothing the batch reads can change under it until it commits.
 */
import type { Queryable } from '../db/adapter';
import { toIso } from '../db/adapter';
import { putRow, writeRows } from './changes';
import type { BatchStatement } from './batch-statement';
import { CentralState, type Needs, type StoredCertificate } from './central-state';
import { writeShifts } from './shifts';
import { loadStock, writeStock } from './stock';

/** The union of many ops' needs. */
export function mergeNeeds(all: Needs[]): Required<{ [K in keyof Needs]: string[] }> {
  const sets = { iccids: new Set<string>(), msisdns: new Set<string>(), poaIds: new Set<string>(), imeis: new Set<string>(), komisCodes: new Set<string>(), certificateIds: new Set<string>(), certificateMsisdns: new Set<string>(), certificateVoens: new Set<string>(), stockItems: new Set<string>() };
  for (const n of all) for (const k of Object.keys(sets) as (keyof typeof sets)[]) for (const v of n[k] ?? []) sets[k].add(v);
  const sorted = (s: Set<string>) => [...s].sort();
  return {
    iccids: sorted(sets.iccids),
    msisdns: sorted(sets.msisdns),
    poaIds: sorted(sets.poaIds),
    imeis: sorted(sets.imeis),
    komisCodes: sorted(sets.komisCodes),
    certificateIds: sorted(sets.certificateIds),
    certificateMsisdns: sorted(sets.certificateMsisdns),
    certificateVoens: sorted(sets.certificateVoens),
    stockItems: sorted(sets.stockItems),
  };
}

/** What the load statement returns: JSON arrays of rows (timestamps as ISO text). */
type Loaded = {
  bindings: { iccid: string; subscriber: string; msisdn: string | null; office_id: string | null; bound_at: string; op_id: string | null }[];
  retired: { iccid: string; retired_at: string }[];
  revocations: { poa_id: string; us: string; reason: string | null }[];
  imeis: { imei: string; notice_code: string }[];
  komis: string[];
  certificates: { certificate_id: string; office_id: string | null; subject: string; msisdn: string; iccid: string; voen: string | null; status: StoredCertificate['status']; op_id: string; row: StoredCertificate['row'] }[];
};

export async function loadCentralState(tx: Queryable, needs: ReturnType<typeof mergeNeeds>, now: string): Promise<CentralState> {
  const s = new CentralState(now);
  const n = needs;
  const lockNames = [...n.iccids.map((k) => `iccid:${k}`), ...n.msisdns.map((k) => `msisdn:${k}`), ...n.poaIds.map((k) => `poa:${k}`), ...n.imeis.map((k) => `imei:${k}`), ...n.komisCodes.map((k) => `komis:${k}`), ...n.certificateVoens.map((k) => `voen:${k}`), ...n.stockItems.map((k) => `stock:${k}`)];
  // Sent without waiting: the connection runs the load after the locks are granted, one round trip for both.
  const locked = lockNames.length
    ? tx.query(`SELECT pg_advisory_xact_lock(h) FROM (SELECT DISTINCT hashtext(k)::bigint AS h FROM unnest($1::text[]) AS k ORDER BY h) AS locks`, [lockNames])
    : Promise.resolve([]);
  for (const iccid of n.iccids) {
    s.bindings.set(iccid, null);
    s.retired.set(iccid, null);
  }
  for (const m of n.msisdns) s.numbers.add(m);
  for (const id of n.poaIds) s.revocations.set(id, null);
  for (const imei of n.imeis) s.imeis.set(imei, null);
  for (const code of n.komisCodes) s.komisCodes.set(code, false);
  for (const id of n.certificateIds) s.certificates.set(id, null);
  for (const m of n.certificateMsisdns) s.certificateNumbers.add(m);
  for (const v of n.certificateVoens) s.certificateCompanies.add(v);
  for (const k of n.stockItems) s.stock.set(k, null);
  if (!Object.values(n).some((keys) => keys.length)) {
    await locked;
    return s;
  }
  // One statement, after the locks (its snapshot sees what the previous holders committed). Rows to be changed are
  // locked in key order.
  const loaded = tx.query<Loaded>(
    `WITH b AS (SELECT iccid, subscriber, msisdn, office_id, bound_at, op_id FROM iccid_bindings
                WHERE iccid = ANY($1::text[]) OR msisdn = ANY($2::text[]) ORDER BY iccid FOR UPDATE),
          c AS (SELECT certificate_id, office_id, subject, msisdn, iccid, voen, status, op_id, row FROM certificates
                WHERE certificate_id = ANY($6::text[]) OR msisdn = ANY($7::text[]) OR voen = ANY($8::text[]) ORDER BY certificate_id FOR UPDATE)
     SELECT (SELECT coalesce(jsonb_agg(b), '[]') FROM b) AS bindings,
       (SELECT coalesce(jsonb_agg(jsonb_build_object('iccid', iccid, 'retired_at', retired_at)), '[]') FROM retired_iccids WHERE iccid = ANY($1::text[])) AS retired,
       (SELECT coalesce(jsonb_agg(jsonb_build_object('poa_id', poa_id, 'us', (extract(epoch FROM revoked_at) * 1000000)::bigint::text, 'reason', reason)), '[]')
        FROM poa_revocations WHERE poa_id = ANY($3::text[])) AS revocations,
       (SELECT coalesce(jsonb_agg(jsonb_build_object('imei', imei, 'notice_code', notice_code)), '[]') FROM imei_registrations WHERE imei = ANY($4::text[])) AS imeis,
       (SELECT coalesce(jsonb_agg(subscriber_code), '[]') FROM komis_registrations WHERE subscriber_code = ANY($5::text[])) AS komis,
       (SELECT coalesce(jsonb_agg(c), '[]') FROM c) AS certificates`,
    [n.iccids, n.msisdns, n.poaIds, n.imeis, n.komisCodes, n.certificateIds, n.certificateMsisdns, n.certificateVoens],
  );
  const [, [r]] = await Promise.all([locked, loaded]);
  for (const b of r.bindings) s.bindings.set(b.iccid, { iccid: b.iccid, subscriber: b.subscriber, msisdn: b.msisdn, officeId: b.office_id, boundAt: toIso(b.bound_at), opId: b.op_id });
  for (const x of r.retired) s.retired.set(x.iccid, toIso(x.retired_at));
  for (const x of r.revocations) s.revocations.set(x.poa_id, { revokedAtUs: Number(x.us), reason: x.reason });
  for (const x of r.imeis) s.imeis.set(x.imei, x.notice_code);
  for (const code of r.komis) s.komisCodes.set(code, true);
  for (const c of r.certificates) s.certificates.set(c.certificate_id, { id: c.certificate_id, officeId: c.office_id, subject: c.subject, msisdn: c.msisdn, iccid: c.iccid, voen: c.voen, status: c.status, opId: c.op_id, row: c.row });
  if (n.stockItems.length) await loadStock(tx, s, n.stockItems);
  return s;
}

const byKey = <T>(m: Map<string, T>): [string, T][] => [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/**
 * Adds what the batch changed to the batch's write statement (batch-statement.ts), after its op rows. Rows in key
 * order: two batches lock the rows they share in the same order.
 */
export function writeCentralState(w: BatchStatement, s: CentralState): void {
  const o = s.out;
  const bindings = byKey(o.bindings);
  const unbound = bindings.filter(([, b]) => b === null).map(([iccid]) => iccid);
  const bound = bindings.flatMap(([, b]) => (b ? [{ iccid: b.iccid, subscriber: b.subscriber, msisdn: b.msisdn, office_id: b.officeId, desk_id: b.deskId, op_id: b.opId }] : []));
  if (unbound.length) w.add(`DELETE FROM iccid_bindings WHERE iccid = ANY(${w.param(unbound)}::text[])`);
  if (bound.length) {
    w.add(`INSERT INTO iccid_bindings (iccid, subscriber, msisdn, office_id, desk_id, op_id)
       SELECT * FROM jsonb_to_recordset(${w.rows(bound)}) AS x(iccid text, subscriber text, msisdn text, office_id uuid, desk_id uuid, op_id uuid)
       ON CONFLICT (iccid) DO UPDATE SET subscriber = EXCLUDED.subscriber, msisdn = EXCLUDED.msisdn, office_id = EXCLUDED.office_id,
         desk_id = EXCLUDED.desk_id, op_id = EXCLUDED.op_id, bound_at = now()`);
  }
  if (o.retired.size) {
    const rows = byKey(o.retired).map(([iccid, r]) => ({ iccid, retired_at: r.retiredAt, op_id: r.opId }));
    w.add(`INSERT INTO retired_iccids (iccid, retired_at, op_id) SELECT * FROM jsonb_to_recordset(${w.rows(rows)}) AS x(iccid text, retired_at timestamptz, op_id uuid)
       ON CONFLICT (iccid) DO NOTHING`);
  }
  if (o.unretired.size) w.add(`DELETE FROM retired_iccids WHERE iccid = ANY(${w.param([...o.unretired].sort())}::text[])`);
  if (o.imeisRemoved.size) w.add(`DELETE FROM imei_registrations WHERE imei = ANY(${w.param([...o.imeisRemoved].sort())}::text[])`);
  if (o.revocations.size) {
    const rows = byKey(o.revocations).map(([poa_id, r]) => ({ poa_id, revoked_at: r.revokedAt, reason: r.reason }));
    w.add(`INSERT INTO poa_revocations (poa_id, revoked_at, reason) SELECT * FROM jsonb_to_recordset(${w.rows(rows)}) AS x(poa_id text, revoked_at timestamptz, reason text)
       ON CONFLICT (poa_id) DO UPDATE SET revoked_at = LEAST(poa_revocations.revoked_at, EXCLUDED.revoked_at)`);
  }
  if (o.poas.size) {
    const rows = byKey(o.poas).map(([, p]) => ({ poa_id: p.poaId, office_id: p.officeId, principal_key: p.principalKey, trustee_key: p.trusteeKey, op_id: p.opId, row: p.row }));
    w.add(`INSERT INTO poas (poa_id, office_id, principal_key, trustee_key, op_id, row)
       SELECT * FROM jsonb_to_recordset(${w.rows(rows)}) AS x(poa_id text, office_id uuid, principal_key text, trustee_key text, op_id uuid, row jsonb)
       ON CONFLICT (poa_id) DO NOTHING`);
  }
  if (o.certificates.size) {
    const rows = [...o.certificates].sort().map((id) => {
      const c = s.certificate(id)!;
      return { certificate_id: c.id, office_id: c.officeId, subject: c.subject, msisdn: c.msisdn, iccid: c.iccid, voen: c.voen, status: c.status, op_id: c.opId, row: c.row };
    });
    w.add(`INSERT INTO certificates (certificate_id, office_id, subject, msisdn, iccid, voen, status, op_id, row)
       SELECT * FROM jsonb_to_recordset(${w.rows(rows)}) AS x(certificate_id text, office_id uuid, subject text, msisdn text, iccid text, voen text, status text, op_id uuid, row jsonb)
       ON CONFLICT (certificate_id) DO UPDATE SET status = EXCLUDED.status, row = EXCLUDED.row`);
  }
  if (o.imeis.length) {
    const rows = o.imeis.map((r) => ({ imei: r.key, op_id: r.opId, subject: r.subject, office_id: r.officeId, notice_code: r.noticeCode }));
    w.add(`INSERT INTO imei_registrations (imei, op_id, subject, office_id, notice_code)
       SELECT * FROM jsonb_to_recordset(${w.rows(rows)}) AS x(imei text, op_id uuid, subject text, office_id uuid, notice_code text)`);
  }
  if (o.komis.length) {
    const rows = o.komis.map((r) => ({ subscriber_code: r.key, op_id: r.opId, subject: r.subject, office_id: r.officeId }));
    w.add(`INSERT INTO komis_registrations (subscriber_code, op_id, subject, office_id)
       SELECT * FROM jsonb_to_recordset(${w.rows(rows)}) AS x(subscriber_code text, op_id uuid, subject text, office_id uuid)`);
  }
  if (o.conflicts.length) {
    const rows = o.conflicts.map((c) => ({ id: c.id, office_id: c.officeId, desk_id: c.deskId, op_id: c.opId, seq: c.seq, kind: c.kind, subject: c.subject, reason: c.reason, details: c.details }));
    w.add(`INSERT INTO conflicts (id, office_id, desk_id, op_id, seq, kind, subject, reason, details)
       SELECT * FROM jsonb_to_recordset(${w.rows(rows)}) AS x(id uuid, office_id uuid, desk_id uuid, op_id uuid, seq bigint, kind text, subject text, reason text, details jsonb)`);
  }
  if (o.rows.size) writeRows(w, byKey(o.rows).map(([, r]) => r));
  writeShifts(w, s);
  writeStock(w, s);
}

// ---- single writes outside a push (conflict resolution, the admin API), under the same lock names

export async function bind(tx: Queryable, desk: { id: string; officeId: string }, op: { id: string }, iccid: string, subscriber: string, msisdn?: string): Promise<void> {
  await tx.query(
    `INSERT INTO iccid_bindings (iccid, subscriber, msisdn, office_id, desk_id, op_id) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (iccid) DO UPDATE SET subscriber = EXCLUDED.subscriber, msisdn = EXCLUDED.msisdn, office_id = EXCLUDED.office_id,
       desk_id = EXCLUDED.desk_id, op_id = EXCLUDED.op_id, bound_at = now()`,
    [iccid, subscriber, msisdn ?? null, desk.officeId, desk.id, op.id],
  );
}

export async function revokePoa(tx: Queryable, poaId: string, revokedAt: string, reason: string | null): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`poa:${poaId}`]);
  const [r] = await tx.query<{ revoked_at: Date | string }>(
    `INSERT INTO poa_revocations (poa_id, revoked_at, reason) VALUES ($1, $2, $3)
     ON CONFLICT (poa_id) DO UPDATE SET revoked_at = LEAST(poa_revocations.revoked_at, EXCLUDED.revoked_at) RETURNING revoked_at`,
    [poaId, revokedAt, reason],
  );
  await putRow(tx, { table: 'poa_revocations', key: poaId, officeId: null, row: { poaId, revokedAt: toIso(r.revoked_at), reason } });
}
