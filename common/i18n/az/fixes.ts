// Issue 14 fixes: field limits named at the field, a second person for approvals, the approver named.
export default {
  simDup: {
    oldIccidOptional: 'Köhnə SIM-in ICCID-i (məlumdursa)',
    oldIccidLostHint: 'İtirilmiş SIM: boş saxlayın, bu nömrədəki SIM ləğv edilir.',
    doneLostUnknown: '{msisdn} artıq {newIccid} SIM-dədir; bu nömrədəki itirilmiş SIM mərkəzdə ləğv edilir.',
  },
  print: {
    bandUpTo: '{max}-dək',
    bandRange: '{min} – {max}',
    bandFrom: '{min} və daha çox',
  },
  errors: {
    APPROVER_IS_REQUESTER: 'Təsdiqi ikinci şəxs verməlidir: öz sorğunuzu təsdiqləyə bilməzsiniz. Başqa rəhbərə müraciət edin.',
  },
  visitPage: {
    manualApprovedBy: 'Əl ilə daxil edilib, {name} təsdiqləyib: {reason}',
    approvedBy: '{name} təsdiqləyib',
  },
  validation: {
    TOO_LONG: 'Ən çoxu {count} simvol.',
    TOO_SHORT: 'Ən azı {count} simvol.',
  },
};
