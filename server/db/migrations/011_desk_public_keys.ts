// Desks sign with Ed25519 (issue 10, deliver 3): the server keeps each desk's public key, never a secret. A desk
// enrolled before holds a shared `desk_key`; that column can no longer be NOT NULL, and a row holds exactly one of the
// two — `POST /v1/desk-key` sets the public key and erases the desk key in one UPDATE.
//
// This migration cannot erase the desk keys already stored: a desk that has not synced since would then be locked out
// (it can prove who it is only with that key). Each one goes when its desk migrates, at its next sync; a desk that
// never comes back keeps its key until it is re-enrolled or its row removed. An UPDATE leaves the old row version in
// the table file until VACUUM reclaims it, and in the WAL until the WAL is recycled: once `SELECT count(*) FROM desks
// WHERE desk_key IS NOT NULL` is 0, the operator runs `VACUUM FULL desks` (and a CHECKPOINT) — docs/sync-server.md.
export default {
  version: 11,
  name: 'desk_public_keys',
  up: `
ALTER TABLE desks ADD COLUMN desk_public_key text;
ALTER TABLE desks ALTER COLUMN desk_key DROP NOT NULL;
ALTER TABLE desks ADD CONSTRAINT desks_one_credential CHECK ((desk_key IS NULL) <> (desk_public_key IS NULL));
`,
};
