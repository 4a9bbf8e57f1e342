import type { Db } from '../database';

export function getSyncState(db: Db, key: string): string | null {
  const row = db.prepare('SELECT value FROM sync_state WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value ?? null;
}

/** Writes several facts in one transaction (null deletes). */
export function setSyncState(db: Db, values: Record<string, string | null>): void {
  const put = db.prepare('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  const del = db.prepare('DELETE FROM sync_state WHERE key = ?');
  db.transaction(() => {
    for (const [k, v] of Object.entries(values)) {
      if (v === null) del.run(k);
      else put.run(k, v);
    }
  })();
}
