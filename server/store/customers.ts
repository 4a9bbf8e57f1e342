/**
 * Customers across offices (issue 9, docs/customers.md): `GET /v1/customers?by=fin|document|iccid|msisdn|imei|key&value=…`
 * resolves one person and summarises what the organisation knows of them, each record with the office it came from.
 * One statement resolves the person, four read the summary (ops by subject, certificates, POAs with their
 * revocations, SIMs bound and retired), each on an index of migration 006.
 *
 * A look-up also subscribes the desk's office to the person (`office_customers`), as every op an office pushes for a
 * person does (trigger in migration 006): from then on the person's central rows, changed by any office, are copied
 * into the pull log for the office. What was written before the subscription is copied once, here
 * (`completeSubscriptions`), before the look-up answers and before any pull of the office.
 */
import type { Database, Queryable } from '../db/adapter';
import { toIso, toIsoOrNull } from '../db/adapter';
import { AppHttpError } from '../http-error';
import { activityOf, customerOf } from '../../common/domain/customer-summary';
import {
  CUSTOMER_RECORDS_TABLE,
  documentVariants,
  normaliseLookup,
  type Customer,
  type CustomerCertificate,
  type CustomerLookupResponse,
  type CustomerPoa,
  type CustomerQuery,
  type CustomerRecord,
  type CustomerSim,
  type CustomerSummary,
} from '../../common/sync/customers';
import type { CentralCertificate } from './projections';
import { customerRecordOf, RECORD_COLUMNS, RECORD_JOINS, type RecordColumns } from './customer-records';

type Office = { office_id: string | null; office_name: string | null };
const officeOf = (r: Office) => ({ officeId: r.office_id, officeName: r.office_name });

const RESOLVE: Record<CustomerQuery['by'], string> = {
  // A FIN is the person key itself, if the organisation knows it; a foreigner's personal code is found on their visits.
  fin: `SELECT key FROM (
          (SELECT subject AS key, 1 AS rank FROM ops WHERE subject = 'fin:' || $1 LIMIT 1)
          UNION ALL (SELECT 'fin:' || $1, 2 FROM poas WHERE principal_key = 'fin:' || $1 OR trustee_key = 'fin:' || $1 LIMIT 1)
          UNION ALL (SELECT subject, 3 FROM certificates WHERE subject = 'fin:' || $1 LIMIT 1)
          UNION ALL (SELECT subject, 4 FROM ops WHERE kind = 'visit.create' AND payload->'identity'->>'personalCode' = $1 ORDER BY created_at DESC LIMIT 1)
        ) k ORDER BY rank LIMIT 1`,
  key: `SELECT key FROM (
          (SELECT subject AS key FROM ops WHERE subject = $1 LIMIT 1)
          UNION ALL (SELECT $1 FROM poas WHERE principal_key = $1 OR trustee_key = $1 LIMIT 1)
          UNION ALL (SELECT subject FROM certificates WHERE subject = $1 LIMIT 1)
        ) k LIMIT 1`,
  // One branch per document field, each on its own index (an OR of the three lets the planner scan a whole index).
  document: `SELECT key FROM (
               (SELECT subject AS key, created_at FROM ops WHERE kind = 'visit.create' AND payload->'identity'->>'documentNumber' = ANY($1::text[]))
               UNION ALL (SELECT subject, created_at FROM ops WHERE kind = 'visit.create' AND payload->'identity'->>'passportNumber' = ANY($1::text[]))
               UNION ALL (SELECT subject, created_at FROM ops WHERE kind = 'visit.create' AND payload->'identity'->>'residencePermitNumber' = ANY($1::text[]))
             ) k ORDER BY created_at DESC LIMIT 1`,
  // The SIM's subscriber now; a retired SIM's last subscriber (the duplicate that retired it); a certificate's holder.
  iccid: `SELECT key FROM (
            (SELECT subscriber AS key, 1 AS rank FROM iccid_bindings WHERE iccid = $1)
            UNION ALL (SELECT o.subject, 2 FROM retired_iccids r JOIN ops o ON o.id = r.op_id WHERE r.iccid = $1)
            UNION ALL (SELECT subject, 3 FROM certificates WHERE iccid = $1 LIMIT 1)
          ) k ORDER BY rank LIMIT 1`,
  msisdn: `SELECT key FROM (
             (SELECT subscriber AS key, 1 AS rank FROM iccid_bindings WHERE msisdn = $1 ORDER BY bound_at DESC LIMIT 1)
             UNION ALL (SELECT subject, 2 FROM certificates WHERE msisdn = $1 LIMIT 1)
           ) k ORDER BY rank LIMIT 1`,
  imei: `SELECT subject AS key FROM imei_registrations WHERE imei = $1`,
};

/** The person key an identifier belongs to, or null. Companies (voen:…) are not customers here. */
export async function resolveCustomerKey(db: Queryable, query: CustomerQuery): Promise<string | null> {
  const value = normaliseLookup(query.by, query.value);
  if (value === null) throw AppHttpError.badRequest(`invalid customer query: "${query.value}" is not a ${query.by}`);
  const param = query.by === 'document' ? documentVariants(value) : value;
  const [r] = await db.query<{ key: string }>(RESOLVE[query.by], [param]);
  return r && /^(fin|passport):/.test(r.key) ? r.key : null;
}

export async function lookupCustomer(db: Database, officeId: string, query: CustomerQuery, now: () => number): Promise<CustomerLookupResponse> {
  const key = await resolveCustomerKey(db, query);
  if (!key) return { summary: null, asOf: new Date(now()).toISOString() };
  await subscribeOffice(db, officeId, [key], new Date(now()));
  // The answer is true as of when it was read: the clock before the reads.
  const asOf = new Date(now()).toISOString();
  return { summary: await customerSummary(db, key), asOf };
}

export async function customerSummary(db: Queryable, key: string): Promise<CustomerSummary> {
  const ops = await db.query<RecordColumns>(
    `SELECT ${RECORD_COLUMNS} FROM ops o ${RECORD_JOINS}
     WHERE o.subject = $1 AND o.status IN ('applied', 'conflict') ORDER BY o.created_at LIMIT 5000`,
    [key],
  );
  const certs = await db.query<Office & { row: CentralCertificate }>(
    `SELECT c.row, c.office_id, f.name AS office_name FROM certificates c LEFT JOIN offices f ON f.id = c.office_id WHERE c.subject = $1`,
    [key],
  );
  const poas = await db.query<Office & { row: Omit<CustomerPoa, 'revokedAt' | 'revokedReason' | 'officeId' | 'officeName'>; revoked_at: Date | string | null; reason: string | null }>(
    `SELECT p.row, p.office_id, f.name AS office_name, r.revoked_at, r.reason
     FROM poas p LEFT JOIN offices f ON f.id = p.office_id LEFT JOIN poa_revocations r ON r.poa_id = p.poa_id
     WHERE p.principal_key = $1 OR p.trustee_key = $1`,
    [key],
  );
  const sims = await db.query<Office & { iccid: string; msisdn: string | null; state: 'bound' | 'retired'; since: Date | string }>(
    `SELECT b.iccid, b.msisdn, 'bound' AS state, b.bound_at AS since, b.office_id, f.name AS office_name
     FROM iccid_bindings b LEFT JOIN offices f ON f.id = b.office_id WHERE b.subscriber = $1
     UNION ALL
     SELECT r.iccid, o.payload->>'msisdn', 'retired', r.retired_at, o.office_id, f.name
     FROM ops o JOIN retired_iccids r ON r.op_id = o.id JOIN offices f ON f.id = o.office_id WHERE o.subject = $1 AND o.kind = 'sim.duplicate'`,
    [key],
  );

  const records: CustomerRecord[] = ops.map(customerRecordOf);
  const certificates: CustomerCertificate[] = certs.map((c) => ({ ...c.row, operationId: c.row.operationId, replacesId: c.row.replacesId ?? null, ...officeOf(c) }));
  const toPoa = (p: (typeof poas)[number]): CustomerPoa => ({ ...p.row, letterSha256: p.row.letterSha256 ?? null, revokedAt: toIsoOrNull(p.revoked_at), revokedReason: p.reason, ...officeOf(p) });
  const activity = activityOf(records);
  return {
    customer: customerOf(key, records) ?? nameless(key, certificates, poas.map(toPoa)),
    certificates,
    sims: sims.map((s): CustomerSim => ({ iccid: s.iccid, msisdn: s.msisdn, state: s.state, since: toIso(s.since), ...officeOf(s) })),
    poas: { given: poas.filter((p) => p.row.principalKey === key).map(toPoa), received: poas.filter((p) => p.row.trusteeKey === key).map(toPoa) },
    ...activity,
  };
}

/** A person the organisation knows only from records about them (a POA's principal, a certificate's holder). */
function nameless(key: string, certificates: CustomerCertificate[], poas: CustomerPoa[]): Customer {
  const name = poas.find((p) => p.principalKey === key)?.principal.name ?? poas.find((p) => p.trusteeKey === key)?.trusteeName ?? certificates[0]?.holderName ?? '';
  const foreigner = key.startsWith('passport:');
  return {
    key,
    kind: foreigner ? 'foreigner' : 'citizen',
    fin: foreigner ? null : key.slice(4),
    personalCode: null,
    nationality: foreigner ? key.split(':')[1] : null,
    surname: name,
    givenName: '',
    patronymic: '',
    birthDate: null,
    documents: [],
  };
}

/** The office keeps these customers (a look-up, or an op it pushed: migration 006's trigger), copied at once. */
export async function subscribeOffice(db: Database, officeId: string, keys: readonly string[], at: Date): Promise<void> {
  await db.query(
    `INSERT INTO office_customers (office_id, subject, first_seen_at, last_seen_at) SELECT $1, k, $3, $3 FROM unnest($2::text[]) k
     ON CONFLICT (office_id, subject) DO UPDATE SET last_seen_at = GREATEST(office_customers.last_seen_at, EXCLUDED.last_seen_at)`,
    [officeId, keys, at.toISOString()],
  );
  await completeSubscriptions(db, officeId);
}

/**
 * Copies into the pull log, for the office, the current central rows of customers it newly keeps (subscriptions not
 * yet copied). Runs outside any transaction, before a look-up answers and before every pull of the office.
 *
 * Why wait first: a transaction that wrote a customer's row while the subscription was not yet committed did not copy
 * it for the office (its trigger did not see the subscription), and it may commit only after the copy here has read
 * the rows — the office would miss that change. Like CREATE INDEX CONCURRENTLY, this waits for every transaction in
 * progress now (each one that could have missed the subscription, which is committed by now) to finish; any later
 * writer sees the subscription and copies its own change.
 */
export async function completeSubscriptions(db: Database, officeId: string): Promise<number> {
  const pending = await db.query<{ subject: string }>('SELECT subject FROM office_customers WHERE office_id = $1 AND copied_at IS NULL LIMIT 1000', [officeId]);
  if (pending.length === 0) return 0;
  await waitForTransactionsInProgress(db);
  const subjects = pending.map((p) => p.subject);
  // copy_of 0: a copy made for a subscription (the fan-out trigger does not copy copies again). POAs and certificates
  // are copied from their rows; activity records are logged by name, built from the op when pulled (migration 008).
  const rows = await db.query<{ n: string }>(
    `WITH claimed AS (
       UPDATE office_customers SET copied_at = now() WHERE office_id = $1 AND subject = ANY($2::text[]) AND copied_at IS NULL RETURNING subject, last_seen_at),
     copied AS (
       INSERT INTO changes (table_name, key, office_id, op, version, row, copy_of)
       SELECT c.table_name, c.key, $1, 'upsert', c.version, c.row || jsonb_build_object('seenByOfficeAt', ${SEEN_AT('max(k.last_seen_at)')}), 0
       FROM central_rows c CROSS JOIN LATERAL unnest(customer_subjects(c.table_name, c.row)) AS s(subject) JOIN claimed k ON k.subject = s.subject
       WHERE c.table_name IN ('poas', 'certificates') AND customer_subjects(c.table_name, c.row) && $2::text[]
         AND NOT c.deleted AND c.office_id IS NOT NULL AND c.office_id <> $1
       GROUP BY c.table_name, c.key, c.version, c.row
       RETURNING 1),
     records AS (
       INSERT INTO changes (table_name, key, office_id, op, version, row, copy_of)
       SELECT '${CUSTOMER_RECORDS_TABLE}', o.id::text, $1, 'upsert', (extract(epoch from clock_timestamp()) * 1000)::bigint,
              jsonb_build_object('seenByOfficeAt', ${SEEN_AT('k.last_seen_at')}), 0
       -- OFFSET 0: the ops are found by subject alone (pushed into the scan, the record test's LIKEs made the planner
       -- AND the subject index with a range of every person's ops).
       FROM claimed k CROSS JOIN LATERAL (SELECT id, kind, subject, status, office_id FROM ops WHERE subject = k.subject OFFSET 0) o
       WHERE is_customer_record(o.kind, o.subject, o.status) AND o.office_id <> $1
       RETURNING 1)
     SELECT ((SELECT count(*) FROM copied) + (SELECT count(*) FROM records))::text AS n`,
    [officeId, subjects],
  );
  return Number(rows[0].n);
}

const SEEN_AT = (t: string) => `to_char(${t} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const WAIT_LIMIT_MS = 10_000;

async function waitForTransactionsInProgress(db: Database): Promise<void> {
  // PGlite has one connection: no other transaction can be in progress beside this statement.
  if (db.kind === 'pglite') return;
  const [{ xip }] = await db.query<{ xip: string[] }>('SELECT array(SELECT x::text FROM pg_snapshot_xip(pg_current_snapshot()) x) AS xip');
  if (xip.length === 0) return;
  const deadline = Date.now() + WAIT_LIMIT_MS;
  for (;;) {
    const [r] = await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM unnest($1::xid8[]) x WHERE pg_xact_status(x) = 'in progress'`, [xip]);
    // Server transactions are one pushed batch each (tens of milliseconds); past the limit something is stuck, and
    // copying now is still better than never.
    if (Number(r.n) === 0 || Date.now() > deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

