import type { Db } from '../database';

export interface SimRow {
  iccid: string;
  msisdn: string;
  subject: string;
  status: 'active' | 'retired';
  operator: string | null;
  bound_at: string;
  retired_at: string | null;
}

export function findSim(db: Db, iccid: string): SimRow | null {
  return (db.prepare('SELECT * FROM sim_cards WHERE iccid = ?').get(iccid) as SimRow | undefined) ?? null;
}

export function findActiveSimOfMsisdn(db: Db, msisdn: string): SimRow | null {
  return (db.prepare("SELECT * FROM sim_cards WHERE msisdn = ? AND status = 'active'").get(msisdn) as SimRow | undefined) ?? null;
}

export function bindSim(db: Db, s: { iccid: string; msisdn: string; subject: string; operator: string | null; boundAt: string }): void {
  db.prepare("INSERT INTO sim_cards (iccid, msisdn, subject, status, operator, bound_at) VALUES (?, ?, ?, 'active', ?, ?)").run(s.iccid, s.msisdn, s.subject, s.operator, s.boundAt);
}

/** Retires an ICCID; an unknown one (known only centrally or only to the customer) is recorded as retired. */
export function retireSim(db: Db, s: { iccid: string; msisdn: string; subject: string; retiredAt: string }): void {
  const changed = db.prepare("UPDATE sim_cards SET status = 'retired', retired_at = ? WHERE iccid = ? AND status = 'active'").run(s.retiredAt, s.iccid).changes;
  if (changed === 0) {
    db.prepare("INSERT OR IGNORE INTO sim_cards (iccid, msisdn, subject, status, bound_at, retired_at) VALUES (?, ?, ?, 'retired', ?, ?)").run(
      s.iccid, s.msisdn, s.subject, s.retiredAt, s.retiredAt,
    );
  }
}
