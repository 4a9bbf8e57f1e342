// Shared by the `masa` commands that take one subcommand and work on the desk database alone (audit verify,
// retention purge): the command line checked, the database opened as the app opens it (migrations applied) and
// closed again, a missing or unreadable database said on standard error.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseOptions } from '../command';
import { ExitCode } from '../exit-codes';
import { errorMessage, type CommandIo } from './sync-cli-support';
import { resolveDataDir } from '../../electron/main/services/data-dir';
import { DATABASE_FILE, openDatabase, type Db } from '../../electron/main/db/database';

/** `masa NAME SUBCOMMAND [--json]`: the flags, or the exit code when it is --help or a wrong command line (usage printed). */
export function subcommandFlags(args: string[], io: CommandIo, subcommand: string, usage: string): { json: boolean } | number {
  const { values: flags, positionals } = parseOptions(args, { json: { type: 'boolean' } }, true);
  if (flags.help || positionals.length !== 1 || positionals[0] !== subcommand) {
    (flags.help ? io.stdout : io.stderr).write(usage);
    return flags.help ? ExitCode.Ok : ExitCode.Usage;
  }
  return { json: flags.json === true };
}

/** What `use` gives on the desk database; null (and why on standard error) when there is none or it fails. */
export function onDeskDatabase<T>(io: CommandIo, name: string, use: (db: Db) => T): { value: T } | null {
  const dataDir = resolveDataDir();
  if (!existsSync(join(dataDir, DATABASE_FILE))) {
    io.stderr.write(`masa ${name}: no desk database in ${dataDir}\n`);
    return null;
  }
  try {
    const db = openDatabase({ dataDir });
    try {
      return { value: use(db) };
    } finally {
      db.close();
    }
  } catch (e) {
    io.stderr.write(`masa ${name}: ${errorMessage(e)}\n`);
    return null;
  }
}
