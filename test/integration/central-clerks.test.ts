// Clerk accounts published centrally (the server's `clerks` table, per office) reach the desks of that office
// through the pull, can sign in there, and are deactivated when the office removes them — never overriding an
// account made at the desk itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addOffice, createEnrolmentCode } from '../../server/store/offices';
import { setReferenceTable } from '../../server/store/reference';
import type { Database } from '../../server/db/adapter';
import { hashPassword } from '../../node-common/passwords';
import { uuidv7 } from '../../common/ids';
import { openDatabase as openServerDatabase, startServer, type RunningServer } from '../support/sync-server';
import { ADMIN, openDesk, type TestDesk } from '../support/desk';

describe('central clerk accounts', () => {
  let db: Database;
  let server: RunningServer;
  let desk: TestDesk;
  const leylaId = uuidv7();
  let leylaHash: string;

  beforeAll(async () => {
    db = await openServerDatabase('pglite');
    server = await startServer(db);
    await addOffice(db, 'ASXM Bakı-1');
    await addOffice(db, 'Bakcell Nizami');
    desk = await openDesk({ name: 'desk-1' });
    const { code } = await createEnrolmentCode(db, 'ASXM Bakı-1');
    await desk.services.sync.enrol({ serverUrl: server.url, code });
    leylaHash = await hashPassword('leyla-central-1');
  });
  afterAll(async () => {
    await desk?.dispose();
    await server?.close();
    await db?.close();
  });

  async function publish(rows: Record<string, unknown>[]): Promise<void> {
    await setReferenceTable(db, { table: 'clerks', rows });
    expect(await desk.services.sync.syncNow()).toMatchObject({ ok: true });
  }

  it('an account published for this office can sign in at the desk; another office’s cannot', async () => {
    await publish([
      { id: leylaId, officeId: 'ASXM Bakı-1', username: 'leyla', displayName: 'Leyla Həsənova', role: 'clerk', language: 'ru', passwordHash: leylaHash },
      { id: uuidv7(), officeId: 'Bakcell Nizami', username: 'other', displayName: 'Other Office', role: 'supervisor', passwordHash: leylaHash },
    ]);
    const auth = desk.services.auth;
    await auth.signOut();
    await expect(auth.signIn('leyla', 'leyla-central-1')).resolves.toMatchObject({ clerk: { displayName: 'Leyla Həsənova', role: 'clerk', language: 'ru' } });
    await auth.signOut();
    await expect(auth.signIn('other', 'leyla-central-1')).rejects.toMatchObject({ code: 'BAD_CREDENTIALS' });
  });

  it('a central account never replaces a desk account with the same username, and bad rows are skipped', async () => {
    await publish([
      { id: leylaId, officeId: 'ASXM Bakı-1', username: 'leyla', displayName: 'Leyla Həsənova', role: 'clerk', language: 'ru', passwordHash: leylaHash },
      { id: uuidv7(), officeId: 'ASXM Bakı-1', username: ADMIN.username, displayName: 'Impostor', role: 'supervisor', passwordHash: leylaHash },
      { id: uuidv7(), officeId: 'ASXM Bakı-1', username: 'nohash', displayName: 'No Hash', role: 'clerk', passwordHash: 'plain-text' },
    ]);
    const auth = desk.services.auth;
    await auth.signOut();
    await expect(auth.signIn(ADMIN.username, ADMIN.password)).resolves.toMatchObject({ clerk: { displayName: ADMIN.displayName } });
    await auth.signOut();
    await expect(auth.signIn('nohash', 'plain-text')).rejects.toMatchObject({ code: 'BAD_CREDENTIALS' });
  });

  it('removing the account centrally deactivates it at the desk and signs it out', async () => {
    const auth = desk.services.auth;
    await auth.signOut();
    await auth.signIn('leyla', 'leyla-central-1');
    await publish([]); // the office's list no longer has Leyla: a tombstone comes down
    expect(auth.session().clerk).toBeNull();
    await expect(auth.signIn('leyla', 'leyla-central-1')).rejects.toMatchObject({ code: 'BAD_CREDENTIALS' });
    await auth.signIn(ADMIN.username, ADMIN.password);
  });
});

describe('masa-server clerk add / list / remove', () => {
  it('publishes one account at a time, hashed with the desk’s scheme, and removes it', async () => {
    const { main } = await import('../../server/cli');
    const { verifyPassword } = await import('../../node-common/passwords');
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'masa-server-clerks-'));
    const lines: string[] = [];
    const out = (s: string) => lines.push(s);
    process.env.MASA_CLERK_PASSWORD = 'nigar-pass-42';
    try {
      expect(await main(['office', 'add', 'ASXM Gəncə', '--data', dir], out)).toBe(0);
      expect(await main(['clerk', 'add', 'ASXM Gəncə', 'nigar', '--name', 'Nigar Əliyeva', '--role', 'supervisor', '--language', 'en', '--data', dir], out)).toBe(0);
      expect(lines.at(-1)).toMatch(/clerk nigar \(supervisor\) published to office "ASXM Gəncə"/);
      expect(await main(['clerk', 'list', '--json', '--data', dir], out)).toBe(0);
      expect(JSON.parse(lines.at(-1)!)).toMatchObject([{ office: 'ASXM Gəncə', username: 'nigar', role: 'supervisor', displayName: 'Nigar Əliyeva' }]);
      // What desks pull: the desk's own hash format, never the clear password.
      const { openDatabase: openServerDb } = await import('../../server/runtime');
      const db = await openServerDb(dir);
      try {
        const [row] = await db.query<{ row: { passwordHash: string } }>("SELECT row FROM central_rows WHERE table_name = 'clerks' AND NOT deleted");
        expect(JSON.stringify(row.row)).not.toContain('nigar-pass-42');
        expect(await verifyPassword('nigar-pass-42', row.row.passwordHash)).toBe(true);
      } finally {
        await db.close();
      }
      expect(await main(['clerk', 'remove', 'ASXM Gəncə', 'nigar', '--data', dir], out)).toBe(0);
      expect(await main(['clerk', 'list', '--data', dir], out)).toBe(0);
      expect(lines.at(-1)).toBe('(no clerks)');
    } finally {
      delete process.env.MASA_CLERK_PASSWORD;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
