// Leak checks for PINs/PUKs: the integrator can point these at log files, the database file, sync payloads, IPC
// outputs or error payloads. A secret is looked for as text (UTF-8) and as the ASCII bytes a card would receive,
// also inside binary files (SQLite pages, logs). Short secrets (< 4 chars) are refused: they would match by chance.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

function checkSecret(secret: string): void {
  if (secret.length < 4) throw new Error('expectNoSecret needs secrets of 4+ characters to avoid chance matches');
}

/** Where each secret occurs in the given strings / buffers: [] when clean. */
export function findSecrets(secrets: readonly string[], ...haystacks: (string | Uint8Array)[]): { secret: string; index: number }[] {
  const hits: { secret: string; index: number }[] = [];
  secrets.forEach(checkSecret);
  haystacks.forEach((h, index) => {
    const buf = typeof h === 'string' ? Buffer.from(h, 'utf8') : Buffer.from(h.buffer, h.byteOffset, h.byteLength);
    for (const s of secrets) {
      if (buf.includes(Buffer.from(s, 'utf8')) || buf.includes(Buffer.from(s, 'utf16le'))) hits.push({ secret: mask(s), index });
    }
  });
  return hits;
}

/** Throws (fails the test) if a secret appears in any string or buffer. */
export function expectNoSecret(secrets: readonly string[], ...haystacks: (string | Uint8Array)[]): void {
  const hits = findSecrets(secrets, ...haystacks);
  if (hits.length) throw new Error(`A PIN/PUK leaked: ${hits.map((h) => `${h.secret} in argument ${h.index + 1}`).join(', ')}`);
}

/** Throws (fails the test) if a secret appears in any file under the given paths (files or directories, recursively). */
export function expectNoSecretInFiles(secrets: readonly string[], ...paths: string[]): void {
  const leaks: string[] = [];
  const visit = (p: string) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const entry of readdirSync(p)) visit(join(p, entry));
    } else if (st.isFile()) {
      if (findSecrets(secrets, readFileSync(p)).length) leaks.push(p);
    }
  };
  paths.forEach(visit);
  if (leaks.length) throw new Error(`A PIN/PUK was found in: ${leaks.join(', ')}`);
}

function mask(secret: string): string {
  return secret[0] + '*'.repeat(secret.length - 1);
}
