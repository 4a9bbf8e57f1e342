// Chip Authentication (ICAO Doc 9303 part 11 §6.2, BSI TR-03110 part 3 §3.4): an ephemeral ECDH key agreement
// with the chip's static key of DG14, from which both sides derive new secure-messaging keys; secure messaging
// restarts with them (SSC = 0). A copy of the chip's files has DG14 but not the private key, so it cannot derive the
// same keys: its first answer under them fails the MAC check. That first answer is asked for here (a protected
// SELECT of EF.COM), so the verdict rests on the chip answering correctly under the new keys.
//  - 3DES (id-CA-ECDH-3DES-CBC-CBC): MSE:Set KAT with the ephemeral public key (DO'91) and the key id (DO'84).
//  - AES (id-CA-ECDH-AES-CBC-CMAC-*): MSE:Set AT with the protocol (DO'80) and key id, then GENERAL AUTHENTICATE
//    with the ephemeral public key in the dynamic authentication data (7C { 80 }).
import { createECDH, createPublicKey } from 'node:crypto';
import { CommandApdu, type ResponseApdu } from '../../../../common/apdu/apdu';
import type { CardChannel } from '../../../../common/apdu/channel';
import { encodeTlv } from '../../../../common/apdu/tlv';
import { concatBytes, zeroize } from '../../../../common/bytes';
import type { CloneCheck } from '../../../../common/ipc/channels/idcard-clone';
import { sessionKeysFromSecret } from './sm-cipher';
import { CA_PROTOCOLS, OID, MalformedKeyFileError, subjectPublicKeyBytes, type SecurityInfos } from './security-infos';
import { SecureChannel, SecureMessaging, SecureMessagingError } from './sm';
import { curveDisplayName, withNamedCurve } from './named-curve';


export interface ChipAuthOutcome {
  verdict: CloneCheck;
  /** The channel under the new keys when CA passed; null otherwise (the old session may be dead: open the chip again). */
  channel: SecureChannel | null;
}

/** The (ChipAuthenticationInfo, public key) pair to run: the first ECDH key with a protocol this desk runs. */
function choose(infos: SecurityInfos): { protocol: string; spki: Uint8Array; keyId: number | null } | { unsupported: string } | null {
  if (infos.chipAuthenticationKeys.length === 0) return null;
  for (const key of infos.chipAuthenticationKeys) {
    if (key.protocol !== OID.PK_ECDH) continue;
    const info = infos.chipAuthentication.find((i) => i.keyId === key.keyId || key.keyId === null || i.keyId === null);
    // Without a ChipAuthenticationInfo, CA v1 with 3DES is implied (TR-03110 part 3 §A.1.1.2).
    const protocol = info?.protocol ?? OID.CA_ECDH_3DES;
    if (CA_PROTOCOLS[protocol]?.agreement === 'ECDH') return { protocol, spki: key.spki, keyId: key.keyId };
  }
  return { unsupported: 'Chip Authentication with Diffie–Hellman (DH) keys is not implemented; only ECDH' };
}

function failed(failure: NonNullable<CloneCheck['failure']>, algorithm: string, reason: string): ChipAuthOutcome {
  return { verdict: { status: 'failed', failure, algorithm, reason }, channel: null };
}

function swText(r: ResponseApdu): string {
  return r.sw.toString(16).toUpperCase().padStart(4, '0');
}

/**
 * Runs CA over `current` (the BAC or PACE secure channel) to the chip on `plain`. `infos` is DG14 as read; whether
 * the SOD vouches for it is passive authentication's verdict, combined later (clone-checks.ts).
 */
export async function performChipAuthentication(plain: CardChannel, current: SecureChannel, infos: SecurityInfos): Promise<ChipAuthOutcome> {
  const chosen = choose(infos);
  if (!chosen) return { verdict: { status: 'not-offered', failure: null, algorithm: null, reason: null }, channel: null };
  if ('unsupported' in chosen) return { verdict: { status: 'not-supported', failure: null, algorithm: 'DH', reason: chosen.unsupported }, channel: null };
  const { cipher } = CA_PROTOCOLS[chosen.protocol];

  let curve: string | undefined;
  let chipPoint: Uint8Array;
  const named = withNamedCurve(chosen.spki);
  if (!named.ok) return { verdict: { status: 'not-supported', failure: null, algorithm: `ECDH ${cipher}`, reason: `DG14: ${named.reason}` }, channel: null };
  try {
    curve = createPublicKey({ key: Buffer.from(named.spki), format: 'der', type: 'spki' }).asymmetricKeyDetails?.namedCurve;
    chipPoint = subjectPublicKeyBytes(chosen.spki);
  } catch (e) {
    const reason = e instanceof MalformedKeyFileError ? e.message : `DG14’s chip authentication key cannot be decoded: ${e instanceof Error ? e.message : String(e)}`;
    return failed('malformed', `ECDH ${cipher}`, reason);
  }
  if (!curve) return { verdict: { status: 'not-supported', failure: null, algorithm: `ECDH ${cipher}`, reason: 'DG14’s key names a curve this desk does not know' }, channel: null };
  const algorithm = `ECDH ${curveDisplayName(curve)} ${cipher}`;

  const ephemeral = createECDH(curve);
  const ephemeralPublic = new Uint8Array(ephemeral.generateKeys());
  let secret: Uint8Array;
  try {
    secret = new Uint8Array(ephemeral.computeSecret(chipPoint));
  } catch (e) {
    return failed('malformed', algorithm, `DG14’s public key is not a point of ${curve}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const keyRef = chosen.keyId === null ? [] : [encodeTlv(0x84, bigEndian(chosen.keyId))];
  try {
    if (cipher === '3DES') {
      const r = await current.transmit(new CommandApdu({ cla: 0x00, ins: 0x22, p1: 0x41, p2: 0xa6, data: concatBytes(encodeTlv(0x91, ephemeralPublic), ...keyRef) }));
      if (!r.isSuccess) return failed('refused', algorithm, `the chip refused MSE:Set KAT (SW ${swText(r)})`);
    } else {
      const oid = oidBytes(chosen.protocol);
      const r = await current.transmit(new CommandApdu({ cla: 0x00, ins: 0x22, p1: 0x41, p2: 0xa4, data: concatBytes(encodeTlv(0x80, oid), ...keyRef) }));
      if (!r.isSuccess) return failed('refused', algorithm, `the chip refused MSE:Set AT for chip authentication (SW ${swText(r)})`);
      const ga = await current.transmit(new CommandApdu({ cla: 0x00, ins: 0x86, p1: 0x00, p2: 0x00, data: encodeTlv(0x7c, [encodeTlv(0x80, ephemeralPublic)]), le: 256 }));
      if (!ga.isSuccess) return failed('refused', algorithm, `the chip refused GENERAL AUTHENTICATE (SW ${swText(ga)})`);
    }
  } catch (e) {
    if (e instanceof SecureMessagingError) return failed('refused', algorithm, `chip authentication: ${e.message}`);
    throw e;
  }

  // Restart secure messaging under the agreed keys; the old session's keys are forgotten.
  const keys = sessionKeysFromSecret(secret, cipher);
  zeroize(secret);
  current.close();
  const next = new SecureChannel(plain, new SecureMessaging(keys));
  zeroize(keys.ksEnc);
  zeroize(keys.ksMac);
  try {
    const proof = await next.transmit(new CommandApdu({ cla: 0x00, ins: 0xa4, p1: 0x02, p2: 0x0c, data: Uint8Array.of(0x01, 0x1e) }));
    if (proof.sw === 0x6987 || proof.sw === 0x6988) {
      next.close();
      return failed('keys', algorithm, `the chip did not accept the keys agreed with its DG14 key (SW ${swText(proof)}): it does not hold the private key`);
    }
  } catch (e) {
    next.close();
    if (e instanceof SecureMessagingError) return failed('keys', algorithm, `the chip’s answer under the agreed keys does not verify (${e.message}): it does not hold the private key`);
    throw e;
  }
  return { verdict: { status: 'passed', failure: null, algorithm, reason: null }, channel: next };
}

function bigEndian(n: number): Uint8Array {
  const bytes: number[] = [];
  do {
    bytes.unshift(n & 0xff);
    n = Math.floor(n / 256);
  } while (n > 0);
  return Uint8Array.from(bytes);
}

/** The DER content octets of an OID (no tag or length), as DO'80 of MSE:Set AT carries it. */
export function oidBytes(oid: string): Uint8Array {
  const arcs = oid.split('.').map(Number);
  const out: number[] = [arcs[0] * 40 + arcs[1]];
  for (const arc of arcs.slice(2)) {
    const septets: number[] = [];
    let v = arc;
    do {
      septets.unshift(v & 0x7f);
      v = Math.floor(v / 128);
    } while (v > 0);
    for (let i = 0; i < septets.length - 1; i++) septets[i] |= 0x80;
    out.push(...septets);
  }
  return Uint8Array.from(out);
}
