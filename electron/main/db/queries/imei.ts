import type { ReadableDb, WritableDb } from '../database';

/** True when either IMEI is already registered (as first or second IMEI of any device). */
export function imeiTaken(db: ReadableDb, imei: string): boolean {
  return db.prepare('SELECT 1 FROM imei_registrations WHERE imei = ? OR imei2 = ?').get(imei, imei) !== undefined;
}

export function noticeCodeTaken(db: ReadableDb, code: string): boolean {
  return db.prepare('SELECT 1 FROM imei_registrations WHERE notice_code = ?').get(code) !== undefined;
}

export function insertImeiRegistration(tx: WritableDb, r: { imei: string; imei2: string | null; operationId: string; noticeCode: string; fin: string; msisdn: string; createdAt: string }): void {
  tx.prepare('INSERT INTO imei_registrations (imei, imei2, operation_id, notice_code, fin, msisdn, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    r.imei, r.imei2, r.operationId, r.noticeCode, r.fin, r.msisdn, r.createdAt,
  );
}

/** A voided registration: its IMEIs may be registered again. */
export function deleteImeiRegistration(tx: WritableDb, operationId: string): void {
  tx.prepare('DELETE FROM imei_registrations WHERE operation_id = ?').run(operationId);
}
