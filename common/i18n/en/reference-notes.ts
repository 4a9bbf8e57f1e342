// English: the notes shipped with the default reference data (resources/reference-data), keyed <table>.<code with _>.
// The editor shows them in the clerk's language while they are unchanged (renderer/src/flows/reference-labels.ts).
export default {
  reference: {
    /** Where a table's version came from (reference_tables.source). */
    sources: { default: 'shipped with the application', local: 'edited at this desk', sync: 'from the central office' },
    shippedNotes: {
      asan_tariffs: {
        ferdi: '2.50 AZN/month from 20 Aug 2018 (seed 002)',
        biznes: '18 AZN + 2.50/month (public figure, unconfirmed)',
        dovlet: '16 AZN (public figure, unconfirmed)',
      },
      fees: {
        sim_duplicate: "any operator without a row of its own, and desks whose office type is not known: Bakcell's 7 AZN, the only published figure; enter Azercell's, Nar's and Naxtel's prices as rows with their operator",
        sim_duplicate_Bakcell: 'Bakcell duplicate fee 7 AZN from July 2024 (DOMAIN.md §3)',
        sim_duplicate_asxm: "an ASXM office charges nothing for a SIM duplicate: the operator's fee is the operator's (version 3)",
        sim_sell: 'Asan İmza SIM price at the operator office: placeholder until the operator publishes it (set it in Reference data)',
        cert_issue_ferdi: 'citizen 0 AZN (later public figure)',
        cert_issue_biznes: 'business 18 AZN (later public figure)',
        cert_issue_dovlet: 'government 16 AZN (later public figure)',
      },
      imei_price_bands: {
        band_1: 'placeholder bands: replace with the registry’s current price list',
      },
      parameters: {
        asan_renewal_onlineDaysBefore: 'one ASXM page says 10 days before / 30 after',
      },
      token_tariffs: {
        citizen: 'prices differ by type; fill from the current price list',
      },
    },
  },
};
