// A supervisor's approval the server can check (issue 10, hole 7): conflict resolutions were accepted from any desk
// key with a free-text `resolvedBy`. Now the desk sends, with the decision, an HMAC under the supervisor's
// password-derived key (node-common/passwords.ts derivePasswordKey) over what was decided, by which desk and when.
// The server holds the supervisor's central account (the hash it published to the office's desks) and checks it.
// Limit: whoever holds the stored hash holds the key — the server, and a desk's encrypted database; a key pair per
// supervisor would remove that (docs/security.md).
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** What a resolution's approval covers, one field per line (a note's text by its hash). */
export function resolutionApprovalMessage(a: { conflictId: string; resolution: 'accept' | 'reject'; note: string; deskId: string; clerkId: string; at: number }): string {
  const note = createHash('sha256').update(a.note, 'utf8').digest('hex');
  return ['masa-resolution-approval-v1', a.conflictId, a.resolution, note, a.deskId, a.clerkId, String(a.at)].join('\n');
}

export function approvalMac(key: Buffer, message: string): string {
  return createHmac('sha256', key).update(message, 'utf8').digest('base64url');
}

export function approvalMacMatches(key: Buffer, message: string, mac: string): boolean {
  const expected = Buffer.from(approvalMac(key, message), 'base64url');
  const given = Buffer.from(mac, 'base64url');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
