// The console's sign-in, sessions and CSRF protection (issue 13; server/console/routes.ts, sessions.ts,
// accounts.ts) on PGlite and PostgreSQL, as a browser meets them: the cookie it gets, what a wrong password, five
// of them, an unknown name, a forgotten tab and a foreign page's request each get — and what the audit log keeps.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresForFile } from '../support/server-suites';
import { openDatabase, type Backend } from '../support/sync-server';
import { addAccount, Browser, consoleServer, signedIn, HOST, type ConsoleServer } from './console-support';
import { CONSOLE_LOCKOUT_MINUTES, CONSOLE_SESSION_IDLE_MINUTES, CONSOLE_SESSION_MAX_HOURS } from '../../common/console/api';
import { addOffice } from '../../server/store/offices';

const pg = postgresForFile();

describe.each<Backend>(['pglite', 'postgres'])('console sessions on %s', (backend) => {
  let s: ConsoleServer;
  const auditActions = async () => (await s.db.query<{ actor: string; action: string }>('SELECT actor, action FROM server_audit ORDER BY seq')).map((r) => `${r.actor} ${r.action}`);
  beforeAll(async () => {
    const url = backend === 'postgres' ? await pg().createDatabase('console_session') : undefined;
    s = await consoleServer(await openDatabase(backend, url));
    await addOffice(s.db, 'Bakı ASXM 1');
    await addAccount(s.db, { username: 'aysel', role: 'central' });
    await addAccount(s.db, { username: 'rauf', role: 'central' });
    await addAccount(s.db, { username: 'tural', role: 'central' });
  });
  afterAll(async () => {
    await s?.close();
    await s?.db.close();
  });

  it('signs in with an HttpOnly, SameSite=Strict cookie limited to /console, says who is signed in, and signs out', async () => {
    const b = new Browser(s.app);
    const a = await b.signIn('Aysel'); // usernames are case-insensitive
    expect(a.status).toBe(200);
    const cookie = String(a.headers['set-cookie']);
    expect(cookie).toMatch(/^masa_console=[A-Za-z0-9_-]{43}; /);
    expect(cookie).toContain('Path=/console');
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).not.toContain('Secure'); // plain HTTP here; HTTPS in console-authorise.test.ts
    expect(a.body).toMatchObject({ user: { username: 'aysel', role: 'central', offices: [] } });
    expect(a.headers['cache-control']).toBe('no-store');
    expect(a.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(a.headers['x-content-type-options']).toBe('nosniff');
    expect(a.headers['referrer-policy']).toBe('no-referrer');
    // Only the token's hash is stored.
    const [row] = await s.db.query<{ token_hash: string }>('SELECT token_hash FROM console_sessions');
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.token_hash).not.toBe(b.cookie);

    expect((await b.get('/session')).body).toMatchObject({ user: { username: 'aysel' }, csrfToken: b.csrf });
    const out = await b.request('DELETE', '/session');
    expect(out.status).toBe(200);
    expect(String(out.headers['set-cookie'])).toMatch(/^masa_console=; Path=\/console; HttpOnly; SameSite=Strict; Max-Age=0/);
    expect((await b.request('GET', '/session', undefined, { cookie: a.headers['set-cookie'] ? /=([^;]*)/.exec(cookie)![1] : null })).body.code).toBe('CONSOLE_SIGNED_OUT');
    expect((await new Browser(s.app).get('/offices')).status).toBe(401);
  });

  it('answers a wrong password and an unknown username alike, and audits both', async () => {
    const wrong = await new Browser(s.app).signIn('rauf', 'not the password');
    const unknown = await new Browser(s.app).signIn('nobody.here', 'not the password');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.code).toBe('CONSOLE_BAD_CREDENTIALS');
    expect(await auditActions()).toEqual(expect.arrayContaining(['rauf console.signInFailed', 'nobody.here console.signInFailed']));
  });

  it('locks an account after five wrong passwords in a row, for fifteen minutes, then lets the right one in', async () => {
    const b = new Browser(s.app);
    for (let i = 1; i <= 4; i++) expect((await b.signIn('tural', `wrong ${i}`)).body.code).toBe('CONSOLE_BAD_CREDENTIALS');
    const fifth = await b.signIn('tural', 'wrong 5');
    expect(fifth.status).toBe(403);
    expect(fifth.body.code).toBe('CONSOLE_LOCKED');
    const until = Date.parse(String((fifth.body.details as { until: string }).until));
    expect(until).toBe(s.clock.now + CONSOLE_LOCKOUT_MINUTES * 60_000);
    // Locked: even the right password is refused, with the lock's end.
    const right = await b.signIn('tural');
    expect(right.status).toBe(403);
    expect(right.body.code).toBe('CONSOLE_LOCKED');
    expect(await auditActions()).toEqual(expect.arrayContaining(['tural console.lockedOut', 'tural console.signInLocked']));
    s.clock.now = until + 1000;
    expect((await b.signIn('tural')).status).toBe(200);
    // A success starts the count over: four wrong ones do not lock.
    for (let i = 1; i <= 4; i++) expect((await new Browser(s.app).signIn('tural', `again ${i}`)).status).toBe(401);
    expect((await new Browser(s.app).signIn('tural')).status).toBe(200);
  });

  it('counts guesses sent in parallel before checking them: ten at once get four wrong-password answers, then the lock', async () => {
    await addAccount(s.db, { username: 'parallel', role: 'central' });
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => new Browser(s.app).signIn('parallel', `guess ${i}`)));
    const codes = answers.map((a) => a.body.code).sort();
    expect(codes).toEqual([...Array(4).fill('CONSOLE_BAD_CREDENTIALS'), ...Array(6).fill('CONSOLE_LOCKED')]);
  });

  it('ends a session after its idle time and after its longest life, whatever the activity', async () => {
    const b = await signedIn(s.app, 'aysel');
    s.clock.now += (CONSOLE_SESSION_IDLE_MINUTES - 1) * 60_000;
    expect((await b.get('/offices')).status).toBe(200);
    s.clock.now += (CONSOLE_SESSION_IDLE_MINUTES + 1) * 60_000;
    expect((await b.get('/offices')).body.code).toBe('CONSOLE_SIGNED_OUT');

    const busy = await signedIn(s.app, 'aysel');
    const end = s.clock.now + CONSOLE_SESSION_MAX_HOURS * 3_600_000;
    while (s.clock.now + 20 * 60_000 < end) {
      s.clock.now += 20 * 60_000;
      expect((await busy.get('/offices')).status).toBe(200);
    }
    s.clock.now = end + 1;
    expect((await busy.get('/offices')).body.code).toBe('CONSOLE_SIGNED_OUT');
  });

  it('refuses a change without the CSRF header, with another session\'s token, or from another origin — and audits it', async () => {
    const b = await signedIn(s.app, 'aysel');
    const other = await signedIn(s.app, 'rauf');
    const body = { name: 'CSRF office', type: 'asxm' };
    for (const over of [{ csrf: null }, { csrf: other.csrf }, { origin: 'https://evil.example' }, { origin: `https://${HOST}` }]) {
      const r = await b.request('POST', '/offices', body, over);
      expect(r.status, JSON.stringify(over)).toBe(403);
      expect(r.body.code).toBe('CONSOLE_CSRF');
    }
    // Sign-in from a foreign page too (login CSRF).
    expect((await new Browser(s.app).request('POST', '/session', { username: 'aysel', password: 'x' }, { origin: 'https://evil.example' })).body.code).toBe('CONSOLE_CSRF');
    expect((await s.db.query("SELECT 1 FROM offices WHERE name = 'CSRF office'")).length).toBe(0);
    expect(await auditActions()).toContain('aysel console.csrfRefused');
    // The right token from the page's own origin (or no Origin header at all) goes through.
    expect((await b.request('POST', '/offices', body)).status).toBe(200);
    expect((await b.request('POST', '/offices', { ...body, name: 'CSRF office 2' }, { origin: null })).status).toBe(200);
  });

  it('changes one\'s own password (the current one required), which signs out one\'s other browsers', async () => {
    await addAccount(s.db, { username: 'leyla', role: 'central' });
    const here = await signedIn(s.app, 'leyla');
    const there = await signedIn(s.app, 'leyla');
    expect((await here.post('/session/password', { current: 'wrong', next: 'a new long password' })).body.code).toBe('CONSOLE_BAD_CREDENTIALS');
    expect((await here.post('/session/password', { current: 'correct horse battery', next: 'short' })).body.code).toBe('CONSOLE_WEAK_PASSWORD');
    expect((await here.post('/session/password', { current: 'correct horse battery', next: 'a new long password' })).status).toBe(200);
    expect((await here.get('/session')).status).toBe(200);
    expect((await there.get('/session')).status).toBe(401);
    expect((await new Browser(s.app).signIn('leyla', 'a new long password')).status).toBe(200);
    expect((await here.post('/session/language', { language: 'ru' })).body).toMatchObject({ user: { language: 'ru' } });
  });
});
