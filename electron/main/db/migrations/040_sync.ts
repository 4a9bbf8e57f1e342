import type { Migration } from './index';

// The desk side of sync: the outbox (every completed operation, in a gapless per-desk sequence), the desk's
// enrolment and cursors, and the central rows pulled from the server.
export const migration040: Migration = {
  version: 40,
  name: 'sync: outbox, sync state, pulled central rows',
  up: `
    CREATE TABLE outbox (
      seq          INTEGER PRIMARY KEY,             -- gapless per desk: assigned max+1 inside the operation's transaction
      id           TEXT NOT NULL UNIQUE,            -- UUIDv7 made on the desk
      kind         TEXT NOT NULL,
      subject      TEXT NOT NULL,
      payload_json TEXT NOT NULL,
      created_at   TEXT NOT NULL,
      state        TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'acked', 'conflict', 'rejected')),
      attempts     INTEGER NOT NULL DEFAULT 0,
      last_error   TEXT,
      ack_status   TEXT,                            -- applied | duplicate | conflict | rejected, as the server said
      ack_reason   TEXT,
      acked_at     TEXT,
      conflict_id  TEXT,
      resolution   TEXT CHECK (resolution IN ('accepted', 'rejected')),
      resolution_note TEXT,
      resolved_at  TEXT
    );
    CREATE INDEX outbox_by_state ON outbox (state, seq);

    -- One row per fact: enrolment (desk id, office, key, server URL), pull cursor, last success / error.
    CREATE TABLE sync_state (
      key   TEXT PRIMARY KEY,
      value TEXT NOT NULL
    );

    -- Central rows pulled from the server (reference data, POA revocations, retired ICCIDs, clerks, conflicts),
    -- with their version; deleted rows stay as tombstones so an older, late change cannot resurrect them.
    CREATE TABLE central_rows (
      table_name TEXT NOT NULL,
      key        TEXT NOT NULL,
      version    INTEGER NOT NULL,
      deleted    INTEGER NOT NULL DEFAULT 0,
      row_json   TEXT,
      pulled_at  TEXT NOT NULL,
      PRIMARY KEY (table_name, key)
    );
  `,
};
