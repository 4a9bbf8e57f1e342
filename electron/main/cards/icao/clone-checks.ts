// A clone check proves possession of a key; only passive authentication says whose key it is. A forger who writes
// his own key into DG14/DG15 passes AA and CA with his own chip — but then the file's hash no longer matches the
// SOD. So a passed AA or CA stands only when passive authentication vouches for the file that holds the key.
import type { CardChannel } from '../../../../common/apdu/channel';
import { NOT_OFFERED, type CloneCheck } from '../../../../common/ipc/channels/idcard-clone';
import { performActiveAuthentication } from './active-auth';
import type { RandomSource } from './bac';
import { performChipAuthentication } from './chip-auth';
import { parseEfCom } from './data-groups';
import type { LdsReader } from './lds';
import type { PassiveAuthResult } from './passive-auth';
import { MalformedKeyFileError, parseDg14, type SecurityInfos } from './security-infos';
import type { SecureChannel } from './sm';

/** `check` as it stands once passive authentication has judged data group `dataGroup` (14 for CA, 15 for AA). */
export function vouchedCloneCheck(check: CloneCheck, dataGroup: 14 | 15, passive: PassiveAuthResult | null): CloneCheck {
  if (check.status !== 'passed') return check;
  const file = `DG${dataGroup}`;
  if (!passive) return { ...check, status: 'failed', failure: 'key-not-vouched', reason: `the chip has no EF.SOD, so nothing vouches for the key in ${file}` };
  if (passive.mismatchedDataGroups.includes(dataGroup)) {
    return { ...check, status: 'failed', failure: 'key-not-vouched', reason: `${file} does not match its hash in the SOD: the key may not be the issuing state’s` };
  }
  if (passive.signature !== 'ok') return { ...check, status: 'failed', failure: 'key-not-vouched', reason: `the SOD signature is invalid, so nothing vouches for the key in ${file}` };
  return check;
}

export interface CloneCheckedFiles {
  dg1: Uint8Array | null;
  dg2: Uint8Array | null;
  dg14: Uint8Array | null;
  dg15: Uint8Array | null;
  sod: Uint8Array | null;
  chipAuth: CloneCheck;
  activeAuth: CloneCheck;
}

export interface CloneCheckedReadOptions {
  /** The plain channel to the chip (CA restarts secure messaging on it). */
  plain: CardChannel;
  /** The secure channel BAC or PACE opened. */
  secure: SecureChannel;
  /** Opens the chip again (SELECT + BAC/PACE) when a failed CA left it without a session. */
  reopen: () => Promise<SecureChannel>;
  /** Tells the caller which channel is current, so it closes the right one. */
  onChannel: (channel: SecureChannel) => void;
  lds: (channel: CardChannel) => LdsReader;
  /** EF.COM as read (null when the chip has none: then DG14/DG15 are tried and a 6A82 means absent). */
  com: Uint8Array | null;
  random: RandomSource;
}

/**
 * The files after EF.COM, with clone detection: DG14 first and CA (the rest is then read under the new keys, which
 * proves them), then DG1, DG2, DG15, EF.SOD and AA over the channel that stands. A chip failing CA is opened again,
 * so the clerk still sees what it claims, refused.
 */
export async function readWithCloneChecks(o: CloneCheckedReadOptions): Promise<CloneCheckedFiles> {
  const listed = o.com ? parseEfCom(o.com).dataGroupTags : null;
  const offers = (tag: number) => listed === null || listed.includes(tag);
  let secure = o.secure;
  let lds = o.lds(secure);
  const dg14 = offers(0x6e) ? await lds.readFile('DG14') : null;
  let chipAuth: CloneCheck = NOT_OFFERED;
  let infos: SecurityInfos | null = null;
  if (dg14) {
    try {
      infos = parseDg14(dg14);
    } catch (e) {
      if (!(e instanceof MalformedKeyFileError)) throw e;
      chipAuth = { status: 'failed', failure: 'malformed', algorithm: null, reason: e.message };
    }
    if (infos) {
      const outcome = await performChipAuthentication(o.plain, secure, infos);
      chipAuth = outcome.verdict;
      if (outcome.channel) secure = outcome.channel;
      else if (outcome.sessionLost) secure = await o.reopen();
      o.onChannel(secure);
      lds = o.lds(secure);
    }
  }
  const dg1 = await lds.readFile('DG1');
  const dg2 = await lds.readFile('DG2');
  const dg15 = offers(0x6f) ? await lds.readFile('DG15') : null;
  const sod = await lds.readFile('SOD');
  const activeAuth = dg15 ? await performActiveAuthentication(secure, dg15, infos?.activeAuthenticationAlgorithm ?? null, o.random) : NOT_OFFERED;
  return { dg1, dg2, dg14, dg15, sod, chipAuth, activeAuth };
}
