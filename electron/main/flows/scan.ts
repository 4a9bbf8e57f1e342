// Scanned documents arrive over IPC as base64; the bytes must really be what the MIME type says and stay small.
import { AppError, ErrorCode } from '../../../common/errors';

export const MAX_SCAN_BYTES = 5 * 1024 * 1024;

const MAGIC: Record<string, number[]> = {
  'image/jpeg': [0xff, 0xd8, 0xff],
  'image/png': [0x89, 0x50, 0x4e, 0x47],
  'application/pdf': [0x25, 0x50, 0x44, 0x46],
};

export function decodeScan(scan: { mime: string; base64: string }, field: string): { mime: string; bytes: Uint8Array } {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(scan.base64)) throw new AppError(ErrorCode.InvalidInput, 'The scan is not valid base64.', { fields: { [field]: 'SCAN_INVALID' } });
  const bytes = new Uint8Array(Buffer.from(scan.base64, 'base64'));
  if (bytes.length === 0) throw new AppError(ErrorCode.InvalidInput, 'The scan is empty.', { fields: { [field]: 'SCAN_INVALID' } });
  if (bytes.length > MAX_SCAN_BYTES) throw new AppError(ErrorCode.InvalidInput, 'The scan is larger than 5 MB.', { fields: { [field]: 'SCAN_TOO_LARGE' } });
  const magic = MAGIC[scan.mime];
  if (!magic || !magic.every((b, i) => bytes[i] === b)) {
    throw new AppError(ErrorCode.InvalidInput, `The scan is not a ${scan.mime} file.`, { fields: { [field]: 'SCAN_TYPE_MISMATCH' } });
  }
  return { mime: scan.mime, bytes };
}
