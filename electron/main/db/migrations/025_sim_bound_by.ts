import type { Migration } from './index';

// Which operation bound a SIM on this desk (issue 12's voids): a voided certificate issue unbinds the SIM only when
// the issue itself bound it (a SIM the desk did not know yet), never one sold or bound before. Null for SIMs bound
// before this column, for retired rows pulled from the server, and for a SIM a voided duplicate bound again.
export const migration025: Migration = {
  version: 25,
  name: 'flows: the operation that bound a SIM',
  up: `
    ALTER TABLE sim_cards ADD COLUMN bound_by_op TEXT;
  `,
};
