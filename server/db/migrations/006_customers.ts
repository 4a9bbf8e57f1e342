// Customers across offices (issue 9, docs/customers.md).
//
// Look-ups: a customer is resolved by FIN, identity document, ICCID, number or IMEI and summarised in a handful of
// statements, each on an index (no sequential scan on a look-up; test/integration/customers-server.test.ts checks the
// plans): the ops of a person by subject, the identity documents of visit.create payloads, SIM bindings by subscriber,
// certificates by ICCID, retired SIMs by the duplicate that retired them.
//
// Replicas: each op about a person becomes a pullable row `customer_records` for its office, and subscribes its office
// to the person (`office_customers`; a look-up subscribes too). Any later change of a subscribed person's central rows
// (POAs, certificates, customer_records), made by any office, is copied into the pull log for every subscribed office
// in the writing transaction (same xid, so the pull cursor's reasoning in store/changes.ts holds unchanged). Triggers do
// this so that every path that stores ops or central rows — the batch apply, the admin CLI — does it alike. A new
// subscription is completed by copying the person's current rows (store/customers.ts completeSubscriptions).
export default {
  version: 6,
  name: 'customers',
  up: `
CREATE INDEX ops_subject ON ops (subject, created_at);
CREATE INDEX ops_identity_document ON ops ((payload->'identity'->>'documentNumber')) WHERE kind = 'visit.create';
CREATE INDEX ops_identity_passport ON ops ((payload->'identity'->>'passportNumber')) WHERE kind = 'visit.create';
CREATE INDEX ops_identity_permit ON ops ((payload->'identity'->>'residencePermitNumber')) WHERE kind = 'visit.create';
CREATE INDEX ops_identity_personal_code ON ops ((payload->'identity'->>'personalCode')) WHERE kind = 'visit.create';
CREATE INDEX iccid_bindings_subscriber ON iccid_bindings (subscriber);
CREATE INDEX certificates_iccid ON certificates (iccid);
CREATE INDEX retired_iccids_op ON retired_iccids (op_id);

-- Which offices keep which customers in their desks' replicas. copied_at: the customer's rows made before the
-- subscription have been copied into the pull log for the office (null: still to do).
CREATE TABLE office_customers (
  office_id     uuid NOT NULL REFERENCES offices(id),
  subject       text NOT NULL,
  first_seen_at timestamptz NOT NULL,
  last_seen_at  timestamptz NOT NULL,
  copied_at     timestamptz,
  PRIMARY KEY (office_id, subject)
);
CREATE INDEX office_customers_subject ON office_customers (subject);
CREATE INDEX office_customers_to_copy ON office_customers (office_id) WHERE copied_at IS NULL;

-- The people a central row is about.
CREATE FUNCTION customer_subjects(t text, r jsonb) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE t
    WHEN 'poas' THEN array_remove(ARRAY[r->>'principalKey', r->>'trusteeKey'], NULL)
    WHEN 'certificates' THEN array_remove(ARRAY[r->>'subject'], NULL)
    WHEN 'customer_records' THEN array_remove(ARRAY[r->>'subject'], NULL)
  END
$$;
CREATE INDEX central_rows_customers ON central_rows USING gin (customer_subjects(table_name, row))
  WHERE table_name IN ('poas', 'certificates', 'customer_records');

-- A copy in the pull log names the change it copies; copies are not copied again.
ALTER TABLE changes ADD COLUMN copy_of bigint;

CREATE FUNCTION fan_out_customer_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO changes (table_name, key, office_id, op, version, row, copy_of)
  SELECT NEW.table_name, NEW.key, oc.office_id, NEW.op, NEW.version,
         NEW.row || jsonb_build_object('seenByOfficeAt', to_char(max(oc.last_seen_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
         NEW.change_id
  FROM office_customers oc
  WHERE oc.subject = ANY (customer_subjects(NEW.table_name, NEW.row)) AND oc.office_id <> NEW.office_id
  GROUP BY oc.office_id;
  RETURN NULL;
END
$$;
CREATE TRIGGER changes_fan_out AFTER INSERT ON changes FOR EACH ROW
  WHEN (NEW.copy_of IS NULL AND NEW.office_id IS NOT NULL AND NEW.row IS NOT NULL AND NEW.table_name IN ('poas', 'certificates', 'customer_records'))
  EXECUTE FUNCTION fan_out_customer_change();

-- An op stored as applied or conflict: its office sees the person (or, for a POA, its principal and trustee), and an
-- op about a person becomes an activity record (POAs and certificates have their own projections). A device's
-- security code is synced for the registry only: it never goes down to desks. The subscription row is written only
-- when new or an hour stale, so pushes of one customer from two desks do not queue on it.
CREATE FUNCTION note_customer_op() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  person boolean := NEW.subject LIKE 'fin:%' OR NEW.subject LIKE 'passport:%';
  keys text[];
  k text;
  rec jsonb;
  v bigint;
BEGIN
  keys := CASE
    WHEN person THEN ARRAY[NEW.subject]
    WHEN NEW.kind = 'poa.create' THEN array_remove(ARRAY[
      CASE WHEN NEW.payload->'principal'->>'kind' = 'person' THEN 'fin:' || upper(btrim(NEW.payload->'principal'->>'fin')) END,
      NEW.payload->>'trusteeKey'], NULL)
    ELSE ARRAY[]::text[]
  END;
  FOREACH k IN ARRAY keys LOOP
    INSERT INTO office_customers (office_id, subject, first_seen_at, last_seen_at) VALUES (NEW.office_id, k, NEW.created_at, NEW.created_at)
      ON CONFLICT DO NOTHING;
    UPDATE office_customers SET last_seen_at = NEW.created_at
      WHERE office_id = NEW.office_id AND subject = k AND last_seen_at < NEW.created_at - interval '1 hour';
  END LOOP;
  IF person AND NEW.kind NOT LIKE 'poa.%' AND NEW.kind NOT LIKE 'cert.%' AND NEW.kind NOT IN ('reference.update', 'desk.unsendable') THEN
    rec := jsonb_build_object('id', NEW.id, 'kind', NEW.kind, 'subject', NEW.subject,
      'createdAt', to_char(NEW.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      'status', NEW.status, 'payload', NEW.payload - 'securityCode', 'officeId', NEW.office_id,
      'officeName', (SELECT name FROM offices WHERE id = NEW.office_id));
    INSERT INTO central_rows (table_name, key, office_id, version, deleted, row)
      VALUES ('customer_records', NEW.id::text, NEW.office_id, (extract(epoch from clock_timestamp()) * 1000)::bigint, false, rec)
      ON CONFLICT (table_name, key) DO UPDATE SET version = GREATEST(central_rows.version + 1, (extract(epoch from clock_timestamp()) * 1000)::bigint),
        row = EXCLUDED.row, office_id = EXCLUDED.office_id, deleted = false, updated_at = now()
      RETURNING version INTO v;
    INSERT INTO changes (table_name, key, office_id, op, version, row) VALUES ('customer_records', NEW.id::text, NEW.office_id, 'upsert', v, rec);
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER ops_customers AFTER INSERT ON ops FOR EACH ROW WHEN (NEW.status IN ('applied', 'conflict')) EXECUTE FUNCTION note_customer_op();
`,
};
