// The desks' audit chains on the server (issue 10, deliver 5; common/sync/protocol.ts `POST /v1/audit`).
//
// A desk sends each entry's link — seq, prev_hash, hash, time, kind — and never its actor or details, so the server
// cannot recompute a hash: it checks the links. Per desk, in seq order:
// - a link the server already holds with the same hashes is a re-send: nothing happens;
// - a link that contradicts a stored one (same seq, another hash or prev_hash): the desk's entry changed after it was
//   sent → alert `rewritten` (the stored link stays: it is the evidence);
// - a new link must follow the one before it: seq = that one's + 1 (else `gap`, named by the first missing seq) and
//   prev_hash = its hash, or the genesis value for seq 1 (else `link`).
// After an alert the chain continues from what the desk sent (`audit_heads`: the last link received, and whether it
// contradicted a stored one), so one break is flagged once: the entries after a rewritten one that link to it, or the
// new entries after a gap or a bad link, raise nothing more. An alert is stored once per (desk, seq, reason) and
// published to the desk's office through the pull log (table `audit_alerts`).
import { randomUUID } from 'node:crypto';
import type { Database, Queryable } from '../db/adapter';
import { toIso } from '../db/adapter';
import { putRow } from './changes';
import type { Desk } from './offices';
import { AUDIT_GENESIS } from '../../common/audit/chain';
import { AUDIT_ALERTS_TABLE, type AuditAlert, type AuditAlertReason, type AuditLink, type AuditLinksResponse } from '../../common/sync/protocol';

interface Stored {
  seq: number;
  prevHash: string;
  hash: string;
}
interface Head extends Stored {
  rewritten: boolean;
}

/** What the checks decide for one request, before anything is written (kept pure for its unit test). */
export interface ChainDecision {
  store: AuditLink[];
  duplicates: number;
  alerts: Array<{ seq: number; reason: AuditAlertReason }>;
  head: Head | null;
}

/**
 * Decides a request's links against what the server holds: `stored` has the stored links at the batch's seqs and the
 * one before the first (at least), `below` finds the highest stored seq under a given one, `head` is the desk's last sent link.
 */
export function decideLinks(links: AuditLink[], stored: Map<number, Stored>, highestBelow: (seq: number) => number, head: Head | null): ChainDecision {
  const out: ChainDecision = { store: [], duplicates: 0, alerts: [], head };
  let h = head;
  for (const l of links) {
    const held = stored.get(l.seq);
    // The desk's stream continues from its last sent link: a rewritten chain that links to its own rewritten entry.
    const continues = h !== null && h.seq === l.seq - 1 && h.hash === l.prevHash;
    if (held) {
      if (held.hash === l.hash && held.prevHash === l.prevHash) {
        out.duplicates++;
        h = { ...held, rewritten: false };
        continue;
      }
      if (!(continues && h!.rewritten)) out.alerts.push({ seq: l.seq, reason: 'rewritten' });
      h = { seq: l.seq, prevHash: l.prevHash, hash: l.hash, rewritten: true };
      continue;
    }
    const before = l.seq === 1 ? { hash: AUDIT_GENESIS } : stored.get(l.seq - 1);
    if (!continues) {
      if (!before) out.alerts.push({ seq: highestBelow(l.seq) + 1, reason: 'gap' });
      else if (before.hash !== l.prevHash) out.alerts.push({ seq: l.seq, reason: 'link' });
    }
    const s = { seq: l.seq, prevHash: l.prevHash, hash: l.hash };
    stored.set(l.seq, s);
    out.store.push(l);
    h = { ...s, rewritten: false };
  }
  out.head = h;
  return out;
}

/** `after`: the highest seq the desk holds as acknowledged; above what the server holds, the server lost links (see the schema). */
export async function receiveAuditLinks(db: Database, desk: Desk, links: AuditLink[], now = () => Date.now(), after?: number): Promise<AuditLinksResponse> {
  return db.transaction(async (tx) => {
    // One request of a desk at a time: its head row is the lock (created on the desk's first request).
    await tx.query(`INSERT INTO audit_heads (desk_id, seq, hash) VALUES ($1, 0, $2) ON CONFLICT (desk_id) DO NOTHING`, [desk.id, AUDIT_GENESIS]);
    const [hr] = await tx.query<{ seq: string; hash: string; rewritten: boolean }>(`SELECT seq::text AS seq, hash, rewritten FROM audit_heads WHERE desk_id = $1 FOR UPDATE`, [desk.id]);
    if (after !== undefined && after > 0) {
      const [held] = await tx.query<{ seq: string | null }>(`SELECT max(seq)::text AS seq FROM audit_links WHERE desk_id = $1`, [desk.id]);
      const highestSeq = Number(held.seq ?? 0);
      if (highestSeq < after) return { stored: 0, duplicates: 0, alerts: [], highestSeq };
    }
    const head: Head | null = Number(hr.seq) > 0 ? { seq: Number(hr.seq), prevHash: '', hash: hr.hash, rewritten: hr.rewritten } : null;
    const first = links[0].seq;
    const last = links[links.length - 1].seq;
    // The stored links at the batch's seqs and the highest one below the first (what the first new link follows).
    const rows = await tx.query<{ seq: string; prev_hash: string; hash: string }>(
      `SELECT seq::text AS seq, prev_hash, hash FROM audit_links WHERE desk_id = $1 AND seq BETWEEN $2 AND $3
       UNION ALL (SELECT seq::text, prev_hash, hash FROM audit_links WHERE desk_id = $1 AND seq < $2 ORDER BY seq DESC LIMIT 1)`,
      [desk.id, first, last],
    );
    const stored = new Map(rows.map((r) => [Number(r.seq), { seq: Number(r.seq), prevHash: r.prev_hash, hash: r.hash }]));
    const highestBelow = (seq: number) => Math.max(0, ...[...stored.keys()].filter((s) => s < seq));
    const d = decideLinks(links, stored, highestBelow, head);
    if (d.store.length) {
      await tx.query(
        `INSERT INTO audit_links (desk_id, seq, prev_hash, hash, at, kind)
         SELECT $1, x.seq, x.prev_hash, x.hash, x.at, x.kind FROM jsonb_to_recordset($2::jsonb) AS x(seq bigint, prev_hash text, hash text, at timestamptz, kind text)
         ON CONFLICT (desk_id, seq) DO NOTHING`,
        [desk.id, JSON.stringify(d.store.map((l) => ({ seq: l.seq, prev_hash: l.prevHash, hash: l.hash, at: l.at, kind: l.kind })))],
      );
    }
    if (d.head) await tx.query(`UPDATE audit_heads SET seq = $2, hash = $3, rewritten = $4 WHERE desk_id = $1`, [desk.id, d.head.seq, d.head.hash, d.head.rewritten]);
    const alerts: AuditAlert[] = [];
    for (const a of d.alerts) {
      const alert = await raiseAlert(tx, desk, a.seq, a.reason, now());
      if (alert) alerts.push(alert);
    }
    const [top] = await tx.query<{ seq: string | null }>(`SELECT max(seq)::text AS seq FROM audit_links WHERE desk_id = $1`, [desk.id]);
    return { stored: d.store.length, duplicates: d.duplicates, alerts, highestSeq: Number(top.seq ?? 0) };
  });
}

/** Stores an alert once per (desk, seq, reason) and publishes it to the desk's office; null when it was already raised. */
async function raiseAlert(tx: Queryable, desk: Desk, seq: number, reason: AuditAlertReason, at: number): Promise<AuditAlert | null> {
  const id = randomUUID();
  const [r] = await tx.query<{ created_at: unknown }>(
    `INSERT INTO audit_alerts (id, desk_id, office_id, seq, reason, created_at) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (desk_id, seq, reason) DO NOTHING RETURNING created_at`,
    [id, desk.id, desk.officeId, seq, reason, new Date(at).toISOString()],
  );
  if (!r) return null;
  const alert: AuditAlert = { id, deskId: desk.id, deskName: desk.name, seq, reason, createdAt: toIso(r.created_at) };
  await putRow(tx, { table: AUDIT_ALERTS_TABLE, key: id, officeId: desk.officeId, row: alert });
  return alert;
}
