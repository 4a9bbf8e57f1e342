// English: PACE and the CAN on the ID check (issue 11, deliver 3). Keys must match az/ and ru/access-control.ts.
export default {
  idCheck: {
    can: {
      label: 'CAN (optional)',
      hint: 'The 6-digit number printed on the front of the card. Needed only when the chip does not open with the MRZ.',
      invalid: 'The CAN is 6 digits.',
      denied: 'Access denied — check the CAN (the 6 digits printed on the card).',
    },
    access: {
      label: 'Chip opened with',
      pace: 'PACE ({curve}, {cipher}) with the {password}',
      bac: 'BAC ({cipher}) with the MRZ',
    },
  },
};
