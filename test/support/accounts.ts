// The accounts every test desk is set up with — one password per account for integration and e2e tests alike, so
// an approval or an unlock in any test uses the same values as the set-up that created the account.
// No imports: Playwright specs use this without loading the desk's services.

/** The administrator created by the first-run set-up (a supervisor). */
export const ADMIN = { username: 'admin', password: 'correct-horse-9', displayName: 'Aysel Məmmədova' } as const;

/** A clerk added by the administrator (the flows tests work as a clerk and ask ADMIN for approvals). */
export const CLERK = { username: 'clerk', password: 'clerk-password', displayName: 'Elvin Clerk' } as const;

/** A second supervisor: an approval needs someone other than the clerk who asks, so a desk signed in as ADMIN is
 * approved for by SUPERVISOR (added by the test that needs her). */
export const SUPERVISOR = { username: 'nigar', password: 'second-pair-of-eyes', displayName: 'Nigar Supervisor' } as const;

/** Office and desk names of the first-run set-up. */
export const OFFICE = 'ASXM Bakı-1';
export const DESK = 'Masa 3';
