// The desk's audit chain on its way to the sync server (issue 10, deliver 5): after each successful push, the links
// of the entries the server has not acknowledged yet (seq, time, kind, prev_hash, hash — never who or what) go to
// `POST /v1/audit` in pages; the highest acknowledged seq is kept in sync_state. The server checks that the links hold
// together and publishes a break or a gap to the office as `audit_alerts` rows, which every desk pulls.
import { withTx, type Db } from '../db/database';
import { auditEntriesAfter, type AuditRow } from '../db/queries/audit';
import { getSyncState, setSyncState } from '../db/queries/sync_state';
import { SyncHttpError, type SyncClient } from '../../../common/sync/client';
import { auditLinkSchema, type AuditLink } from '../../../common/sync/protocol';
import { sha256Hex } from '../services/audit-log';

/** Links per request: well under the server's MAX_AUDIT_LINKS. */
export const AUDIT_LINKS_PAGE = 200;
const MAX_PAGES_PER_CYCLE = 500;

const HASH = /^[0-9a-f]{64}$/;
/**
 * The link as sent. A row edited into something the request schema refuses must not block every later link: a hash
 * that is not 64 hex digits travels as the SHA-256 of what is stored (it still differs from what the server saw), a
 * time that is not ISO as null, a kind that is not one as `edited`.
 */
export function toAuditLink(r: AuditRow): AuditLink {
  const hash = (h: string) => (HASH.test(h) ? h : sha256Hex(`malformed:${h}`));
  const at = auditLinkSchema.shape.at.safeParse(r.at).success ? r.at : null;
  const kind = auditLinkSchema.shape.kind.safeParse(r.kind).success ? r.kind : 'edited';
  return { seq: r.seq, prevHash: hash(r.prev_hash), hash: hash(r.hash), at, kind };
}

export class AuditLinkSender {
  private unsupportedLogged = false;

  constructor(
    private readonly db: Db,
    private readonly log?: (message: string) => void,
  ) {}

  /**
   * Sends every unacknowledged link, page by page. A server without the route (404: older than the desk) is tolerated
   * (logged once); a request it refuses (another 4xx) stops this cycle's sending without failing the sync; a network
   * error, a 5xx or a 429 is thrown like a failed push, and the links go again next cycle.
   */
  async sendPending(client: SyncClient): Promise<number> {
    let sent = 0;
    for (let page = 0; page < MAX_PAGES_PER_CYCLE; page++) {
      const acked = Number(getSyncState(this.db, 'auditAckedSeq') ?? 0);
      const rows = auditEntriesAfter(this.db, acked, AUDIT_LINKS_PAGE);
      if (!rows.length) return sent;
      let r;
      try {
        r = await client.auditLinks(rows.map(toAuditLink), acked);
      } catch (e) {
        if (e instanceof SyncHttpError && !e.retryable && e.status >= 400 && e.status < 500) {
          if (e.status !== 404 || !this.unsupportedLogged) this.log?.(`audit links not sent: ${e.status} ${e.code}: ${e.message}`);
          if (e.status === 404) this.unsupportedLogged = true;
          return sent;
        }
        throw e;
      }
      if (r.highestSeq < acked) {
        // The server lost links it had acknowledged (PGlite after a power cut, a restore): send again from its highest.
        this.log?.(`the server holds audit links up to ${r.highestSeq}, below ${acked}: sending them again`);
        withTx(this.db, (tx) => setSyncState(tx, { auditAckedSeq: String(r.highestSeq) }));
        continue;
      }
      for (const a of r.alerts) this.log?.(`the server found a break in this desk's audit chain at entry ${a.seq}: ${a.reason}`);
      withTx(this.db, (tx) => setSyncState(tx, { auditAckedSeq: String(rows[rows.length - 1].seq) }));
      sent += rows.length;
    }
    return sent;
  }
}
