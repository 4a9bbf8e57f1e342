/**
 * The embedded database's folder belongs to the server's user alone: it holds every desk's key (in its tables and in
 * the WAL) and the customers' records. As PostgreSQL does with its data directory, the server refuses a folder other
 * users may read or write, rather than quietly changing modes an operator set (a group mode may be deliberate, e.g. a
 * backup user); the message says how to make it private.
 *
 * PGlite cannot be made to write private files by the umask: its Emscripten file system writes the first files
 * of a new database 0666 and pg_internal.init 0644 at every open, whatever the umask. So what PGlite wrote in this
 * process, in a folder found private, is tightened after it opens and after it closes (tightenTree).
 *
 * Windows has no such modes (and PostgreSQL skips the check there too).
 */
import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const GROUP_AND_OTHERS = 0o077;
const checks = process.platform !== 'win32';

export interface OpenEntry {
  path: string;
  /** Permission bits, e.g. 0o755. */
  mode: number;
}

/** Calls `visit` on `dir` and everything under it, symbolic links aside (their own mode means nothing). */
function walk(dir: string, visit: (path: string, mode: number, isDir: boolean) => boolean | void): boolean {
  const stack = [dir];
  while (stack.length) {
    const path = stack.pop()!;
    // A file gone between listing and looking (a WAL segment a running PGlite recycles) is no longer anyone's.
    const st = lstatSync(path, { throwIfNoEntry: false });
    if (!st || st.isSymbolicLink()) continue;
    if (visit(path, st.mode & 0o7777, st.isDirectory()) === true) return true;
    if (st.isDirectory()) for (const name of readdirSync(path)) stack.push(join(path, name));
  }
  return false;
}

/** The first entry in `dir` (or `dir` itself) that the group or others may read, write or enter; null when none. */
export function firstOpenEntry(dir: string): OpenEntry | null {
  let found: OpenEntry | null = null;
  walk(dir, (path, mode) => {
    if (mode & GROUP_AND_OTHERS) found = { path, mode: mode & 0o777 };
    return found !== null;
  });
  return found;
}

const shellQuote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/**
 * Makes `dir` (mode 0700) when it does not exist; refuses when it, or anything in it, is open to other users.
 * Called before the database is opened, so a refused folder is left exactly as it was.
 */
export function claimPrivateFolder(dir: string): void {
  if (mkdirSync(dir, { recursive: true, mode: 0o700 }) !== undefined || !checks) return;
  const open = firstOpenEntry(dir);
  if (!open) return;
  const what = open.path === dir ? 'it' : open.path;
  throw new Error(
    `the data folder ${dir} is open to other users (${what} has mode ${open.mode.toString(8).padStart(4, '0')}); ` +
      `it holds the desks' keys and the customers' records, so the server will not use it. ` +
      `Make it private with: chmod -R go-rwx ${shellQuote(dir)}`,
  );
}

/** Takes the group's and others' permissions off `dir` and everything in it (what PGlite wrote too widely). */
export function tightenTree(dir: string): void {
  if (!checks) return;
  walk(dir, (path, mode) => {
    if (mode & GROUP_AND_OTHERS) chmodSync(path, mode & ~GROUP_AND_OTHERS);
  });
}
