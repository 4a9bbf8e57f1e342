import type { Migration } from './index';

export const migration001: Migration = {
  version: 1,
  name: 'core: settings, clerks, approvals, visits',
  up: `
    CREATE TABLE settings (
      key   TEXT PRIMARY KEY,
      value TEXT NOT NULL
    );

    CREATE TABLE clerks (
      id            TEXT PRIMARY KEY,
      username      TEXT NOT NULL UNIQUE COLLATE NOCASE,
      display_name  TEXT NOT NULL,
      role          TEXT NOT NULL CHECK (role IN ('clerk', 'supervisor')),
      password_hash TEXT NOT NULL,
      language      TEXT NOT NULL CHECK (language IN ('az', 'en', 'ru')),
      active        INTEGER NOT NULL DEFAULT 1,
      created_at    TEXT NOT NULL
    );

    -- A supervisor's confirmation of an override at a clerk's desk; operations reference it.
    CREATE TABLE approvals (
      id            TEXT PRIMARY KEY,
      supervisor_id TEXT NOT NULL REFERENCES clerks(id),
      clerk_id      TEXT NOT NULL REFERENCES clerks(id),
      action        TEXT NOT NULL,
      reason        TEXT NOT NULL,
      created_at    TEXT NOT NULL,
      used_at       TEXT
    );

    CREATE TABLE visits (
      id                  TEXT PRIMARY KEY,
      number              INTEGER NOT NULL UNIQUE,
      created_at          TEXT NOT NULL,
      local_date          TEXT NOT NULL,
      clerk_id            TEXT NOT NULL REFERENCES clerks(id),
      identity_json       TEXT NOT NULL,
      identity_method     TEXT NOT NULL CHECK (identity_method IN ('chip', 'mrz', 'manual')),
      identity_check_json TEXT NOT NULL,
      approval_id         TEXT REFERENCES approvals(id),
      subject_key         TEXT NOT NULL,
      search_text         TEXT NOT NULL,
      status              TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'completed', 'cancelled')),
      operation_count     INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX visits_by_date ON visits (local_date, number);
    CREATE INDEX visits_by_subject ON visits (subject_key);
  `,
};
