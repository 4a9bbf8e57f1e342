// Chip Authentication (ICAO Doc 9303 part 11 §6.2, BSI TR-03110 part 3 §3.4): an ephemeral ECDH (or DH) key agreement
// with the chip's static key of DG14, from which both sides derive new secure-messaging keys; secure messaging
// restarts with them (SSC = 0). A copy of the chip's files has DG14 but not the private key, so it cannot derive the
// same keys: its first answer under them fails the MAC check. That first answer is asked for here (a protected
// SELECT of EF.COM), so the verdict rests on the chip answering correctly under the new keys.
//  - 3DES (id-CA-ECDH-3DES-CBC-CBC): MSE:Set KAT with the ephemeral public key (DO'91) and the key id (DO'84).
//  - AES (id-CA-ECDH-AES-CBC-CMAC-*): MSE:Set AT with the protocol (DO'80) and key id, then GENERAL AUTHENTICATE
//    with the ephemeral public key in the dynamic authentication data (7C { 80 }).
import { CommandApdu, type ResponseApdu } from '../../../../common/apdu/apdu';
import type { CardChannel } from '../../../../common/apdu/channel';
import { encodeTlv } from '../../../../common/apdu/tlv';
import { concatBytes, zeroize } from '../../../../common/bytes';
import type { CloneCheck } from '../../../../common/ipc/channels/idcard-clone';
import { sessionKeysFromSecret } from './sm-cipher';
import { agreeDh, agreeEcdh } from './ca-agreement';
import { CA_PROTOCOLS, OID, type SecurityInfos } from './security-infos';
import { SecureChannel, SecureMessaging, SecureMessagingError } from './sm';


export interface ChipAuthOutcome {
  verdict: CloneCheck;
  /** The channel under the new keys when CA passed; null otherwise. */
  channel: SecureChannel | null;
  /** CA commands went to the chip and did not pass: its session may be gone, open the chip again to read on. */
  sessionLost: boolean;
}

/** The (ChipAuthenticationInfo, public key) pair to run: the first ECDH key, else the first DH key. */
function choose(infos: SecurityInfos): { protocol: string; spki: Uint8Array; keyId: number | null } | null {
  const keys = infos.chipAuthenticationKeys;
  const key = keys.find((k) => k.protocol === OID.PK_ECDH) ?? keys[0];
  if (!key) return null;
  const agreement = key.protocol === OID.PK_ECDH ? 'ECDH' : 'DH';
  const info = infos.chipAuthentication.find((i) => CA_PROTOCOLS[i.protocol].agreement === agreement && (i.keyId === key.keyId || key.keyId === null || i.keyId === null));
  // Without a ChipAuthenticationInfo, CA v1 with 3DES is implied (TR-03110 part 3 §A.1.1.2).
  return { protocol: info?.protocol ?? (agreement === 'ECDH' ? OID.CA_ECDH_3DES : OID.CA_DH_3DES), spki: key.spki, keyId: key.keyId };
}

function failed(failure: NonNullable<CloneCheck['failure']>, algorithm: string, reason: string): ChipAuthOutcome {
  return { verdict: { status: 'failed', failure, algorithm, reason }, channel: null, sessionLost: true };
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
  if (!chosen) return { verdict: { status: 'not-offered', failure: null, algorithm: null, reason: null }, channel: null, sessionLost: false };
  const { cipher } = CA_PROTOCOLS[chosen.protocol];

  const agreed = CA_PROTOCOLS[chosen.protocol].agreement === 'ECDH' ? agreeEcdh(chosen.spki, cipher) : agreeDh(chosen.spki, cipher);
  if (!agreed.ok) return { verdict: agreed.verdict, channel: null, sessionLost: false };
  const { algorithm, ephemeralPublic, secret } = agreed;
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
      // A nonce (81) and token (82) in the answer are TR-03110 v2's CA for EAC2 (keys from K and the nonce), which
      // eMRTDs do not use and this desk does not run: not a verdict on the chip.
      if (ga.data.length > 2) {
        current.close();
        return { verdict: { status: 'not-supported', failure: null, algorithm, reason: 'the chip answered chip authentication with a nonce (TR-03110 version 2), which this desk does not run' }, channel: null, sessionLost: true };
      }
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
  return { verdict: { status: 'passed', failure: null, algorithm, reason: null }, channel: next, sessionLost: false };
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
