// A desk's credentials, and the move of a desk enrolled under the HMAC protocol to its own Ed25519 key pair (issue 10,
// deliver 3): the server then holds only the desk's public key, so its database, WAL or backups leak nothing a thief
// could sign with. The protocol side is in common/sync/protocol.ts.
import { withTx, type Db } from '../db/database';
import { getSyncState, setSyncState } from '../db/queries/sync_state';
import { SyncClient, SyncHttpError } from '../../../common/sync/client';
import { SyncErrorCode, deskPublicKeyOf, generateDeskKeyPair, type DeskCredentials } from '../../../common/sync/protocol';

/** What this desk signs with: its private key, else (not migrated yet) its HMAC key; null when it has neither. */
export function deskCredentials(db: Db, deskId: string): DeskCredentials | null {
  const privateKey = getSyncState(db, 'deskPrivateKey');
  if (privateKey) return { deskId, privateKey };
  const deskKey = getSyncState(db, 'deskKey');
  return deskKey ? { deskId, deskKey } : null;
}

/**
 * For an HMAC desk: makes a key pair (kept as pending before anything is sent), hands the public key to the server
 * with an HMAC-signed `POST /v1/desk-key`, and once the server confirms, switches to the private key and deletes the
 * HMAC key in one transaction. Returns true when the desk switched.
 *
 * The server erases its copy of the HMAC key when it stores the public key, so if its answer is lost the desk's next
 * HMAC request is refused (401): the desk then tries its pending key, and a request the server accepts with it is
 * the confirmation. A server that does not know the endpoint (404: older than this desk) leaves the desk on HMAC
 * until it is upgraded; any other failure fails the cycle, which retries with its backoff.
 */
export async function migrateToDeskKeyPair(db: Db, client: (credentials: DeskCredentials) => SyncClient, log?: (message: string) => void): Promise<boolean> {
  const deskId = getSyncState(db, 'deskId');
  const deskKey = getSyncState(db, 'deskKey');
  if (!deskId || !deskKey || getSyncState(db, 'deskPrivateKey')) return false;
  let pending = getSyncState(db, 'pendingDeskPrivateKey');
  if (!pending) {
    const made = (await generateDeskKeyPair()).privateKey;
    withTx(db, (tx) => setSyncState(tx, { pendingDeskPrivateKey: made }));
    pending = made;
  }
  try {
    await client({ deskId, deskKey }).registerDeskKey(await deskPublicKeyOf(pending));
  } catch (e) {
    if (e instanceof SyncHttpError && e.status === 404 && e.code === SyncErrorCode.NotFound) {
      log?.('the sync server does not take desk key pairs yet (upgrade it): this desk keeps signing with its HMAC key');
      return false;
    }
    if (!(e instanceof SyncHttpError && e.code === SyncErrorCode.Unauthenticated)) throw e;
    // Refused with HMAC: perhaps the server already took this key and its answer was lost.
    const confirmed = await client({ deskId, privateKey: pending })
      .state()
      .then(() => true, () => false);
    if (!confirmed) throw e;
  }
  withTx(db, (tx) => setSyncState(tx, { deskPrivateKey: pending, pendingDeskPrivateKey: null, deskKey: null }));
  log?.('this desk now signs with its own key pair; its HMAC key is deleted here and on the server');
  return true;
}
