// Sync server schema. Every central row a desk may pull is mirrored in `central_rows` (current state, per-key
// version) and appended to `changes` (the pull log, stamped with the writing transaction's id — see store/changes.ts).
export default {
  version: 1,
  name: 'init',
  up: `
CREATE TABLE offices (
  id uuid PRIMARY KEY,
  name text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE enrolment_codes (
  code_hash text PRIMARY KEY,
  office_id uuid NOT NULL REFERENCES offices(id),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  desk_id uuid,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE desks (
  id uuid PRIMARY KEY,
  office_id uuid NOT NULL REFERENCES offices(id),
  name text NOT NULL,
  desk_key text NOT NULL,
  highest_seq bigint NOT NULL DEFAULT 0,
  duplicate_acks bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz
);

-- Every op a desk pushed and the server accepted into its log (applied, conflict, or rejected-but-final).
-- UNIQUE(desk_id, seq) catches a desk restored from a backup re-using sequence numbers with new op ids.
CREATE TABLE ops (
  id uuid PRIMARY KEY,
  desk_id uuid NOT NULL REFERENCES desks(id),
  office_id uuid NOT NULL REFERENCES offices(id),
  seq bigint NOT NULL,
  kind text NOT NULL,
  subject text NOT NULL,
  created_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  payload jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('applied', 'conflict', 'rejected')),
  reason text,
  UNIQUE (desk_id, seq)
);
CREATE INDEX ops_office_kind ON ops (office_id, kind, status);

-- Which subscriber each SIM is bound to, across all offices (subscriber = the op's subject: fin:…, passport:…).
CREATE TABLE iccid_bindings (
  iccid text PRIMARY KEY,
  subscriber text NOT NULL,
  msisdn text,
  office_id uuid REFERENCES offices(id),
  desk_id uuid,
  op_id uuid,
  bound_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE retired_iccids (
  iccid text PRIMARY KEY,
  retired_at timestamptz NOT NULL,
  op_id uuid
);

CREATE TABLE poa_revocations (
  poa_id text PRIMARY KEY,
  revoked_at timestamptz NOT NULL,
  reason text
);

CREATE TABLE conflicts (
  id uuid PRIMARY KEY,
  office_id uuid NOT NULL REFERENCES offices(id),
  desk_id uuid NOT NULL REFERENCES desks(id),
  op_id uuid NOT NULL UNIQUE REFERENCES ops(id),
  seq bigint NOT NULL,
  kind text NOT NULL,
  subject text NOT NULL,
  reason text NOT NULL,
  details jsonb NOT NULL DEFAULT '{}'::jsonb,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'rejected')),
  note text,
  created_at timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz,
  resolved_by text
);
CREATE INDEX conflicts_office ON conflicts (office_id, status);

-- Current state of every pullable row; version increases by one per change of (table_name, key). The row lock taken
-- by the upsert serializes writers of one key, so versions follow commit order per key.
CREATE TABLE central_rows (
  table_name text NOT NULL,
  key text NOT NULL,
  office_id uuid REFERENCES offices(id),
  version bigint NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  row jsonb,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (table_name, key)
);

CREATE TABLE changes (
  change_id bigserial PRIMARY KEY,
  xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  table_name text NOT NULL,
  key text NOT NULL,
  office_id uuid,
  op text NOT NULL CHECK (op IN ('upsert', 'delete')),
  version bigint NOT NULL,
  row jsonb
);
CREATE INDEX changes_xid ON changes (xid, change_id);
`,
};
