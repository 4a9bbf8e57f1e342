import type { Migration } from './index';

export const migration020: Migration = {
  version: 20,
  name: 'flows: operations, powers of attorney, SIMs, certificates, service, IMEI, KÖMİS, reference data',
  up: `
    CREATE TABLE operations (
      id           TEXT PRIMARY KEY,
      visit_id     TEXT NOT NULL REFERENCES visits(id),
      kind         TEXT NOT NULL,
      subject      TEXT NOT NULL,
      payload_json TEXT NOT NULL,
      fee_minor    INTEGER NOT NULL DEFAULT 0,
      approval_json TEXT,
      poa_id       TEXT,
      clerk_id     TEXT NOT NULL REFERENCES clerks(id),
      created_at   TEXT NOT NULL,
      status       TEXT NOT NULL DEFAULT 'completed' CHECK (status IN ('completed', 'cancelled'))
    );
    CREATE INDEX operations_by_visit ON operations (visit_id, id);
    CREATE INDEX operations_by_subject ON operations (subject, id);

    CREATE TABLE powers_of_attorney (
      id                     TEXT PRIMARY KEY,
      visit_id               TEXT,
      principal_json         TEXT NOT NULL,
      principal_key          TEXT NOT NULL,
      trustee_key            TEXT NOT NULL,
      trustee_name           TEXT NOT NULL,
      notary_registry_number TEXT NOT NULL,
      notary_date            TEXT NOT NULL,
      valid_from             TEXT NOT NULL,
      valid_to               TEXT NOT NULL,
      scope_json             TEXT NOT NULL,
      letter_confirmed       INTEGER,
      letter_sha256          TEXT,
      letter_mime            TEXT,
      letter_size            INTEGER,
      letter_scan            BLOB,
      created_at             TEXT NOT NULL,
      revoked_at             TEXT,
      revoked_reason         TEXT,
      revoked_source         TEXT CHECK (revoked_source IN ('desk', 'central'))
    );
    CREATE INDEX poa_by_principal ON powers_of_attorney (principal_key);
    CREATE INDEX poa_by_trustee ON powers_of_attorney (trustee_key);

    -- What this desk knows of SIM bindings: one active ICCID per MSISDN; retired ICCIDs are never reused.
    CREATE TABLE sim_cards (
      iccid      TEXT PRIMARY KEY,
      msisdn     TEXT NOT NULL,
      subject    TEXT NOT NULL,
      status     TEXT NOT NULL CHECK (status IN ('active', 'retired')),
      operator   TEXT,
      bound_at   TEXT NOT NULL,
      retired_at TEXT
    );
    CREATE UNIQUE INDEX sim_one_active_per_msisdn ON sim_cards (msisdn) WHERE status = 'active';

    CREATE TABLE certificates (
      id           TEXT PRIMARY KEY,
      subject      TEXT NOT NULL,
      holder_name  TEXT NOT NULL,
      type         TEXT NOT NULL CHECK (type IN ('ferdi', 'biznes', 'dovlet')),
      msisdn       TEXT NOT NULL,
      iccid        TEXT NOT NULL,
      valid_from   TEXT NOT NULL,
      valid_to     TEXT NOT NULL,
      status       TEXT NOT NULL CHECK (status IN ('active', 'needs-reissue', 'replaced', 'renewed', 'revoked')),
      issued_at    TEXT NOT NULL,
      operation_id TEXT NOT NULL,
      replaces_id  TEXT
    );
    CREATE INDEX certificates_by_subject ON certificates (subject);
    CREATE INDEX certificates_by_msisdn ON certificates (msisdn);

    CREATE TABLE service_subscriptions (
      msisdn       TEXT PRIMARY KEY,
      cert_type    TEXT NOT NULL CHECK (cert_type IN ('ferdi', 'biznes', 'dovlet')),
      subject      TEXT NOT NULL,
      activated_at TEXT NOT NULL,
      paid_until   TEXT NOT NULL
    );

    CREATE TABLE imei_registrations (
      imei         TEXT PRIMARY KEY,
      imei2        TEXT UNIQUE,
      operation_id TEXT NOT NULL,
      notice_code  TEXT NOT NULL UNIQUE,
      fin          TEXT NOT NULL,
      msisdn       TEXT NOT NULL,
      created_at   TEXT NOT NULL
    );

    -- KÖMİS: only the scrypt hash of the one-time password is kept; the clear text lives in the printed sheet.
    CREATE TABLE komis_registrations (
      subscriber_code TEXT PRIMARY KEY,
      operation_id    TEXT NOT NULL,
      subject         TEXT NOT NULL,
      accounts_json   TEXT NOT NULL,
      password_hash   TEXT NOT NULL,
      created_at      TEXT NOT NULL
    );

    CREATE TABLE reference_tables (
      name       TEXT PRIMARY KEY,
      version    INTEGER NOT NULL,
      updated_at TEXT NOT NULL,
      source     TEXT NOT NULL CHECK (source IN ('default', 'sync', 'local'))
    );
    CREATE TABLE reference_rows (
      table_name TEXT NOT NULL REFERENCES reference_tables(name),
      row_key    TEXT NOT NULL,
      valid_from TEXT NOT NULL,
      valid_to   TEXT,
      data_json  TEXT NOT NULL,
      PRIMARY KEY (table_name, row_key)
    );
  `,
};
