import type { Migration } from './index';

// The desk's replica of customers (issue 9): what the server said about a customer when the desk last asked (a
// look-up's summary, with the server's clock), the activity records pulled for the office's customers, and the
// identifiers that find a customer offline. `seen_at` is when the office last saw or looked the customer up (what
// retention counts from); `heard_at` when the server last said anything about them (an offline answer's freshness).
export const migration041: Migration = {
  version: 41,
  name: 'sync: customer replica',
  up: `
    CREATE TABLE replica_customers (
      key          TEXT PRIMARY KEY,                -- person key: fin:… or passport:<nationality>:<number>
      name         TEXT NOT NULL DEFAULT '',
      name_fold    TEXT NOT NULL DEFAULT '',        -- searchFold(name): ƏLİ finds Əli
      fin          TEXT,
      summary_json TEXT,                            -- the server's last summary (CustomerSummary), null if never asked
      heard_at     TEXT,
      seen_at      TEXT NOT NULL
    );
    CREATE INDEX replica_customers_seen ON replica_customers (seen_at);

    -- Activity records (visits, services, SIMs, registrations…) pulled as customer_records.
    CREATE TABLE replica_records (
      id          TEXT PRIMARY KEY,                 -- the operation's id
      key         TEXT NOT NULL,
      kind        TEXT NOT NULL,
      created_at  TEXT NOT NULL,
      record_json TEXT NOT NULL                     -- CustomerRecord
    );
    CREATE INDEX replica_records_by_key ON replica_records (key, created_at);

    -- Identifiers → customer: fin, document, iccid, msisdn, imei.
    CREATE TABLE replica_keys (
      kind  TEXT NOT NULL,
      value TEXT NOT NULL,
      key   TEXT NOT NULL,
      PRIMARY KEY (kind, value, key)
    );
    CREATE INDEX replica_keys_by_key ON replica_keys (key);
  `,
};
