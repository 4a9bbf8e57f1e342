// A SIM sale is refused centrally when its number is already bound to another subscriber's SIM: that look-up is by
// number, so it needs an index (one per pushed sale).
export default {
  version: 3,
  name: 'msisdn_index',
  up: `CREATE INDEX iccid_bindings_msisdn ON iccid_bindings (msisdn) WHERE msisdn IS NOT NULL;`,
};
