// Migration 013 on a server that already has offices: each becomes an ASXM office and gets its office_profile row in
// the pull log, so the desks enrolled before learn their office's type at their next pull.
import { PGlite } from '@electric-sql/pglite';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../server/db/migrations';

describe('migration 013 (office types)', () => {
  it('makes existing offices ASXM and publishes their profile to their desks', async () => {
    const db = new PGlite();
    try {
      for (const m of migrations.filter((m) => m.version < 13)) await db.exec(m.up);
      await db.exec(`INSERT INTO offices (id, name) VALUES ('11111111-1111-4111-8111-111111111111', 'ASXM Bakı-1')`);
      await db.exec(migrations.find((m) => m.version === 13)!.up);
      expect((await db.query('SELECT name, type FROM offices')).rows).toEqual([{ name: 'ASXM Bakı-1', type: 'asxm' }]);
      expect((await db.query(`SELECT key, office_id, op, row FROM changes WHERE table_name = 'office_profile'`)).rows).toEqual([
        {
          key: '11111111-1111-4111-8111-111111111111',
          office_id: '11111111-1111-4111-8111-111111111111',
          op: 'upsert',
          row: { officeId: '11111111-1111-4111-8111-111111111111', name: 'ASXM Bakı-1', type: 'asxm' },
        },
      ]);
      await expect(db.exec(`INSERT INTO offices (id, name, type) VALUES ('22222222-2222-4222-8222-222222222222', 'Kiosk', 'kiosk')`)).rejects.toThrow(/check constraint/);
    } finally {
      await db.close();
    }
  });
});
