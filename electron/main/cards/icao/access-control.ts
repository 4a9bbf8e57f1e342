// Opening the chip (ICAO Doc 9303 part 11 §4.2): PACE first when EF.CardAccess offers a protocol this reader
// runs, BAC as the fallback (a chip without EF.CardAccess, or whose PACE set-up fails for a reason other than
// the password). PACE is keyed by the CAN when the clerk typed one, else by the MRZ. The eMRTD application is
// selected plainly before BAC and under secure messaging after PACE, so the keys returned are ready to use.
import type { CardChannel } from '../../../../common/apdu/channel';
import { AppError, ErrorCode, isAppError } from '../../../../common/errors';
import type { AccessControl } from '../../../../common/ipc/channels/idcard-access';
import type { MrzInformation } from '../../../../common/mrz/mrz-information';
import { performBac, type RandomSource, type SessionKeys } from './bac';
import { selectEmrtdApplication } from './lds';
import { performPace, type PacePassword } from './pace';
import { choosePace, parseCardAccess, readCardAccess, type PaceChoice } from './pace-info';
import { SecureChannel, SecureMessaging } from './sm';

export interface OpenChipInput {
  /** The MRZ information; more than one when ICAO allows another check digit (a card without expiry date). */
  candidates: MrzInformation[];
  /** The CAN printed on the card, when the clerk typed it. */
  can?: string;
  random: RandomSource;
}

export interface OpenedChip {
  keys: SessionKeys;
  accessControl: AccessControl;
}

/** The PACE to run, and whether to name its parameter set in MSE:Set AT (tag 84: required when the chip lists several). */
async function paceChoice(channel: CardChannel): Promise<{ choice: PaceChoice; sendParameterId: boolean } | null> {
  let bytes: Uint8Array | null;
  try {
    bytes = await readCardAccess(channel);
  } catch (e) {
    // A card removed mid-read is not "no PACE"; anything the chip merely refuses is.
    if (isAppError(e) && e.code !== ErrorCode.CardError) throw e;
    return null;
  }
  if (!bytes) return null;
  try {
    const infos = parseCardAccess(bytes);
    const choice = choosePace(infos);
    return choice ? { choice, sendParameterId: infos.length > 1 } : null;
  } catch {
    return null; // malformed EF.CardAccess: BAC, if the chip has it, still opens it
  }
}

/** Selects the eMRTD application through the fresh PACE session and hands back keys at the SSC reached. */
async function selectAfterPace(channel: CardChannel, keys: SessionKeys): Promise<SessionKeys> {
  const sm = new SecureMessaging(keys);
  try {
    await selectEmrtdApplication(new SecureChannel(channel, sm));
    return { ...keys, ssc: sm.sendSequenceCounter };
  } finally {
    sm.close();
  }
}

async function openWithPace(channel: CardChannel, { choice, sendParameterId }: { choice: PaceChoice; sendParameterId: boolean }, input: OpenChipInput): Promise<OpenedChip> {
  const passwords: PacePassword[] = input.can ? [{ kind: 'CAN', can: input.can }] : input.candidates.map((info) => ({ kind: 'MRZ', info }));
  for (let i = 0; ; i++) {
    try {
      const { keys } = await performPace(channel, choice, passwords[i], { random: input.random, sendParameterId });
      return {
        keys: await selectAfterPace(channel, keys),
        accessControl: { protocol: 'PACE', password: passwords[i].kind, mapping: 'ECDH-GM', curve: choice.curve.name, cipher: choice.cipher },
      };
    } catch (e) {
      if (!(isAppError(e) && e.code === ErrorCode.CardAccessDenied) || i === passwords.length - 1) throw e;
    }
  }
}

async function openWithBac(channel: CardChannel, input: OpenChipInput): Promise<OpenedChip> {
  for (let i = 0; ; i++) {
    await selectEmrtdApplication(channel);
    try {
      const keys = await performBac(channel, input.candidates[i], input.random);
      return { keys, accessControl: { protocol: 'BAC', password: 'MRZ', mapping: null, curve: null, cipher: '3DES' } };
    } catch (e) {
      if (!(isAppError(e) && e.code === ErrorCode.CardAccessDenied) || i === input.candidates.length - 1) throw e;
    }
  }
}

/** PACE when offered, else BAC; throws AppError (CardAccessDenied for a wrong MRZ or CAN). */
export async function openChip(channel: CardChannel, input: OpenChipInput): Promise<OpenedChip> {
  const pace = await paceChoice(channel);
  if (!pace) return openWithBac(channel, input);
  try {
    return await openWithPace(channel, pace, input);
  } catch (e) {
    // A wrong password is the answer; only a PACE that could not run falls back to BAC.
    if (isAppError(e) && e.code === ErrorCode.CardAccessDenied) throw e;
    try {
      return await openWithBac(channel, input);
    } catch (bacError) {
      if (isAppError(bacError) && bacError.code === ErrorCode.CardAccessDenied) throw bacError;
      throw isAppError(e) ? e : new AppError(ErrorCode.CardError, `PACE failed: ${(e as Error).message}`, { cause: e });
    }
  }
}
