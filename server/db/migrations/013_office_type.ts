// Office types (issue 12, deliver 7): an office is an ASXM centre, a mobile operator's office or a post office/bank
// (DOMAIN.md §7). Fees differ by office type (an ASXM office charges no SIM duplicate), so the desk must know its
// office's. Existing offices become ASXM, the default of `masa-server office add`; an administrator changes it with
// `masa-server office type NAME TYPE`.
//
// Desks learn the type at enrolment and from the pulled `office_profile` row of their office (one row per office,
// visible to that office only). The offices that exist now get theirs here, so desks enrolled before pick it up at
// their next pull; the version follows the clock in milliseconds like every central row's (store/changes.ts).
export default {
  version: 13,
  name: 'office_type',
  up: `
ALTER TABLE offices ADD COLUMN type text NOT NULL DEFAULT 'asxm' CHECK (type IN ('asxm', 'operator', 'post'));
INSERT INTO central_rows (table_name, key, office_id, version, deleted, row)
  SELECT 'office_profile', id::text, id, (extract(epoch from clock_timestamp()) * 1000)::bigint, false,
         jsonb_build_object('officeId', id, 'name', name, 'type', type)
  FROM offices
  ON CONFLICT (table_name, key) DO NOTHING;
INSERT INTO changes (table_name, key, office_id, op, version, row)
  SELECT table_name, key, office_id, 'upsert', version, row FROM central_rows WHERE table_name = 'office_profile';
`,
};
