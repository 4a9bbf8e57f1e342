// English: closing and cancelling visits, the identity check's age, and provisional / final operations and
// receipts (issue 9, items 5 and 6). Keys must match az/ and ru/visits-lifecycle.ts.
export default {
  errors: {
    IDENTITY_CHECK_STALE: 'The identity check is older than {maxAgeHours} hours: check the ID again (F3) and continue on the new visit.',
    VISIT_NOT_EMPTY: 'Only a visit without operations can be cancelled: close it instead.',
  },
  lifecycle: {
    close: 'Close the visit',
    cancel: 'Cancel the visit',
    closeNow: 'Close the visit now?',
    keepOpen: 'Keep it open',
    state: { open: 'Open', completed: 'Closed', cancelled: 'Cancelled' },
    reason: { clerk: 'closed by the clerk', receipt: 'closed after the receipt', 'end-of-day': 'closed at the end of the day', cancelled: 'cancelled' },
    closedNotice: 'This visit is closed ({reason}): it takes no new operations.',
    cancelledNotice: 'This visit was cancelled.',
    status: 'Status',
    sync: 'Sync',
  },
  conflictNotice: { all: 'Conflicts to resolve: {count}', mine: 'Your operations not accepted centrally: {count}' },
  opSync: {
    provisional: 'Provisional',
    final: 'Final',
    conflict: 'Conflict',
    provisionalHint: 'Not yet confirmed by the central office',
    conflictHint: 'The central office did not accept it: a supervisor resolves it on the Sync page',
    /** The journal's sync column: only the states a visit's operations are in. */
    part: { final: '{count} final', provisional: '{count} provisional', conflict: '{count} in conflict' },
  },
  print: {
    provisional: 'Provisional: not yet confirmed by the central office',
    final: 'Final: confirmed by the central office',
    copy: 'Copy',
  },
  reference: {
    parameters: { VisitIdentityMaxAgeHours: 'An identity check is good for (hours)' },
    shippedNotes: { parameters: { visit_identity_maxAgeHours: 'a working day: an older identity check is done again' } },
  },
};
