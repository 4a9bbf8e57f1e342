// Activity records read from the op rows (issue 9, item 11). Until now each op about a person was copied twice more
// with its whole payload — a `customer_records` row in central_rows (with its GIN entry) and a change in the pull log —
// which cost about a fifth of a pushed batch's time on PostgreSQL. The op row already is the record: the pull log now
// only names it (key = op id, row NULL; a copy for another office carries just `seenByOfficeAt`), and the pull and the
// look-up build the record from the op when they serve it (server/store/customer-records.ts). The record's status is
// the op's, except that a conflict a supervisor accepted is `applied`: a resolution logs the record again, so desks
// hear of it.
//
// Versions of a record are the clock in milliseconds when it was logged: a record changes only on its push and on a
// resolution, seconds apart at least.
export default {
  version: 8,
  name: 'customer_records_from_ops',
  up: `
DELETE FROM central_rows WHERE table_name = 'customer_records';
UPDATE changes SET row = CASE WHEN copy_of IS NULL THEN NULL ELSE jsonb_strip_nulls(jsonb_build_object('seenByOfficeAt', row->'seenByOfficeAt')) END
WHERE table_name = 'customer_records';

-- An op that is an activity record of a person (POAs and certificates have their own projections; a reference-data
-- update or an unsendable marker is nobody's activity).
CREATE FUNCTION is_customer_record(kind text, subject text, status text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT status IN ('applied', 'conflict') AND (subject LIKE 'fin:%' OR subject LIKE 'passport:%')
    AND kind NOT LIKE 'poa.%' AND kind NOT LIKE 'cert.%' AND kind NOT IN ('reference.update', 'desk.unsendable')
$$;

-- Logs the records of these ops (ids, offices and subjects side by side, as the caller has them) for their office,
-- and a copy for every other office that keeps their person.
CREATE FUNCTION log_customer_records(ids uuid[], offices uuid[], subjects text[]) RETURNS void LANGUAGE sql AS $$
  WITH recs AS (SELECT * FROM unnest(ids, offices, subjects) AS r(id, office_id, subject) ORDER BY id),
  logged AS (
    INSERT INTO changes (table_name, key, office_id, op, version, row)
    SELECT 'customer_records', id::text, office_id, 'upsert', (extract(epoch from clock_timestamp()) * 1000)::bigint, NULL FROM recs
    RETURNING change_id, key, office_id, version)
  INSERT INTO changes (table_name, key, office_id, op, version, row, copy_of)
  SELECT 'customer_records', l.key, oc.office_id, 'upsert', l.version,
         jsonb_build_object('seenByOfficeAt', to_char(oc.last_seen_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')), l.change_id
  FROM logged l JOIN recs r ON r.id::text = l.key JOIN office_customers oc ON oc.subject = r.subject AND oc.office_id <> l.office_id
$$;

CREATE OR REPLACE FUNCTION note_customer_ops() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- The office sees the people (a new subscription, or one an hour stale refreshed).
  WITH seen AS (
    SELECT o.office_id, k.subject, min(o.created_at) AS first_at, max(o.created_at) AS last_at
    FROM new_ops o CROSS JOIN LATERAL unnest(op_customers(o.kind, o.subject, o.payload)) AS k(subject)
    WHERE o.status IN ('applied', 'conflict')
    GROUP BY o.office_id, k.subject),
  fresh AS (
    INSERT INTO office_customers (office_id, subject, first_seen_at, last_seen_at) SELECT office_id, subject, first_at, last_at FROM seen
    ON CONFLICT DO NOTHING)
  UPDATE office_customers oc SET last_seen_at = s.last_at FROM seen s
  WHERE oc.office_id = s.office_id AND oc.subject = s.subject AND oc.last_seen_at < s.last_at - interval '1 hour';

  PERFORM log_customer_records(array_agg(id), array_agg(office_id), array_agg(subject)) FROM new_ops WHERE is_customer_record(kind, subject, status);
  RETURN NULL;
END
$$;

-- Only POAs and certificates are copied from their rows now; records are copied by log_customer_records.
CREATE OR REPLACE FUNCTION fan_out_customer_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A statement trigger fires for an INSERT of no rows too: without this, the copies' INSERT would recurse for ever.
  IF NOT EXISTS (SELECT 1 FROM new_changes WHERE copy_of IS NULL AND office_id IS NOT NULL AND row IS NOT NULL AND table_name IN ('poas', 'certificates')) THEN
    RETURN NULL;
  END IF;
  INSERT INTO changes (table_name, key, office_id, op, version, row, copy_of)
  SELECT c.table_name, c.key, oc.office_id, c.op, c.version,
         c.row || jsonb_build_object('seenByOfficeAt', to_char(max(oc.last_seen_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
         c.change_id
  FROM new_changes c
    CROSS JOIN LATERAL unnest(customer_subjects(c.table_name, c.row)) AS s(subject)
    JOIN office_customers oc ON oc.subject = s.subject AND oc.office_id <> c.office_id
  WHERE c.copy_of IS NULL AND c.office_id IS NOT NULL AND c.row IS NOT NULL AND c.table_name IN ('poas', 'certificates')
  GROUP BY c.change_id, c.table_name, c.key, c.op, c.version, c.row, oc.office_id;
  RETURN NULL;
END
$$;
`,
};
