// Strict option parsing for the command lines (`masa`, `masa-server`): a mistyped option (`masa doctor --jsn`)
// fails with a sentence — which option, what was meant — instead of being silently ignored or reported in
// node:util's own words.
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';

/** A wrong command line: the CLI prints the message and where its help is, and exits 2 (nothing was done). */
export class UsageError extends Error {
  override name = 'UsageError';
}

const HELP = { help: { type: 'boolean', short: 'h' } } as const;

type Parsed<O extends ParseArgsOptionsConfig> = ReturnType<typeof parseArgs<{ args: string[]; options: O & typeof HELP; strict: true; allowPositionals: true }>>;

/**
 * Strict parsing of a command's options (`--name value` and `--name=value`; `--help`/`-h` always accepted).
 * Unknown options, missing values and, unless `allowPositionals`, stray words throw a UsageError in plain words.
 */
export function parseOptions<O extends ParseArgsOptionsConfig>(args: string[], options: O, allowPositionals = false): Parsed<O> {
  const all = { ...options, ...HELP };
  try {
    // Positionals are always parsed, then refused here with a sentence of our own.
    return checkPositionals(parseArgs({ args, options: all, strict: true, allowPositionals: true }) as Parsed<O>, allowPositionals);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(describeParseError(e, Object.keys(all)));
  }
}

function checkPositionals<P extends { positionals: string[] }>(parsed: P, allowed: boolean): P {
  if (!allowed && parsed.positionals.length > 0) throw new UsageError(`unexpected argument "${parsed.positionals[0]}" (this command takes only options)`);
  return parsed;
}

function describeParseError(e: unknown, known: string[]): string {
  const message = e instanceof Error ? e.message : String(e);
  const code = (e as { code?: string }).code;
  const option = /'(-[^' ]+)/.exec(message)?.[1] ?? '';
  const list = known.map((k) => `--${k}`).join(', ');
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const guess = closest(option.replace(/^-+/, '').split('=')[0], known);
    return `unknown option ${option}${guess ? ` — did you mean --${guess}?` : ''} (options: ${list})`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return /argument missing/.test(message) ? `option ${option} needs a value` : `option ${option} takes no value`;
  }
  return message;
}

/** The known option nearest to what was typed (within two edits), if exactly one is that near. */
function closest(typed: string, known: string[]): string | null {
  const distances = known.map((k) => editDistance(typed, k));
  const best = Math.min(...distances);
  // The nearest only: --jsn is one edit from --json and two from --csv, and means --json.
  const near = known.filter((_, i) => distances[i] === best);
  return best <= 2 && near.length === 1 ? near[0] : null;
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length];
}
