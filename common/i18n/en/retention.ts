// English: personal data retention on the desk (issue 10, deliver 11). Keys must match az/ and ru/retention.ts.
export default {
  errors: {
    PERSONAL_DATA_PURGED: 'The customer’s details of this visit were removed from the desk after {days} days: its receipt and forms cannot be printed again here. The central office keeps the record.',
  },
  retention: {
    /** In the journal and on the visit page instead of the customer's name. */
    removed: 'Customer details removed after {days} days (kept at the central server)',
    days: 'Customer details are removed from the desk after (days, once synced)',
  },
};
