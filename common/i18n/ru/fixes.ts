// Issue 14 fixes: field limits named at the field, a second person for approvals, the approver named.
export default {
  validation: {
    TOO_LONG: 'Не более {count} символов.',
    TOO_SHORT: 'Не менее {count} символов.',
  },
};
