/**
 * Locking, loading and writing the central state of one pushed batch (central-state.ts), in a few statements per batch
 * whatever its size: the keys are passed as arrays, the rows as one JSON document (`jsonb_to_recordset`).
 *
 * Locks: every key the batch names gets a transaction-scoped advisory lock, all in one statement in the order of
 * their lock numbers, so two batches that share keys take them in the same order and cannot deadlock on them. The
 * lock names (`iccid:…`, `msisdn:…`, `poa:…`, `imei:…`, `komis:…`) are those every other writer of these keys takes
 * (`revokePoa` below, used by the admin API). Rows that are read to be changed are also locked (FOR UPDATE, in key
 * order). Then nothing the batch reads can change under it until it commits.
 */
import type { Queryable } from '../db/adapter';
import { toIso } from '../db/adapter';
import { putRow, putRows } from './changes';
import { CentralState, type Needs, type StoredCertificate } from './central-state';

/** The union of many ops' needs. */
export function mergeNeeds(all: Needs[]): Required<{ [K in keyof Needs]: string[] }> {
  const sets = { iccids: new Set<string>(), msisdns: new Set<string>(), poaIds: new Set<string>(), imeis: new Set<string>(), komisCodes: new Set<string>(), certificateIds: new Set<string>(), certificateMsisdns: new Set<string>() };
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
  };
}

export async function loadCentralState(tx: Queryable, needs: ReturnType<typeof mergeNeeds>, now: string): Promise<CentralState> {
  const s = new CentralState(now);
  const n = needs;
  const lockNames = [...n.iccids.map((k) => `iccid:${k}`), ...n.msisdns.map((k) => `msisdn:${k}`), ...n.poaIds.map((k) => `poa:${k}`), ...n.imeis.map((k) => `imei:${k}`), ...n.komisCodes.map((k) => `komis:${k}`)];
  if (lockNames.length) {
    await tx.query(`SELECT pg_advisory_xact_lock(h) FROM (SELECT DISTINCT hashtext(k)::bigint AS h FROM unnest($1::text[]) AS k ORDER BY h) AS locks`, [lockNames]);
  }
  if (n.iccids.length || n.msisdns.length) {
    for (const iccid of n.iccids) {
      s.bindings.set(iccid, null);
      s.retired.set(iccid, null);
    }
    for (const m of n.msisdns) s.numbers.add(m);
    const bindings = await tx.query<{ iccid: string; subscriber: string; msisdn: string | null; office_id: string | null; bound_at: Date | string }>(
      `SELECT iccid, subscriber, msisdn, office_id, bound_at FROM iccid_bindings WHERE iccid = ANY($1::text[]) OR msisdn = ANY($2::text[]) ORDER BY iccid FOR UPDATE`,
      [n.iccids, n.msisdns],
    );
    for (const b of bindings) s.bindings.set(b.iccid, { iccid: b.iccid, subscriber: b.subscriber, msisdn: b.msisdn, officeId: b.office_id, boundAt: toIso(b.bound_at) });
  }
  if (n.iccids.length) {
    const retired = await tx.query<{ iccid: string; retired_at: Date | string }>('SELECT iccid, retired_at FROM retired_iccids WHERE iccid = ANY($1::text[])', [n.iccids]);
    for (const r of retired) s.retired.set(r.iccid, toIso(r.retired_at));
  }
  if (n.poaIds.length) {
    for (const id of n.poaIds) s.revocations.set(id, null);
    const rows = await tx.query<{ poa_id: string; us: string; reason: string | null }>(
      `SELECT poa_id, (extract(epoch FROM revoked_at) * 1000000)::bigint::text AS us, reason FROM poa_revocations WHERE poa_id = ANY($1::text[])`,
      [n.poaIds],
    );
    for (const r of rows) s.revocations.set(r.poa_id, { revokedAtUs: Number(r.us), reason: r.reason });
  }
  if (n.imeis.length) {
    for (const imei of n.imeis) s.imeis.set(imei, null);
    const rows = await tx.query<{ imei: string; notice_code: string }>('SELECT imei, notice_code FROM imei_registrations WHERE imei = ANY($1::text[])', [n.imeis]);
    for (const r of rows) s.imeis.set(r.imei, r.notice_code);
  }
  if (n.komisCodes.length) {
    for (const code of n.komisCodes) s.komisCodes.set(code, false);
    const rows = await tx.query<{ code: string }>('SELECT subscriber_code AS code FROM komis_registrations WHERE subscriber_code = ANY($1::text[])', [n.komisCodes]);
    for (const r of rows) s.komisCodes.set(r.code, true);
  }
  if (n.certificateIds.length || n.certificateMsisdns.length) {
    for (const id of n.certificateIds) s.certificates.set(id, null);
    for (const m of n.certificateMsisdns) s.certificateNumbers.add(m);
    const rows = await tx.query<{ certificate_id: string; office_id: string | null; subject: string; msisdn: string; iccid: string; status: StoredCertificate['status']; op_id: string; row: StoredCertificate['row'] }>(
      `SELECT certificate_id, office_id, subject, msisdn, iccid, status, op_id, row FROM certificates
       WHERE certificate_id = ANY($1::text[]) OR msisdn = ANY($2::text[]) ORDER BY certificate_id FOR UPDATE`,
      [n.certificateIds, n.certificateMsisdns],
    );
    for (const r of rows) s.certificates.set(r.certificate_id, { id: r.certificate_id, officeId: r.office_id, subject: r.subject, msisdn: r.msisdn, iccid: r.iccid, status: r.status, opId: r.op_id, row: r.row });
  }
  return s;
}

const byKey = <T>(m: Map<string, T>): [string, T][] => [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
const json = (rows: unknown[]) => JSON.stringify(rows);

/** Writes what the batch changed, after its op rows (conflicts reference them). Rows in key order (lock order). */
export async function flushCentralState(tx: Queryable, s: CentralState): Promise<void> {
  const o = s.out;
  const bindings = byKey(o.bindings);
  const unbound = bindings.filter(([, b]) => b === null).map(([iccid]) => iccid);
  const bound = bindings.flatMap(([, b]) => (b ? [{ iccid: b.iccid, subscriber: b.subscriber, msisdn: b.msisdn, office_id: b.officeId, desk_id: b.deskId, op_id: b.opId }] : []));
  if (unbound.length) await tx.query('DELETE FROM iccid_bindings WHERE iccid = ANY($1::text[])', [unbound]);
  if (bound.length) {
    await tx.query(
      `INSERT INTO iccid_bindings (iccid, subscriber, msisdn, office_id, desk_id, op_id)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(iccid text, subscriber text, msisdn text, office_id uuid, desk_id uuid, op_id uuid)
       ON CONFLICT (iccid) DO UPDATE SET subscriber = EXCLUDED.subscriber, msisdn = EXCLUDED.msisdn, office_id = EXCLUDED.office_id,
         desk_id = EXCLUDED.desk_id, op_id = EXCLUDED.op_id, bound_at = now()`,
      [json(bound)],
    );
  }
  if (o.retired.size) {
    const rows = byKey(o.retired).map(([iccid, r]) => ({ iccid, retired_at: r.retiredAt, op_id: r.opId }));
    await tx.query(
      `INSERT INTO retired_iccids (iccid, retired_at, op_id) SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(iccid text, retired_at timestamptz, op_id uuid)
       ON CONFLICT (iccid) DO NOTHING`,
      [json(rows)],
    );
  }
  if (o.revocations.size) {
    const rows = byKey(o.revocations).map(([poa_id, r]) => ({ poa_id, revoked_at: r.revokedAt, reason: r.reason }));
    await tx.query(
      `INSERT INTO poa_revocations (poa_id, revoked_at, reason) SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(poa_id text, revoked_at timestamptz, reason text)
       ON CONFLICT (poa_id) DO UPDATE SET revoked_at = LEAST(poa_revocations.revoked_at, EXCLUDED.revoked_at)`,
      [json(rows)],
    );
  }
  if (o.poas.size) {
    const rows = byKey(o.poas).map(([, p]) => ({ poa_id: p.poaId, office_id: p.officeId, principal_key: p.principalKey, trustee_key: p.trusteeKey, op_id: p.opId, row: p.row }));
    await tx.query(
      `INSERT INTO poas (poa_id, office_id, principal_key, trustee_key, op_id, row)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(poa_id text, office_id uuid, principal_key text, trustee_key text, op_id uuid, row jsonb)
       ON CONFLICT (poa_id) DO NOTHING`,
      [json(rows)],
    );
  }
  if (o.certificates.size) {
    const rows = [...o.certificates].sort().map((id) => {
      const c = s.certificate(id)!;
      return { certificate_id: c.id, office_id: c.officeId, subject: c.subject, msisdn: c.msisdn, iccid: c.iccid, status: c.status, op_id: c.opId, row: c.row };
    });
    await tx.query(
      `INSERT INTO certificates (certificate_id, office_id, subject, msisdn, iccid, status, op_id, row)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(certificate_id text, office_id uuid, subject text, msisdn text, iccid text, status text, op_id uuid, row jsonb)
       ON CONFLICT (certificate_id) DO UPDATE SET status = EXCLUDED.status, row = EXCLUDED.row`,
      [json(rows)],
    );
  }
  if (o.imeis.length) {
    await tx.query(
      `INSERT INTO imei_registrations (imei, op_id, subject, office_id, notice_code)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(imei text, op_id uuid, subject text, office_id uuid, notice_code text)`,
      [json(o.imeis.map((r) => ({ imei: r.key, op_id: r.opId, subject: r.subject, office_id: r.officeId, notice_code: r.noticeCode })))],
    );
  }
  if (o.komis.length) {
    await tx.query(
      `INSERT INTO komis_registrations (subscriber_code, op_id, subject, office_id)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(subscriber_code text, op_id uuid, subject text, office_id uuid)`,
      [json(o.komis.map((r) => ({ subscriber_code: r.key, op_id: r.opId, subject: r.subject, office_id: r.officeId })))],
    );
  }
  if (o.conflicts.length) {
    const rows = o.conflicts.map((c) => ({ id: c.id, office_id: c.officeId, desk_id: c.deskId, op_id: c.opId, seq: c.seq, kind: c.kind, subject: c.subject, reason: c.reason, details: c.details }));
    await tx.query(
      `INSERT INTO conflicts (id, office_id, desk_id, op_id, seq, kind, subject, reason, details)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, office_id uuid, desk_id uuid, op_id uuid, seq bigint, kind text, subject text, reason text, details jsonb)`,
      [json(rows)],
    );
  }
  if (o.rows.size) await putRows(tx, byKey(o.rows).map(([, w]) => w));
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
