import type { Migration } from './index';

// The desk's tamper-evident audit log (issue 10, hole 6): one row per sign-in, lock, approval, operation, print,
// settings or reference-data edit, each chained to the one before by SHA-256 (services/audit-log.ts says what is
// hashed). The triggers refuse UPDATE and DELETE, so the application itself can only append; someone editing the
// file with another SQLite client can drop them, and the chain is what tells.
export const migration004: Migration = {
  version: 4,
  name: 'core: hash-chained audit log',
  up: `
    CREATE TABLE audit_log (
      seq          INTEGER PRIMARY KEY,             -- 1, 2, 3… with no gaps: a missing number is a deleted entry
      at           TEXT NOT NULL,                   -- ISO time of the desk's clock
      kind         TEXT NOT NULL,                   -- auth.signIn, approval.granted, operation, print.receipt…
      actor        TEXT,                            -- the clerk's id, null when nobody is known (a failed sign-in)
      details_json TEXT NOT NULL,                   -- canonical JSON (sorted keys): what the entry is about
      prev_hash    TEXT NOT NULL,                   -- the previous entry's hash, the genesis value for seq 1
      hash         TEXT NOT NULL                    -- SHA-256 (hex) of (seq, at, kind, actor, details_json, prev_hash)
    );
    CREATE INDEX audit_log_at ON audit_log (at);
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
  `,
};
