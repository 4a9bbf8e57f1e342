// Issue 14 fixes: field limits named at the field, a second person for approvals, the approver named.
export default {
  validation: {
    TOO_LONG: 'Ən çoxu {count} simvol.',
    TOO_SHORT: 'Ən azı {count} simvol.',
  },
};
