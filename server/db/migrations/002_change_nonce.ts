// A random tag per pull-log row, carried in the cursor: after a server lost commits (or was restored), a new row can
// get the same (xid, change_id) as a lost one; the tag tells them apart, so a stale cursor is recognised.
export default {
  version: 2,
  name: 'change_nonce',
  up: `ALTER TABLE changes ADD COLUMN nonce uuid NOT NULL DEFAULT gen_random_uuid();`,
};
