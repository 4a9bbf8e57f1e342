import type { Migration } from './index';

// Clerk accounts can come down from the central server (pulled `clerks` rows): remember which ones did, so a
// central deactivation never touches an account made at this desk, and vice versa.
export const migration002: Migration = {
  version: 2,
  name: 'core: clerk accounts from the central server',
  up: `
    ALTER TABLE clerks ADD COLUMN origin TEXT NOT NULL DEFAULT 'local' CHECK (origin IN ('local', 'central'));
  `,
};
