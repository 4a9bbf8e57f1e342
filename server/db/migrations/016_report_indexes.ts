// Reports (issue 12, deliver 6; server/store/reports.ts): the usual report is one office's day or week, placed by when
// the desk did the operation. Without this index such a report reads the office's whole history (every op it ever
// pushed); with it, only the days asked for. The report's bounds are instants (local midnight in Asia/Baku as
// timestamptz), so the plain column is indexed, no expression. `shifts` already has (office_id, opened_at) (014).
export default {
  version: 16,
  name: 'report_indexes',
  up: `
CREATE INDEX ops_office_created ON ops (office_id, created_at);
`,
};
