// `masa-server admin …` (issue 13; server/admin-cli.ts): the first central administrator made from the command line
// with the server stopped (the database directly), then the same commands while it runs (its loopback admin API);
// the password from MASA_ADMIN_PASSWORD or standard input, never the command line; each change in the server's audit
// log as 'cli'. The commands run in this process (server/cli.ts main), one through the real binary for its stdin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../server/cli';
import { startServer, type StartedServer } from '../../server/runtime';
import { UsageError } from '../../node-common/cli-options';
import type { ConsoleAccount } from '../../common/console/api';

const root = resolve(import.meta.dirname, '../..');

describe('masa-server admin', () => {
  let dir: string;
  let data: string;
  let server: StartedServer | undefined;
  const saved = { password: process.env.MASA_ADMIN_PASSWORD, url: process.env.DATABASE_URL };
  /** The command in this process: its output lines. */
  async function cli(...args: string[]): Promise<string> {
    const lines: string[] = [];
    expect(await main([...args, '--data', data], (l) => lines.push(l))).toBe(0);
    return lines.join('\n');
  }
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'masa-admin-cli-'));
    data = join(dir, 'data');
    delete process.env.DATABASE_URL;
  });
  afterAll(async () => {
    await server?.stop();
    process.env.MASA_ADMIN_PASSWORD = saved.password;
    if (saved.url !== undefined) process.env.DATABASE_URL = saved.url;
    rmSync(dir, { recursive: true, force: true });
  });

  it('with the server stopped: adds the first central administrator and an office manager, lists them', async () => {
    expect(await cli('help')).toMatch(/admin add USERNAME --role central\|manager \[--office NAME\]\.\.\./);
    await cli('office', 'add', 'Şəki ASXM');
    await cli('office', 'add', 'Quba ASXM');
    process.env.MASA_ADMIN_PASSWORD = 'first admin password';
    expect(await cli('admin', 'add', 'boss', '--role', 'central', '--name', 'Boss Person')).toBe('console account boss (central) added; sign in at /console');
    expect(await cli('admin', 'add', 'mgr', '--role', 'manager', '--office', 'Şəki ASXM', '--office', 'Quba ASXM', '--name', 'Office Manager', '--language', 'ru')).toBe(
      'console account mgr (manager of "Quba ASXM", "Şəki ASXM") added; sign in at /console',
    );
    const list = JSON.parse(await cli('admin', 'list', '--json')) as ConsoleAccount[];
    expect(list.map((a) => [a.username, a.role, a.language, a.offices.map((o) => o.name)])).toEqual([
      ['boss', 'central', 'az', []],
      ['mgr', 'manager', 'ru', ['Quba ASXM', 'Şəki ASXM']],
    ]);
    // Refused: a manager without an office, a central administrator with one, a short password, a taken name.
    await expect(main(['admin', 'add', 'x', '--role', 'manager', '--name', 'X', '--data', data], () => {})).rejects.toBeInstanceOf(UsageError);
    await expect(main(['admin', 'add', 'x', '--role', 'central', '--office', 'Quba ASXM', '--name', 'X', '--data', data], () => {})).rejects.toBeInstanceOf(UsageError);
    process.env.MASA_ADMIN_PASSWORD = 'short';
    await expect(main(['admin', 'add', 'x', '--role', 'central', '--name', 'X', '--data', data], () => {})).rejects.toThrow(/10 to 200 characters/);
    process.env.MASA_ADMIN_PASSWORD = 'first admin password';
    await expect(main(['admin', 'add', 'BOSS', '--role', 'central', '--name', 'X', '--data', data], () => {})).rejects.toThrow(/already exists/);
  });

  it('reads a new password from standard input (the real binary), never from the command line', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: '' };
    delete env.MASA_ADMIN_PASSWORD;
    const r = spawnSync(process.execPath, [join(root, 'bin', 'masa-server.mjs'), 'admin', 'password', 'boss', '--data', data], { cwd: root, env, input: 'password from stdin\n', encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('password of console account boss set; its sessions ended\n');
  });

  it('while the server runs: through its admin API; the console takes the new password; the audit log has it all as cli', async () => {
    server = await startServer({ dataDir: data, host: '127.0.0.1', port: 0, tls: null, log: () => {} });
    const signIn = (username: string, password: string) =>
      fetch(`${server!.url}/console/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    expect((await signIn('boss', 'password from stdin')).status).toBe(200);
    await cli('office', 'add', 'Zaqatala ASXM'); // the admin API audits the other commands too
    for (let i = 0; i < 5; i++) await signIn('mgr', 'wrong password');
    expect((await signIn('mgr', 'first admin password')).status).toBe(403);
    expect(await cli('admin', 'list')).toMatch(/^mgr\tmanager\tOffice Manager\tQuba ASXM, Şəki ASXM\tlocked until /m);
    expect(await cli('admin', 'unlock', 'mgr')).toBe('console account mgr unlocked');
    expect((await signIn('mgr', 'first admin password')).status).toBe(200);
    expect(await cli('admin', 'remove', 'mgr')).toBe('console account mgr removed');
    await expect(main(['admin', 'remove', 'boss', '--data', data], () => {})).rejects.toThrow(/last active central administrator/);

    const actions = (await server.db.query<{ actor: string; action: string; target: string | null }>('SELECT actor, action, target FROM server_audit ORDER BY server_audit.seq')).map(
      (r) => `${r.actor} ${r.action}${r.target ? ` ${r.target}` : ''}`,
    );
    expect(actions.filter((a) => a.startsWith('cli '))).toEqual([
      'cli office.add',
      'cli office.add',
      'cli account.add boss',
      'cli account.add mgr',
      'cli account.password boss',
      'cli office.add',
      'cli account.unlock mgr',
      'cli account.remove mgr',
    ]);
    expect(actions.filter((a) => a.startsWith('mgr console.')).map((a) => a.split(' ')[1])).toEqual([...Array(4).fill('console.signInFailed'), 'console.lockedOut', 'console.signInLocked', 'console.signIn']);
  });
});
