// Run by a spec as `node --import tsx test/e2e/support/backdate-visit.ts VISIT_ID DAYS` with the host's environment
// (MASA_DATA_DIR, no session bus: the same database key): moves the visit DAYS days into the past, closed, with every
// outbox entry acknowledged — what a desk looks like months after a synced visit, without waiting for it.
import { openDatabase } from '../../../electron/main/db/database';
import { resolveDataDir } from '../../../electron/main/services/data-dir';

const [visitId, days] = process.argv.slice(2);
const db = openDatabase({ dataDir: resolveDataDir() });
try {
  const at = new Date(Date.now() - Number(days) * 86_400_000).toISOString();
  const moved = db.prepare(`UPDATE visits SET created_at = ?, local_date = ?, status = 'completed', close_reason = 'clerk', closed_at = ? WHERE id = ?`).run(at, at.slice(0, 10), at, visitId);
  if (moved.changes !== 1) throw new Error(`no visit ${visitId}`);
  db.prepare(`UPDATE outbox SET state = 'acked', ack_status = 'applied', acked_at = ? WHERE state IN ('pending', 'sent')`).run(new Date().toISOString());
} finally {
  db.close();
}
