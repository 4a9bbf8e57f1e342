import type { Migration } from './index';

// The sign-in lockout (issue 10, hole 6) lived in memory, so restarting the app (or the browser host) reset it and
// gave a guesser five more tries. Failed attempts per username, and until when the username is held back, are kept
// here; a successful sign-in removes the row.
export const migration005: Migration = {
  version: 5,
  name: 'core: persisted sign-in lockout',
  up: `
    CREATE TABLE sign_in_failures (
      username     TEXT PRIMARY KEY COLLATE NOCASE, -- as typed (lower-cased): unknown usernames are counted too
      count        INTEGER NOT NULL,
      locked_until INTEGER NOT NULL DEFAULT 0       -- epoch ms; 0 = not held back
    );
  `,
};
