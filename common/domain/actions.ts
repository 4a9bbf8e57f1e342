// Names of the overrides a supervisor can approve; main checks an approval was given for exactly this action.
export const MANUAL_IDENTITY_ACTION = 'identity.manual';
