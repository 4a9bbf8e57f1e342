// Issue 14 fixes: field limits named at the field, a second person for approvals, the approver named.
export default {
  simDup: {
    oldIccidOptional: 'ICCID старой SIM-карты (если известен)',
    oldIccidLostHint: 'SIM-карта утеряна: оставьте пустым, SIM-карта этого номера будет выведена из оборота.',
    doneLostUnknown: '{msisdn} теперь на SIM {newIccid}; утерянная SIM-карта этого номера выводится из оборота центрально.',
  },
  print: {
    bandUpTo: 'до {max}',
    bandRange: '{min} – {max}',
    bandFrom: 'от {min}',
  },
  errors: {
    APPROVER_IS_REQUESTER: 'Одобрить должен второй человек: нельзя одобрить собственный запрос. Обратитесь к другому руководителю.',
  },
  visitPage: {
    manualApprovedBy: 'Введено вручную, одобрил(а) {name}: {reason}',
    approvedBy: 'одобрил(а) {name}',
  },
  validation: {
    TOO_LONG: 'Не более {count} символов.',
    TOO_SHORT: 'Не менее {count} символов.',
  },
};
