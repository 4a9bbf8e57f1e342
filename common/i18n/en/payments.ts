// English: payments, voids and refunds (issue 12). Keys must match az/ and ru/payments.ts.
export default {
  errors: {
    VISIT_UNPAID: 'This visit is not paid ({due} due): take the payment (Alt+M) before closing it.',
    NOTHING_TO_PAY: 'This visit has nothing left to pay.',
    FREE_REASON_REQUIRED: 'A waived fee needs a reason: choose one from the list.',
    ALREADY_VOIDED: 'This operation is already voided.',
    VOID_NOT_SAME_DAY: 'Only an operation made today can be voided: this one was made on {date}.',
    VOID_NOT_REVERSIBLE: 'This kind of operation cannot be undone, so it cannot be voided.',
    VOID_USED_SINCE: 'This cannot be voided: another operation already relies on it.',
  },
  payments: {
    title: 'Payment',
    take: 'Take payment',
    due: 'To pay',
    total: 'Total',
    paid: 'Paid',
    unpaid: 'Not paid',
    free: 'Free of charge',
    method: 'Paid by',
    methods: { cash: 'Cash', card: 'Card', free: 'Free (fee waived)' },
    freeReason: 'Reason the fee is waived',
    confirm: 'Confirm payment',
    keys: '1 cash · 2 card · 3 free · Enter confirms · Esc goes back',
    recorded: 'Payment recorded: {amount} by {method}.',
    nothingDue: 'Nothing to pay on this visit.',
    refund: 'Refund',
    refunded: 'Refunded {amount} by {method}',
    line: { voided: 'Voided' },
  },
  voids: {
    action: 'Void',
    title: 'Void the operation',
    intro: 'Voiding undoes {kind} made at {time}. A supervisor approves it here; a paid fee is refunded by the method it was paid by.',
    reason: 'Why is it voided?',
    confirm: 'Void it',
    voided: 'Voided',
    voidedBy: 'Voided at {time}: {reason}',
    done: 'The operation was voided.',
    refundDone: 'Refund: {amount} by {method}. Give it back to the customer.',
  },
  print: {
    paidBy: 'Paid by',
    freeReason: 'Fee waived',
    unpaid: 'NOT PAID: {amount} due — this is not a receipt of payment',
    refund: 'Refund: {kind}',
    voided: 'VOIDED',
    refundSlip: 'Refund slip',
    refundTotal: 'Refunded',
  },
  sync: {
    conflictReason: {
      void_not_reversible: 'The voided operation had already been built on centrally (its SIM moved on, or its certificate was replaced): nothing was undone.',
    },
  },
  /** Sync-only kinds on the queue. */
  kinds: { visit: { pay: 'Payment' }, op: { void: 'Void of an operation' } },
  audit: { kinds: { payment: 'Payment taken', operation_void: 'Operation voided', print_refundSlip: 'Refund slip printed' }, fields: { paymentId: 'payment', refundMinor: 'refund' } },
  reference: {
    shippedNotes: {
      free_reasons: {
        disability: "fee waived on the customer's disability certificate",
        veteran: "fee waived on the veteran's certificate",
        service_error: 'the office redoes an operation it got wrong',
        promotion: "the operator's published promotion",
      },
    },
  },
};
