// `masa-server admin …`: console accounts from the command line (issue 13). The first central administrator is made
// here; so is the way back in for a locked-out or forgotten account. Works with the server running (its loopback
// admin API) or not (the database directly), like every admin command; each change is in the server's audit log.
// Passwords come from standard input (one line) or MASA_ADMIN_PASSWORD, never from the command line (which other
// users of the machine can read in the process list).
import { UsageError } from '../node-common/cli-options';
import { consoleRoles, type ConsoleAccount } from '../common/console/api';
import type { Admin } from './runtime';

export const ADMIN_USAGE = `  admin add USERNAME --role central|manager [--office NAME]... --name "DISPLAY NAME" [--language az|en|ru]
                          a console account (the console is at /console on this server): a central administrator,
                          or an office manager of the --office(s) named; the password (10 characters or more) is
                          read from standard input (one line) or MASA_ADMIN_PASSWORD, never from the command line
  admin list [--json]     the console accounts, their roles, offices and whether they are locked
  admin password USERNAME set a console account's password (standard input or MASA_ADMIN_PASSWORD); its sessions end
                          and a lockout is lifted
  admin unlock USERNAME   lift a console account's lockout after failed sign-ins
  admin remove USERNAME   remove a console account (not the last active central administrator)`;

export interface AdminOptions {
  role?: string;
  office?: string[];
  name?: string;
  language?: string;
  json?: boolean;
}

function line(a: ConsoleAccount): string {
  const state = !a.active ? 'inactive' : a.lockedUntil && Date.parse(a.lockedUntil) > Date.now() ? `locked until ${a.lockedUntil}` : 'active';
  const offices = a.role === 'central' ? 'every office' : a.offices.map((o) => o.name).join(', ');
  return `${a.username}\t${a.role}\t${a.displayName}\t${offices}\t${state}`;
}

export async function adminCommand(admin: Admin, sub: string | undefined, rest: string[], o: AdminOptions, out: (s: string) => void, readPassword: (what: string) => Promise<string>): Promise<void> {
  const username = rest[0];
  const password = async () => process.env.MASA_ADMIN_PASSWORD ?? (await readPassword(`password for console account ${username}`));
  if (sub === 'list' || sub === undefined) {
    const list = await admin.consoleAccounts();
    out(o.json ? JSON.stringify(list, null, 2) : list.map(line).join('\n') || '(no console accounts: make one with masa-server admin add)');
    return;
  }
  if (!username || rest.length > 1) throw new UsageError(`usage: masa-server admin ${sub} USERNAME`);
  if (sub === 'add') {
    if (!o.role || !(consoleRoles as readonly string[]).includes(o.role) || !o.name) {
      throw new UsageError('usage: masa-server admin add USERNAME --role central|manager [--office NAME]... --name "DISPLAY NAME" [--language az|en|ru] (password on standard input)');
    }
    if (o.role === 'manager' && !o.office?.length) throw new UsageError('an office manager needs at least one --office');
    if (o.role === 'central' && o.office?.length) throw new UsageError('a central administrator has every office: no --office');
    const a = await admin.addConsoleAccount({ username, displayName: o.name, role: o.role, language: o.language ?? 'az', offices: o.office ?? [], password: await password() });
    out(o.json ? JSON.stringify(a) : `console account ${a.username} (${a.role}${a.role === 'manager' ? ` of ${a.offices.map((x) => `"${x.name}"`).join(', ')}` : ''}) added; sign in at /console`);
  } else if (sub === 'password') {
    const a = await admin.consoleAccountPassword(username, await password());
    out(o.json ? JSON.stringify(a) : `password of console account ${a.username} set; its sessions ended`);
  } else if (sub === 'unlock') {
    const a = await admin.unlockConsoleAccount(username);
    out(o.json ? JSON.stringify(a) : `console account ${a.username} unlocked`);
  } else if (sub === 'remove') {
    await admin.removeConsoleAccount(username);
    out(`console account ${username} removed`);
  } else throw new UsageError(`unknown command "admin ${sub}" (admin add, list, password, unlock, remove)`);
}
