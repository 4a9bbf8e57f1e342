import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectNoSecret, expectNoSecretInFiles, findSecrets } from '../support/secrets';

describe('PIN leak check helper', () => {
  it('finds a PIN in text, in UTF-16 and inside binary buffers, and masks it in the report', () => {
    const blob = Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from('pin=482913;', 'utf8'), Buffer.from([255])]);
    expect(findSecrets(['482913'], 'nothing here', blob, Buffer.from('x482913', 'utf16le'))).toEqual([
      { secret: '4*****', index: 1 },
      { secret: '4*****', index: 2 },
    ]);
    expect(() => expectNoSecret(['482913'], '{"pin":{"state":"ok"}}')).not.toThrow();
    expect(() => expectNoSecret(['482913'], 'wrong PIN 482913')).toThrow(/leaked/);
  });

  it('walks directories (logs, database files)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'masa-secrets-'));
    try {
      mkdirSync(join(dir, 'logs'));
      writeFileSync(join(dir, 'logs', 'a.log'), 'verify ok\n');
      expect(() => expectNoSecretInFiles(['482913'], dir)).not.toThrow();
      writeFileSync(join(dir, 'db.sqlite'), Buffer.concat([Buffer.alloc(100), Buffer.from('482913'), Buffer.alloc(100)]));
      expect(() => expectNoSecretInFiles(['482913'], dir)).toThrow(/db\.sqlite/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses secrets too short to search for reliably', () => {
    expect(() => findSecrets(['123'], 'x')).toThrow(/4\+ characters/);
  });
});
