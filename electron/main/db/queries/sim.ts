import type { ReadableDb, WritableDb } from '../database';

export interface SimRow {
  iccid: string;
  msisdn: string;
  subject: string;
  status: 'active' | 'retired';
  operator: string | null;
  bound_at: string;
  retired_at: string | null;
  /** The operation that bound it on this desk (migration 025); null when not known. */
  bound_by_op: string | null;
}

/** The binding as the SIM rules (common/domain/rules/sim) see it. */
export function toSimBinding(row: SimRow | null): { iccid: string; msisdn: string; subject: string; status: SimRow['status'] } | null {
  return row ? { iccid: row.iccid, msisdn: row.msisdn, subject: row.subject, status: row.status } : null;
}

export function findSim(db: ReadableDb, iccid: string): SimRow | null {
  return (db.prepare('SELECT * FROM sim_cards WHERE iccid = ?').get(iccid) as SimRow | undefined) ?? null;
}

export function findActiveSimOfMsisdn(db: ReadableDb, msisdn: string): SimRow | null {
  return (db.prepare("SELECT * FROM sim_cards WHERE msisdn = ? AND status = 'active'").get(msisdn) as SimRow | undefined) ?? null;
}

/** `boundBy`: the operation binding it, kept so that voiding that operation can unbind exactly this binding. */
export function bindSim(tx: WritableDb, s: { iccid: string; msisdn: string; subject: string; operator: string | null; boundAt: string; boundBy?: string }): void {
  tx.prepare("INSERT INTO sim_cards (iccid, msisdn, subject, status, operator, bound_at, bound_by_op) VALUES (?, ?, ?, 'active', ?, ?, ?)").run(
    s.iccid, s.msisdn, s.subject, s.operator, s.boundAt, s.boundBy ?? null,
  );
}

/** Retires an ICCID; an unknown one (known only centrally or only to the customer) is recorded as retired. */
export function retireSim(tx: WritableDb, s: { iccid: string; msisdn: string; subject: string; retiredAt: string }): void {
  const changed = tx.prepare("UPDATE sim_cards SET status = 'retired', retired_at = ? WHERE iccid = ? AND status = 'active'").run(s.retiredAt, s.iccid).changes;
  if (changed === 0) {
    tx.prepare("INSERT OR IGNORE INTO sim_cards (iccid, msisdn, subject, status, bound_at, retired_at) VALUES (?, ?, ?, 'retired', ?, ?)").run(
      s.iccid, s.msisdn, s.subject, s.retiredAt, s.retiredAt,
    );
  }
}

/**
 * A voided SIM duplicate: the old SIM is the number's active SIM again (on this desk, or as the server said for a
 * SIM it un-retired), and the new one is no longer bound. The restored binding is the void's, not the operation's
 * that first bound the SIM (the server binds it again under the void's op too).
 */
export function restoreSim(tx: WritableDb, s: { iccid: string; msisdn?: string; subject?: string }): void {
  tx.prepare("UPDATE sim_cards SET status = 'active', retired_at = NULL, bound_by_op = NULL, msisdn = coalesce(?, msisdn), subject = coalesce(?, subject) WHERE iccid = ?").run(
    s.msisdn ?? null, s.subject ?? null, s.iccid,
  );
}

/** A voided sale or duplicate's new SIM: forgotten by this desk (the server unbinds it too). */
export function unbindSim(tx: WritableDb, iccid: string): void {
  tx.prepare("DELETE FROM sim_cards WHERE iccid = ? AND status = 'active'").run(iccid);
}

/**
 * A voided certificate issue's SIM: forgotten only if that issue bound it on this desk, it is still active, and no
 * other live certificate sits on it (the voided one is revoked first).
 */
export function unbindSimBoundBy(tx: WritableDb, iccid: string, operationId: string): void {
  tx.prepare(
    `DELETE FROM sim_cards WHERE iccid = ? AND status = 'active' AND bound_by_op = ?
       AND NOT EXISTS (SELECT 1 FROM certificates c WHERE c.iccid = sim_cards.iccid AND c.status IN ('active', 'needs-reissue'))`,
  ).run(iccid, operationId);
}
