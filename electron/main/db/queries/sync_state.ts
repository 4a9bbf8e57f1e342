import type { ReadableDb, WritableDb } from '../database';

/**
 * Every fact the sync worker keeps in `sync_state`, by name, with the stored key. All values are text: URLs, ids,
 * the desk's keys, ISO timestamps and the server's opaque pull cursor. Callers name a fact; the key is written here only.
 */
const SYNC_STATE_KEYS = {
  serverUrl: 'server_url',
  /** The server's key pin (`sha256/…`) for an https server: every request goes only to a server holding that key. */
  serverPin: 'server_pin',
  /** The pinned server's public key (SubjectPublicKeyInfo, base64): it checks the server's signature on clerk accounts. */
  serverPublicKey: 'server_public_key',
  deskId: 'desk_id',
  officeId: 'office_id',
  officeName: 'office_name',
  /** The office's type (asxm, operator, post) as the server delivers it; absent from an older server. */
  officeType: 'office_type',
  deskName: 'desk_name',
  /** The HMAC key of a desk enrolled before desks had key pairs; deleted once the server took its public key. */
  deskKey: 'desk_key',
  /** The desk's Ed25519 private key (PKCS#8, base64url): what it signs with. */
  deskPrivateKey: 'desk_private_key',
  /** An HMAC desk's new private key while the server has not confirmed its public key (kept across a lost answer). */
  pendingDeskPrivateKey: 'desk_private_key_pending',
  enrolledAt: 'enrolled_at',
  cursor: 'pull_cursor',
  lastSuccessAt: 'last_success_at',
  lastAttemptAt: 'last_attempt_at',
  lastError: 'last_error',
  pullResetAt: 'pull_reset_at',
  /** The highest audit entry whose link the server has acknowledged (sync/audit-links.ts); absent = none yet. */
  auditAckedSeq: 'audit_acked_seq',
} as const;

export type SyncStateName = keyof typeof SYNC_STATE_KEYS;
export type SyncStateValues = { [N in SyncStateName]: string };

export function getSyncState(db: ReadableDb, name: SyncStateName): string | null {
  const row = db.prepare('SELECT value FROM sync_state WHERE key = ?').get(SYNC_STATE_KEYS[name]) as { value: string } | undefined;
  return row?.value ?? null;
}

/** Writes several facts in the caller's transaction (null deletes one). */
export function setSyncState(tx: WritableDb, values: Partial<{ [N in SyncStateName]: SyncStateValues[N] | null }>): void {
  const put = tx.prepare('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  const del = tx.prepare('DELETE FROM sync_state WHERE key = ?');
  for (const [name, v] of Object.entries(values) as [SyncStateName, string | null | undefined][]) {
    if (v === undefined) continue;
    if (v === null) del.run(SYNC_STATE_KEYS[name]);
    else put.run(SYNC_STATE_KEYS[name], v);
  }
}
