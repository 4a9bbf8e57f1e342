// Active Authentication (ICAO Doc 9303 part 11 §6.1): the chip signs our fresh 8-byte challenge with the private key
// behind DG15. A copy of the chip's files carries DG15 but not that key, so its signature does not verify. Whether
// DG15 itself is the issuing state's key is passive authentication's verdict, combined in clone-checks.ts.
import { verify as cryptoVerify, type KeyObject } from 'node:crypto';
import { CommandApdu } from '../../../../common/apdu/apdu';
import type { CardChannel } from '../../../../common/apdu/channel';
import type { CloneCheck } from '../../../../common/ipc/channels/idcard-clone';
import type { RandomSource } from './bac';
import { recoverIso9796 } from './iso9796';
import { MalformedKeyFileError, parseDg15 } from './security-infos';
import { curveDisplayName } from './named-curve';
import { SecureMessagingError } from './sm';

/** ActiveAuthenticationInfo's signature algorithm → hash: BSI TR-03111 ecdsa-plain-* and X9.62 ecdsa-with-*. */
const ECDSA_HASHES: Record<string, string> = {
  '0.4.0.127.0.7.1.1.4.1.1': 'sha1',
  '0.4.0.127.0.7.1.1.4.1.2': 'sha224',
  '0.4.0.127.0.7.1.1.4.1.3': 'sha256',
  '0.4.0.127.0.7.1.1.4.1.4': 'sha384',
  '0.4.0.127.0.7.1.1.4.1.5': 'sha512',
  '1.2.840.10045.4.1': 'sha1',
  '1.2.840.10045.4.3.1': 'sha224',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
};


function failed(failure: NonNullable<CloneCheck['failure']>, algorithm: string | null, reason: string): CloneCheck {
  return { status: 'failed', failure, algorithm, reason };
}

function keyDescription(key: KeyObject): string {
  const d = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa') return `RSA-${d.modulusLength ?? '?'}`;
  const curve = d.namedCurve ?? 'explicit curve';
  return `ECDSA ${curveDisplayName(curve)}`;
}

/** Bytes of the chip's signature: the modulus for RSA, r ‖ s for ECDSA (TR-03111 plain format). */
function signatureLength(key: KeyObject): number {
  const d = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa') return Math.ceil((d.modulusLength ?? 2048) / 8);
  const bits: Record<string, number> = { prime256v1: 256, secp384r1: 384, secp521r1: 521, secp224r1: 224, brainpoolP256r1: 256, brainpoolP384r1: 384, brainpoolP512r1: 512 };
  return 2 * Math.ceil((bits[d.namedCurve ?? ''] ?? 521) / 8);
}

/**
 * Sends INTERNAL AUTHENTICATE with a fresh challenge over `channel` (the secure channel of the read) and checks the
 * answer with the DG15 key. `ecdsaAlgorithm` is DG14's ActiveAuthenticationInfo; without it an ECDSA signature is
 * accepted under any of the SHA-2/SHA-1 hashes (it still needs the chip's private key).
 */
export async function performActiveAuthentication(channel: CardChannel, dg15: Uint8Array, ecdsaAlgorithm: string | null, random: RandomSource): Promise<CloneCheck> {
  let key: KeyObject;
  try {
    key = parseDg15(dg15);
  } catch (e) {
    if (e instanceof MalformedKeyFileError) return failed('malformed', null, e.message);
    throw e;
  }
  const type = key.asymmetricKeyType;
  if (type !== 'rsa' && type !== 'ec') return { status: 'not-supported', failure: null, algorithm: type ?? null, reason: `DG15 holds a ${type} key` };
  let hashes: string[];
  if (type === 'ec') {
    const hash = ecdsaAlgorithm ? ECDSA_HASHES[ecdsaAlgorithm] : undefined;
    if (ecdsaAlgorithm && !hash) return { status: 'not-supported', failure: null, algorithm: keyDescription(key), reason: `unknown AA signature algorithm ${ecdsaAlgorithm}` };
    hashes = hash ? [hash] : ['sha256', 'sha1', 'sha224', 'sha384', 'sha512'];
  } else hashes = [];

  const challenge = random(8);
  const expected = signatureLength(key);
  // A 2048-bit RSA signature under secure messaging exceeds a short answer: ask for an extended one.
  const le = expected + 32 > 256 ? 65536 : 256;
  let answer;
  try {
    answer = await channel.transmit(new CommandApdu({ cla: 0x00, ins: 0x88, p1: 0x00, p2: 0x00, data: challenge, le }));
  } catch (e) {
    if (e instanceof SecureMessagingError) return failed('refused', keyDescription(key), `INTERNAL AUTHENTICATE: ${e.message}`);
    throw e;
  }
  if (!answer.isSuccess) return failed('refused', keyDescription(key), `the chip refused INTERNAL AUTHENTICATE (SW ${answer.sw.toString(16).toUpperCase()})`);

  if (type === 'rsa') {
    const r = recoverIso9796(key, answer.data, challenge);
    const algorithm = `${keyDescription(key)} ISO 9796-2${r.ok ? ` ${r.hash.toUpperCase()}` : ''}`;
    return r.ok ? { status: 'passed', failure: null, algorithm, reason: null } : failed('signature', algorithm, `the AA signature does not verify: ${r.reason}`);
  }
  for (const hash of hashes) {
    let ok = false;
    try {
      ok = cryptoVerify(hash, challenge, { key, dsaEncoding: 'ieee-p1363' }, answer.data);
    } catch {
      ok = false;
    }
    if (ok) return { status: 'passed', failure: null, algorithm: `${keyDescription(key)} ${hash.toUpperCase()}`, reason: null };
  }
  const algorithm = `${keyDescription(key)}${hashes.length === 1 ? ` ${hashes[0].toUpperCase()}` : ''}`;
  return failed('signature', algorithm, `the AA signature (${answer.data.length} bytes, ${expected} expected) does not verify with the DG15 key`);
}
