import type { ReadableDb, WritableDb } from '../database';

export function komisCodeTaken(db: ReadableDb, code: string): boolean {
  return db.prepare('SELECT 1 FROM komis_registrations WHERE subscriber_code = ?').get(code) !== undefined;
}

export function insertKomisRegistration(
  tx: WritableDb,
  r: { subscriberCode: string; operationId: string; subject: string; accounts: Record<string, string>; passwordHash: string; createdAt: string },
): void {
  tx.prepare('INSERT INTO komis_registrations (subscriber_code, operation_id, subject, accounts_json, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(
    r.subscriberCode, r.operationId, r.subject, JSON.stringify(r.accounts), r.passwordHash, r.createdAt,
  );
}

export function findKomisPasswordHash(db: ReadableDb, code: string): string | null {
  return (db.prepare('SELECT password_hash FROM komis_registrations WHERE subscriber_code = ?').pluck().get(code) as string | undefined) ?? null;
}
