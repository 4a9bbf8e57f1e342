// The desks' audit chains as the server has seen them (issue 10, deliver 5): one row per entry with only its place
// in the chain (seq, hashes, time, kind — no actor, no details), the first version received of each seq kept as
// evidence; the head each desk last sent (where its chain continues from); and the alerts raised when a chain does
// not hold (a gap, a wrong link, an entry that changed since it was sent), one per desk, seq and reason.
export default {
  version: 12,
  name: 'audit_chain',
  up: `
CREATE TABLE audit_links (
  desk_id uuid NOT NULL REFERENCES desks(id),
  seq bigint NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  at timestamptz,
  kind text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (desk_id, seq)
);
CREATE TABLE audit_heads (
  desk_id uuid PRIMARY KEY REFERENCES desks(id),
  seq bigint NOT NULL,
  hash text NOT NULL,
  rewritten boolean NOT NULL DEFAULT false
);
CREATE TABLE audit_alerts (
  id uuid PRIMARY KEY,
  desk_id uuid NOT NULL REFERENCES desks(id),
  office_id uuid NOT NULL REFERENCES offices(id),
  seq bigint NOT NULL,
  reason text NOT NULL CHECK (reason IN ('gap', 'link', 'rewritten')),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (desk_id, seq, reason)
);
`,
};
