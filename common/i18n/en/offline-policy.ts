// English: the per-operation offline policy (issue 9, item 4). Keys must match az/ and ru/offline-policy.ts.
export default {
  errors: {
    OFFLINE_REFUSED: 'Not done offline: this operation needs the central office. Try again when the desk is back online.',
    CENTRAL_CHECK_STALE: 'This operation needs a central check of the customer made within the last {maxAgeHours} hours. Connect the desk to the central office and open the screen again.',
    NOT_OFFERED_HERE: 'This office does not offer this operation: its desks are of another type. Send the customer to an office that does it.',
  },
  offlinePolicy: {
    mode: {
      allowed: 'May be done offline',
      'fresh-check': 'Needs a central check of the customer within {hours} h',
      'online-only': 'Only while the desk is online',
    },
    refused: {
      OFFLINE_REFUSED: '{kind}: not available now — only while the desk is online, and it cannot reach the central office.',
      CENTRAL_CHECK_STALE: '{kind}: not available now — it needs a central check of the customer within {hours} h; {last}.',
      NOT_OFFERED_HERE: '{kind}: not offered at this office (its type does not include it).',
    },
    lastCheck: 'last central check {when}',
    neverChecked: 'the customer was never checked centrally from this desk',
    checkedOk: '{kind}: checked centrally {when}.',
    unavailable: 'not available offline',
  },
  reference: {
    tables: { office_operations: 'Operations each office type offers', offline_policies: 'Offline policy' },
    columns: { kinds: 'Operation kinds offered', mode: 'Mode (allowed, fresh-check, online-only)', maxAgeHours: 'Central check within (hours)' },
    shippedNotes: {
      office_operations: {
        asxm: 'ASXM: identity, certificates, powers of attorney and company letters, e-Imza tokens (DOMAIN.md §1, §7)',
        operator: 'operator office: SIM sale and duplicate, the Asan Imza service, IMEI registration; a power of attorney its trustees act under may be revoked here too',
        post: 'post office or bank: IMEI and KOMIS registration',
      },
      offline_policies: {
        poa_create: 'registered offline; the server re-checks it and every desk gets it',
        sim_duplicate: 'whose number it is is decided centrally: a check of the customer within a day',
        imei_register: 'a device registered twice becomes a conflict the supervisor resolves',
      },
    },
  },
  validation: { OPERATION_KIND: 'An operation kind, e.g. sim.duplicate' },
};
