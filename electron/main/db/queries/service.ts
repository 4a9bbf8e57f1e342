import type { ReadableDb, WritableDb } from '../database';

export interface ServiceRow {
  msisdn: string;
  cert_type: 'ferdi' | 'biznes' | 'dovlet';
  subject: string;
  activated_at: string;
  paid_until: string;
}

export function findService(db: ReadableDb, msisdn: string): ServiceRow | null {
  return (db.prepare('SELECT * FROM service_subscriptions WHERE msisdn = ?').get(msisdn) as ServiceRow | undefined) ?? null;
}

export function upsertService(tx: WritableDb, s: ServiceRow): void {
  tx.prepare(
    `INSERT INTO service_subscriptions (msisdn, cert_type, subject, activated_at, paid_until) VALUES (@msisdn, @cert_type, @subject, @activated_at, @paid_until)
     ON CONFLICT (msisdn) DO UPDATE SET cert_type = excluded.cert_type, subject = excluded.subject, activated_at = excluded.activated_at, paid_until = excluded.paid_until`,
  ).run(s);
}
