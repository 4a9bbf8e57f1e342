// The audit chain's encoding and check (common/audit/chain.ts), as every checker reads it: canonical details (keys
// sorted at every level), the exact hashed text, and the first entry that does not hold — edited, re-linked or gone.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AUDIT_GENESIS, auditHashInput, canonicalJson, verifyChain, type ChainedFields } from '../../common/audit/chain';

const sha = (t: string) => createHash('sha256').update(t, 'utf8').digest('hex');

function chain(n: number): (ChainedFields & { hash: string })[] {
  const out: (ChainedFields & { hash: string })[] = [];
  for (let seq = 1; seq <= n; seq++) {
    const f = { seq, at: `2026-06-01T08:00:0${seq}.000Z`, kind: 'operation', actor: 'c1', detailsJson: canonicalJson({ n: seq }), prevHash: out.at(-1)?.hash ?? AUDIT_GENESIS };
    out.push({ ...f, hash: sha(auditHashInput(f)) });
  }
  return out;
}

describe('audit chain', () => {
  it('canonical JSON sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: null }], c: 'x' }, u: undefined })).toBe('{"a":{"c":"x","d":[2,{"y":null,"z":1}]},"b":1}');
  });

  it('hashes a JSON array of the fields, so no field bleeds into the next', () => {
    const a = { seq: 1, at: 't', kind: 'k', actor: 'ab', detailsJson: '{}', prevHash: AUDIT_GENESIS };
    const b = { ...a, actor: 'a', kind: 'kb' };
    expect(auditHashInput(a)).not.toBe(auditHashInput(b));
    expect(auditHashInput(a)).toBe(JSON.stringify([1, 't', 'k', 'ab', '{}', AUDIT_GENESIS]));
  });

  it('an intact chain verifies, an empty one too', () => {
    expect(verifyChain(chain(5), sha)).toEqual({ ok: true, entries: 5 });
    expect(verifyChain([], sha)).toEqual({ ok: true, entries: 0 });
  });

  it('names the first bad entry: an edit (hash), a re-hash (the next link), a deletion (gap), a first entry not from genesis', () => {
    const edited = chain(5);
    edited[2] = { ...edited[2], detailsJson: '{"n":99}' };
    expect(verifyChain(edited, sha)).toEqual({ ok: false, entries: 5, firstBad: { seq: 3, reason: 'hash' } });

    const rehashed = chain(5);
    const r = { ...rehashed[2], detailsJson: '{"n":99}' };
    rehashed[2] = { ...r, hash: sha(auditHashInput(r)) };
    expect(verifyChain(rehashed, sha).firstBad).toEqual({ seq: 4, reason: 'link' });

    const deleted = chain(5).filter((e) => e.seq !== 2);
    expect(verifyChain(deleted, sha)).toEqual({ ok: false, entries: 4, firstBad: { seq: 2, reason: 'gap' } });

    const headless = chain(3).slice(1);
    expect(verifyChain(headless, sha).firstBad).toEqual({ seq: 1, reason: 'gap' });
  });
});
