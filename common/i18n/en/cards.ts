// Card readers and e-İmza tokens: PUK errors, the PIN and PUK counters a card reports, a card that is not a token,
// and the choice between readers when more than one holds the card asked for.
export default {
  errors: {
    PUK_WRONG: 'Wrong PUK. Each wrong PUK uses up one try; when none are left the card is blocked for good.',
    PUK_BLOCKED: 'The PUK is blocked: the card can no longer be unblocked and must be replaced.',
    NOT_A_TOKEN: 'The card in “{reader}” is not an e-İmza token.',
    READER_AMBIGUOUS: 'More than one reader holds such a card ({readers}). Choose the reader, or take out the card that is not needed.',
  },
  token: {
    pin: { unset: 'PIN not set: set it with the PUK' },
  },
  tokenCounters: {
    pin: 'PIN: {left} of {max} tries left',
    pinLeft: 'PIN: {left} tries left',
    puk: 'PUK: {left} of {max} tries left',
    pukLeft: 'PUK: {left} tries left',
    pukState: {
      ok: 'PUK usable',
      low: 'PUK: few tries left — at zero the card is blocked for good',
      blocked: 'PUK blocked: the card must be replaced',
      unset: 'PUK not set',
      unknown: 'PUK state unknown',
    },
  },
  readerChoice: {
    prompt: 'Read from which reader?',
    read: 'Read from {reader}',
  },
  // Issue 11: the kind of each card, how it was found, and the desk's named readers (Settings).
  validation: {
    READER_SAME: 'The ID reader and the SIM reader must be two different readers.',
  },
  hardware: {
    kindSources: {
      atr: 'by its ATR',
      probe: 'the card answered',
      setting: 'named reader (settings)',
    },
  },
  readerSettings: {
    title: 'Card readers',
    intro: 'The desk finds the ID card and the SIM by asking each card. Name a reader here only if this desk always uses it for one kind of card: it is then tried first.',
    idReader: 'ID card reader',
    simReader: 'SIM card reader',
    automatic: 'Any reader (the cards say which)',
    notConnected: '{reader} (not connected)',
    saved: 'The card readers are saved.',
  },
  audit: {
    settings: {
      idReader: 'ID card reader',
      simReader: 'SIM card reader',
    },
  },
};
