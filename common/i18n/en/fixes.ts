// Issue 14 fixes: field limits named at the field, a second person for approvals, the approver named.
export default {
  simDup: {
    oldIccidOptional: 'Old SIM’s ICCID (if known)',
    oldIccidLostHint: 'A lost SIM: leave empty, the SIM on this number is retired.',
    doneLostUnknown: '{msisdn} now on SIM {newIccid}; the lost SIM on this number is retired centrally.',
  },
  print: {
    bandUpTo: 'up to {max}',
    bandRange: '{min} – {max}',
    bandFrom: '{min} and more',
  },
  errors: {
    APPROVER_IS_REQUESTER: 'A second person must approve: you cannot approve your own request. Ask another supervisor.',
  },
  visitPage: {
    manualApprovedBy: 'Entered by hand, approved by {name}: {reason}',
    approvedBy: 'approved by {name}',
  },
  validation: {
    TOO_LONG: 'At most {count} characters.',
    TOO_SHORT: 'At least {count} characters.',
  },
};
