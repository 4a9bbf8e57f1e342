// SIM duplicate (DOMAIN.md §3, §6): keeps the MSISDN, binds the new ICCID, retires the old one.
import { ErrorCode } from '../../errors';
import { normaliseMsisdn, validateIccid, validateMobileMsisdn } from '../identifiers';
import { violation, type Verdict } from './result';

export interface SimBinding {
  iccid: string;
  msisdn: string;
  subject: string;
  status: 'active' | 'retired';
}

export function checkMsisdn(msisdn: string, mobilePrefixes: readonly string[], field = 'msisdn'): Verdict {
  const code = validateMobileMsisdn(msisdn, mobilePrefixes);
  return code ? violation(ErrorCode.InvalidInput, 'The phone number is not valid.', { fields: { [field]: code } }) : null;
}

export function checkIccidFormat(iccid: string, field: string): Verdict {
  const code = validateIccid(iccid);
  return code ? violation(ErrorCode.InvalidInput, 'The ICCID is not valid.', { fields: { [field]: code } }) : null;
}

/**
 * Duplicate checks against what the desk knows: `oldSim` and `newSim` are the local bindings of those ICCIDs
 * (null when unknown here), `current` the active binding of the MSISDN.
 */
export function checkSimDuplicate(args: {
  msisdn: string;
  subject: string;
  oldIccid: string;
  newIccid: string;
  oldSim: SimBinding | null;
  newSim: SimBinding | null;
  current: SimBinding | null;
}): Verdict {
  const msisdn = normaliseMsisdn(args.msisdn) ?? args.msisdn;
  if (args.oldIccid === args.newIccid) return violation(ErrorCode.InvalidInput, 'The new SIM is the old SIM.', { fields: { newSim: 'ICCID_SAME_AS_OLD' } });
  if (args.newSim) {
    if (args.newSim.status === 'retired') return violation(ErrorCode.IccidRetired, 'The new SIM was retired earlier and cannot be used again.', { fields: { newSim: 'ICCID_RETIRED' } });
    return violation(ErrorCode.IccidInUse, 'The new SIM is already bound to a number.', { fields: { newSim: 'ICCID_IN_USE' }, details: { msisdn: args.newSim.msisdn } });
  }
  if (args.oldSim) {
    if (args.oldSim.status === 'retired') return violation(ErrorCode.IccidRetired, 'The old SIM was already retired.', { fields: { oldIccid: 'ICCID_RETIRED' } });
    if (args.oldSim.msisdn !== msisdn) return violation(ErrorCode.OldIccidMismatch, 'The old SIM belongs to another number.', { fields: { oldIccid: 'OLD_ICCID_MISMATCH' } });
  }
  if (args.current && args.current.iccid !== args.oldIccid) {
    return violation(ErrorCode.OldIccidMismatch, 'The number is bound to another SIM than the one given as old.', { fields: { oldIccid: 'OLD_ICCID_MISMATCH' } });
  }
  const owner = args.current ?? args.oldSim;
  if (owner && owner.subject !== args.subject) {
    return violation(ErrorCode.SubscriberMismatch, 'The number belongs to another subscriber: the subscriber or their trustee must come.');
  }
  return null;
}
