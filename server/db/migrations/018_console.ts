// The central office console (issue 13, docs/console.md): its accounts (scrypt hashes, lockout counters), the offices a
// manager may act for, its sessions (the cookie token's SHA-256 only: a copy of this table signs nobody in), and the
// server's own audit log — a hash chain, so an edited or removed entry shows. Desks gain what the console shows of
// them (revocation, the pending count and app version they report, the pull cursor they last presented), and
// enrolment codes who made them.
export default {
  version: 18,
  name: 'console',
  up: `
CREATE TABLE console_accounts (
  id uuid PRIMARY KEY,
  username text NOT NULL,
  display_name text NOT NULL,
  role text NOT NULL CHECK (role IN ('central', 'manager')),
  language text NOT NULL DEFAULT 'az' CHECK (language IN ('az', 'en', 'ru')),
  password_hash text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  failed_signins int NOT NULL DEFAULT 0,
  locked_until timestamptz,
  last_signin_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX console_accounts_username ON console_accounts (lower(username));

CREATE TABLE console_account_offices (
  account_id uuid NOT NULL REFERENCES console_accounts(id) ON DELETE CASCADE,
  office_id uuid NOT NULL REFERENCES offices(id),
  PRIMARY KEY (account_id, office_id)
);

CREATE TABLE console_sessions (
  token_hash text PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES console_accounts(id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL,
  last_used_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX console_sessions_account ON console_sessions (account_id);

CREATE TABLE server_audit (
  seq bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  actor text NOT NULL,
  action text NOT NULL,
  office_id uuid,
  target text,
  details jsonb NOT NULL DEFAULT '{}'::jsonb,
  prev_hash text NOT NULL,
  hash text NOT NULL
);

ALTER TABLE desks ADD COLUMN revoked_at timestamptz;
ALTER TABLE desks ADD COLUMN revoked_by text;
ALTER TABLE desks ADD COLUMN revoke_reason text;
ALTER TABLE desks ADD COLUMN pending int;
ALTER TABLE desks ADD COLUMN app_version text;
ALTER TABLE desks ADD COLUMN pulled_xid xid8;
ALTER TABLE desks ADD COLUMN pulled_change_id bigint;

ALTER TABLE enrolment_codes ADD COLUMN created_by text;
`,
};
