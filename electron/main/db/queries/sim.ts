import type { ReadableDb, WritableDb } from '../database';

export interface SimRow {
  iccid: string;
  msisdn: string;
  subject: string;
  status: 'active' | 'retired';
  operator: string | null;
  bound_at: string;
  retired_at: string | null;
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

export function bindSim(tx: WritableDb, s: { iccid: string; msisdn: string; subject: string; operator: string | null; boundAt: string }): void {
  tx.prepare("INSERT INTO sim_cards (iccid, msisdn, subject, status, operator, bound_at) VALUES (?, ?, ?, 'active', ?, ?)").run(s.iccid, s.msisdn, s.subject, s.operator, s.boundAt);
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
 * SIM it un-retired), and the new one is no longer bound.
 */
export function restoreSim(tx: WritableDb, s: { iccid: string; msisdn?: string; subject?: string }): void {
  tx.prepare("UPDATE sim_cards SET status = 'active', retired_at = NULL, msisdn = coalesce(?, msisdn), subject = coalesce(?, subject) WHERE iccid = ?").run(s.msisdn ?? null, s.subject ?? null, s.iccid);
}

/** A voided sale or duplicate's new SIM: forgotten by this desk (the server unbinds it too). */
export function unbindSim(tx: WritableDb, iccid: string): void {
  tx.prepare("DELETE FROM sim_cards WHERE iccid = ? AND status = 'active'").run(iccid);
}
