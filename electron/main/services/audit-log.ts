// The desk's hash-chained audit log (issue 10, hole 6). Every entry is appended in the transaction of what it
// records (a sign-in's failure counter, an operation, a print count), so an entry exists exactly when its fact
// does. The chain (common/audit/chain.ts) makes an edit or a deletion by someone with the database file visible;
// the table's triggers stop the application itself from editing or deleting.
import { createHash } from 'node:crypto';
import type { ReadableDb, WritableDb } from '../db/database';
import { insertAuditEntry, iterateAuditEntries, lastAuditEntry, listAuditEntries, pulledAuditAlerts, type AuditRow } from '../db/queries/audit';
import { AUDIT_GENESIS, auditHashInput, canonicalJson, verifyChain, type AuditDetails, type AuditKind, type AuditVerdict } from '../../../common/audit/chain';
import type { AuditEntry, AuditServerAlert } from '../../../common/ipc/channels/audit';
import type { Clock } from './clock';

export interface AuditEntryInput {
  kind: AuditKind;
  /** The clerk's id; null when nobody is known. */
  actor: string | null;
  details?: AuditDetails;
}

/** What the services that record facts hold: appending only. */
export interface AuditPort {
  append(tx: WritableDb, entry: AuditEntryInput): AuditRow;
}

/** Told of each entry in its transaction (the sync outbox, so the server can check the chain too). */
export type AuditListener = (tx: WritableDb, row: AuditRow) => void;

// Secrets never enter the log, whatever a caller passes: a key that names one is a programming error.
const SECRET_KEY = /pin|puk|password|secret/i;

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export class AuditLog implements AuditPort {
  constructor(
    private readonly db: ReadableDb,
    private readonly clock: Pick<Clock, 'now'>,
    private readonly listener: AuditListener | null = null,
  ) {}

  append(tx: WritableDb, entry: AuditEntryInput): AuditRow {
    const details = entry.details ?? {};
    for (const key of Object.keys(details)) {
      if (SECRET_KEY.test(key)) throw new Error(`audit: the detail "${key}" looks like a secret and is never logged`);
    }
    const last = lastAuditEntry(tx);
    const fields = {
      seq: (last?.seq ?? 0) + 1,
      at: this.clock.now().toISOString(),
      kind: entry.kind,
      actor: entry.actor,
      detailsJson: canonicalJson(details),
      prevHash: last?.hash ?? AUDIT_GENESIS,
    };
    const row: AuditRow = {
      seq: fields.seq, at: fields.at, kind: fields.kind, actor: fields.actor, details_json: fields.detailsJson, prev_hash: fields.prevHash,
      hash: sha256Hex(auditHashInput(fields)),
    };
    insertAuditEntry(tx, row);
    this.listener?.(tx, row);
    return row;
  }

  /** Recomputes every hash and link from entry 1; names the first entry that does not hold. */
  verify(): AuditVerdict {
    const rows = iterateAuditEntries(this.db);
    function* fields() {
      for (const r of rows) yield { seq: r.seq, at: r.at, kind: r.kind, actor: r.actor, detailsJson: r.details_json, prevHash: r.prev_hash, hash: r.hash };
    }
    return verifyChain(fields(), sha256Hex);
  }

  /** The breaks and gaps the sync server found in this desk's or the office's other desks' chains (pulled), newest first. */
  serverAlerts(): AuditServerAlert[] {
    return pulledAuditAlerts(this.db);
  }

  /** Newest first, for the supervisors' audit page. */
  list(q: { beforeSeq?: number; limit: number }): AuditEntry[] {
    return listAuditEntries(this.db, q).map((r) => ({
      seq: r.seq,
      at: r.at,
      kind: r.kind,
      actor: r.actor ? { id: r.actor, username: r.username, displayName: r.display_name } : null,
      details: parseDetails(r.details_json),
    }));
  }
}

// A row edited into something that is not JSON still lists (verify names it); its text is shown as it is.
function parseDetails(text: string): AuditEntry['details'] {
  try {
    const v = JSON.parse(text) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, x === null || ['string', 'number', 'boolean'].includes(typeof x) ? (x as string) : JSON.stringify(x)]));
    }
  } catch {
    // fall through
  }
  return { text };
}
