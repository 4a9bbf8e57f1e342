// Console accounts from the server's command line (`masa-server admin …`, server/admin-cli.ts): the first central
// administrator is made here, and a locked-out or forgotten account is recovered here. Used directly on the database
// and behind the loopback admin API alike; each change is audited with actor 'cli' in its own transaction.
import type { Database } from '../db/adapter';
import { AppHttpError, parse } from '../http-error';
import { findOffice } from '../store/offices';
import { appendAudit } from './audit-log';
import { addAccount, getAccount, hashPassword, listAccounts, retireAccount, setAccountPassword, unlockAccount } from './accounts';
import { addAccountSchema, consolePasswordSchema, ConsoleErrorCode, type ConsoleAccount } from '../../common/console/api';
import { PASSWORD_COST } from '../../node-common/passwords';

export interface CliAccountInput {
  username: string;
  displayName: string;
  role: string;
  language?: string;
  /** Office names or ids (a manager's). */
  offices: string[];
  password: string;
}

function checkPassword(password: string): void {
  if (!consolePasswordSchema.safeParse(password).success) throw new AppHttpError(400, ConsoleErrorCode.WeakPassword, 'a console password has 10 to 200 characters');
}

export async function cliAddAccount(db: Database, input: CliAccountInput, cost = PASSWORD_COST): Promise<ConsoleAccount> {
  checkPassword(input.password);
  const officeIds: string[] = [];
  for (const o of input.offices) officeIds.push((await findOffice(db, o)).id);
  const a = parse(addAccountSchema, { ...input, officeIds }, 'console account');
  const passwordHash = await hashPassword(a.password, cost);
  return db.transaction(async (tx) => {
    const account = await addAccount(tx, { ...a, passwordHash });
    await appendAudit(tx, { actor: 'cli', action: 'account.add', target: account.username, details: { role: account.role, offices: officeIds } });
    return account;
  });
}

export const cliListAccounts = (db: Database) => listAccounts(db);

export async function cliAccountPassword(db: Database, username: string, password: string, cost = PASSWORD_COST): Promise<ConsoleAccount> {
  checkPassword(password);
  const a = await getAccount(db, username);
  const hash = await hashPassword(password, cost);
  await db.transaction(async (tx) => {
    await setAccountPassword(tx, a.id, hash);
    await tx.query('DELETE FROM console_sessions WHERE account_id = $1', [a.id]);
    await appendAudit(tx, { actor: 'cli', action: 'account.password', target: a.username });
  });
  return getAccount(db, a.id);
}

export async function cliUnlockAccount(db: Database, username: string): Promise<ConsoleAccount> {
  const a = await getAccount(db, username);
  await db.transaction(async (tx) => {
    await unlockAccount(tx, a.id);
    await appendAudit(tx, { actor: 'cli', action: 'account.unlock', target: a.username });
  });
  return getAccount(db, a.id);
}

export async function cliRemoveAccount(db: Database, username: string): Promise<{ removed: string }> {
  const a = await getAccount(db, username);
  await db.transaction(async (tx) => {
    await retireAccount(tx, a.id, 'remove');
    await appendAudit(tx, { actor: 'cli', action: 'account.remove', target: a.username });
  });
  return { removed: a.username };
}

