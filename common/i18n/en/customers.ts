// English: customer look-ups (issue 9) — the `masa customer show` command's text and the look-up's field codes.
// Keys match az/ and ru/.
export default {
  customerCli: {
    customer: 'Customer',
    fin: 'FIN {value}',
    foreigner: '{nationality} passport {value}',
    source: {
      server: 'From the central office, as of {asOf}.',
      replica: 'The central office did not answer: from this desk’s copy, last confirmed {asOf}.',
      journal: 'The central office did not answer: from this desk’s own journal only (never confirmed centrally).',
    },
    documents: 'Documents',
    certificates: 'Certificates',
    sims: 'SIM cards',
    poas: 'Powers of attorney',
    services: 'Services',
    registrations: 'Registrations',
    visits: 'Visits',
    none: 'none',
    daysLeft: '{days} days left',
    actsFor: 'acts for {name}',
    representedBy: 'represented by {name}',
    revoked: 'revoked {date}',
    notFound: 'No customer with {by} “{value}”.',
    by: { fin: 'FIN', document: 'document number', iccid: 'ICCID', msisdn: 'number', imei: 'IMEI', key: 'key' },
  },
  validation: {
    CUSTOMER_FIN_FORMAT: 'A FIN is 7 letters and digits (a foreigner’s personal code 5–6).',
    CUSTOMER_DOCUMENT_FORMAT: 'A document number is 5–20 letters and digits.',
    CUSTOMER_ICCID_FORMAT: 'An ICCID is 19–20 digits starting with 89.',
    CUSTOMER_MSISDN_FORMAT: 'A number is +994 and nine digits (or 0 and nine digits).',
    CUSTOMER_IMEI_FORMAT: 'An IMEI is 15 digits.',
    CUSTOMER_KEY_FORMAT: 'Not a customer key (fin:… or passport:…).',
    CUSTOMER_QUERY_FORMAT: 'Not a FIN, document number, ICCID, number or IMEI.',
  },
};
