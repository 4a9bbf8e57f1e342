// DG14 and DG15 come from the chip: whatever their bytes, the parsers and the key agreement give a verdict or a typed
// MalformedKeyFileError, never a parser's own crash (the rule passive authentication's fuzz test holds EF.SOD to).
import { describe, expect, it } from 'vitest';
import { agreeDh, agreeEcdh } from '../../electron/main/cards/icao/ca-agreement';
import { withNamedCurve } from '../../electron/main/cards/icao/named-curve';
import { MalformedKeyFileError, parseDg14, parseDg15 } from '../../electron/main/cards/icao/security-infos';
import { FID } from '../fixtures/vcards/emrtd';
import { virtualIdCard } from '../fixtures/vcards/emrtd-harness';
import { makeTd1, randomTd1Data } from '../fixtures/vcards/emrtd-mrz';

/** A deterministic generator, so a failure names a reproducible case. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32);
}

function mutate(bytes: Uint8Array, rnd: () => number): Uint8Array {
  const out = Uint8Array.from(bytes);
  const edits = 1 + Math.floor(rnd() * 4);
  for (let e = 0; e < edits; e++) out[Math.floor(rnd() * out.length)] = Math.floor(rnd() * 256);
  const cut = rnd() < 0.2 ? Math.floor(rnd() * out.length) : out.length;
  return out.subarray(0, cut);
}

function typedOrNothing(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(MalformedKeyFileError);
  }
}

describe('DG14 / DG15 parsing on hostile bytes', () => {
  it('600 mutations of an EC chip’s and a DH chip’s DG14 and DG15: verdicts or MalformedKeyFileError only', async () => {
    const mrz = makeTd1(randomTd1Data());
    const ec = await virtualIdCard(mrz, { activeAuth: 'ec', chipAuth: '3DES', explicitDomainParameters: true });
    const dh = await virtualIdCard(mrz, { activeAuth: 'rsa', chipAuth: 'AES-128', chipAuthCurve: 'modp14' });
    const rnd = prng(11);
    let parsed = 0;
    for (let i = 0; i < 600; i++) {
      const chip = i % 2 ? ec : dh;
      typedOrNothing(() => parseDg15(mutate(chip.file(FID.DG15), rnd)));
      typedOrNothing(() => {
        const infos = parseDg14(mutate(chip.file(FID.DG14), rnd));
        parsed++;
        for (const key of infos.chipAuthenticationKeys) {
          withNamedCurve(key.spki);
          const agreed = i % 2 ? agreeEcdh(key.spki, '3DES') : agreeDh(key.spki, 'AES-128');
          expect(['passed', 'failed', 'not-supported']).toContain(agreed.ok ? 'passed' : agreed.verdict.status);
        }
      });
    }
    // The mutations must leave many files decodable, or the key agreement above was never reached.
    expect(parsed).toBeGreaterThan(75);
  }, 60_000);
});
