import { describe, expect, it } from 'vitest';
import { createHash, createHmac, createPublicKey, verify } from 'node:crypto';
import fc from 'fast-check';
import {
  base64url,
  canonicalRequest,
  deskPublicKeyOf,
  enrolResponseSchema,
  fromBase64url,
  generateDeskKeyPair,
  pushRequestSchema,
  sha256Hex,
  signRequest,
  SyncHeader,
} from '../../common/sync/protocol';
import { decodeCursor, encodeCursor } from '../../server/store/changes';

describe('sync protocol signing', () => {
  it('signs exactly what the server recomputes with node:crypto', async () => {
    const key = base64url(new Uint8Array(32).fill(7));
    const body = JSON.stringify({ deskId: '0190f0e0-0000-7000-8000-000000000001', ops: [] });
    const h = await signRequest({ deskId: 'd', deskKey: key, method: 'post', pathWithQuery: '/v1/push?x=1', body, now: 1_700_000_000_000 });
    expect(h[SyncHeader.timestamp]).toBe('1700000000000');
    const canonical = canonicalRequest('POST', '/v1/push?x=1', '1700000000000', 'd', createHash('sha256').update(body).digest('hex'));
    const expected = createHmac('sha256', Buffer.from(new Uint8Array(32).fill(7))).update(canonical).digest('base64url');
    expect(h[SyncHeader.signature]).toBe(expected);
  });

  it('signs with a desk key pair: Ed25519 over the same canonical request, which node:crypto verifies with the public key alone', async () => {
    const pair = await generateDeskKeyPair();
    expect(fromBase64url(pair.publicKey)).toHaveLength(32);
    expect(await deskPublicKeyOf(pair.privateKey)).toBe(pair.publicKey);
    const body = '{"x":1}';
    const h = await signRequest({ deskId: 'd', privateKey: pair.privateKey, method: 'post', pathWithQuery: '/v1/push', body, now: 1_700_000_000_000 });
    expect(h[SyncHeader.scheme]).toBe('ed25519');
    const canonical = Buffer.from(canonicalRequest('POST', '/v1/push', '1700000000000', 'd', createHash('sha256').update(body).digest('hex')));
    const publicKeyOf = (x: string) => createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
    const sig = Buffer.from(fromBase64url(h[SyncHeader.signature]));
    expect(verify(null, canonical, publicKeyOf(pair.publicKey), sig)).toBe(true);
    expect(verify(null, canonical, publicKeyOf((await generateDeskKeyPair()).publicKey), sig)).toBe(false);
    // HMAC requests carry no scheme header, exactly as the desks of that protocol sent them.
    expect(Object.keys(await signRequest({ deskId: 'd', deskKey: base64url(new Uint8Array(32)), method: 'GET', pathWithQuery: '/', body: '' }))).not.toContain(SyncHeader.scheme);
  });

  it('refuses an enrolment answer carrying a shared desk key (a server older than the desk)', () => {
    const answer = { deskId: '0190f0e0-0000-7000-8000-000000000001', officeId: '0190f0e0-0000-7000-8000-000000000002', officeName: 'O' };
    expect(enrolResponseSchema.safeParse(answer).success).toBe(true);
    expect(enrolResponseSchema.safeParse({ ...answer, deskKey: 'k'.repeat(43) }).error?.message).toMatch(/older than this desk/);
  });

  it('hashes the empty body of a GET like sha256("")', async () => {
    expect(await sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('round-trips base64url for any bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(Array.from(fromBase64url(base64url(bytes)))).toEqual(Array.from(bytes));
      }));
  });

  it('refuses a push with a malformed op', () => {
    const op = { id: '0190f0e0-0000-7000-8000-000000000001', seq: 1, kind: 'visit.create', subject: 'fin:5ABCDEF', createdAt: '2026-01-01T10:00:00Z', payload: {} };
    expect(pushRequestSchema.safeParse({ deskId: op.id, ops: [op] }).success).toBe(true);
    expect(pushRequestSchema.safeParse({ deskId: op.id, ops: [{ ...op, seq: 0 }] }).success).toBe(false);
    expect(pushRequestSchema.safeParse({ deskId: op.id, ops: [{ ...op, kind: 'Visit' }] }).success).toBe(false);
    expect(pushRequestSchema.safeParse({ deskId: op.id, ops: [{ ...op, createdAt: 'today' }] }).success).toBe(false);
  });
});

describe('pull cursor encoding', () => {
  it('round-trips positions and refuses anything else', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }), fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }), fc.stringMatching(/^[0-9a-f]{12}$/), (x, c, tag) => {
        const pos = { xid: x.toString(), changeId: c.toString(), tag };
        expect(decodeCursor(encodeCursor(pos))).toEqual(pos);
      }),
    );
    expect(() => decodeCursor(base64url(new TextEncoder().encode('2:1:1:')))).toThrow(/cursor/);
    expect(() => decodeCursor(base64url(new TextEncoder().encode('1:-1:1')))).toThrow(/cursor/);
  });
});
