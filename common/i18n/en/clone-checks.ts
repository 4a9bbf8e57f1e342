// English: clone detection on the ID check (issue 11, deliver 4). Keys must match az/ and ru/clone-checks.ts.
export default {
  idCheck: {
    clone: {
      label: 'Clone detection',
      chipAuth: 'Chip Authentication',
      activeAuth: 'Active Authentication',
      status: { passed: 'passed', failed: 'FAILED', 'not-offered': 'not offered by the chip', 'not-supported': 'not done (not supported on this desk)' },
      failure: {
        'key-not-vouched': 'its key is not covered by the issuer’s signature',
        signature: 'the chip’s signature is wrong',
        keys: 'the chip could not go on under the agreed keys',
        refused: 'the chip refused the check',
        malformed: 'the chip’s key file is damaged',
      },
      none: 'The chip offers no clone detection (no Chip or Active Authentication): check the card by eye.',
    },
    refusal: {
      chipAuth: 'Refused: the chip failed Chip Authentication — it does not hold its own key. It is most likely a copied chip.',
      activeAuth: 'Refused: the chip failed Active Authentication — it does not hold its own key. It is most likely a copied chip.',
    },
  },
};
