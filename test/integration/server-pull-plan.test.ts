// A pull page costs the same wherever the cursor stands: on PGlite and PostgreSQL the pull reads the pull log's index
// from the cursor and stops at the page's limit — it does not read every row after the cursor and sort them, nor scan
// the whole log for the tail. (It did: a new desk's first pull of 100 000 records took the square of the log's size.)
import { describe, expect, it } from 'vitest';
import type { Database, Queryable } from '../../server/db/adapter';
import { pullChanges } from '../../server/store/changes';
import { postgresForFile, serverForSuite } from '../support/server-suites';
import { enrolNewDesk, type Backend } from '../support/sync-server';
import { mixedOps } from '../support/mixed-ops';

const postgres = postgresForFile();

/** The database, each transaction's statements explained (ANALYZE: run for real) as they run. */
function explaining(db: Database, plans: string[]): Database {
  return {
    ...db,
    transaction: (fn) =>
      db.transaction((tx) => {
        const traced: Queryable = {
          exec: (sql) => tx.exec(sql),
          query: async (sql, params) => {
            if (/FROM changes c\b/.test(sql)) plans.push((await tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN ANALYZE ${sql}`, params)).map((r) => r['QUERY PLAN']).join('\n'));
            return tx.query(sql, params);
          },
        };
        return fn(traced);
      }),
  };
}

/** Rows each index scan of the pull log returned, in plan order. */
const rowsFromLog = (plan: string) => [...plan.matchAll(/Index Scan using changes_xid on changes \w+\s+\(cost=[^)]*\)\s+\(actual time=[\d.]+\.\.[\d.]+ rows=(\d+)/g)].map((m) => Number(m[1]));

describe.each<Backend>(['pglite', 'postgres'])('pull on %s', (backend) => {
  const suiteServer = serverForSuite(backend, postgres, 'suite_pull_plan');

  it('walks the log from the cursor and stops at the limit, on the first page and in the middle', async () => {
    const server = suiteServer();
    const desk = await enrolNewDesk(server, 'ASXM Sumqayıt');
    const ops = mixedOps(1, 3000);
    for (let i = 0; i < ops.length; i += 500) await desk.client.push(ops.slice(i, i + 500));
    const plans: string[] = [];
    const db = explaining(server.db, plans);
    const first = await pullChanges(db, desk.officeId, undefined, 100);
    const middle = await pullChanges(db, desk.officeId, first.cursor, 100);
    expect(first.changes).toHaveLength(100);
    expect(middle.changes).toHaveLength(100);
    expect(plans).toHaveLength(2);
    for (const plan of plans) {
      expect(plan).not.toMatch(/Seq Scan on changes|Bitmap Heap Scan on changes/);
      // Stable part: the page and one more (to tell whether more follow); tail: nothing (every batch has committed).
      expect(rowsFromLog(plan), plan).toEqual([101, 0]);
    }
  });
});
