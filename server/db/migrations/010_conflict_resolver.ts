// Who resolved a conflict, as the server checked it (issue 10, hole 7): the desk whose signed request carried the
// decision and the central supervisor account whose approval it verified. `resolved_by` stays the name shown.
export default {
  version: 10,
  name: 'conflict_resolver',
  up: `
ALTER TABLE conflicts ADD COLUMN resolved_by_desk uuid REFERENCES desks(id);
ALTER TABLE conflicts ADD COLUMN resolved_by_clerk text;
`,
};
