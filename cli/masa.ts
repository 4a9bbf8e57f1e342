// `masa`: the command line for IT support and automation, on the same services as the desk app.
import { UsageError, type CliCommand, type CommandIo } from './command';
import { ExitCode } from './exit-codes';
import { command as doctor } from './commands/doctor';
import { command as readId } from './commands/read-id';
import { command as enrol } from './commands/enrol';
import { command as sync } from './commands/sync';
import { command as load } from './commands/load';
import { command as cards } from './commands/cards';
import { command as readIccid } from './commands/read-iccid';
import { command as customer } from './commands/customer';
import { command as audit } from './commands/audit';
import { command as retention } from './commands/retention';
import { command as trust } from './commands/trust';
import packageJson from '../package.json';

const commands: CliCommand[] = [doctor, readId, enrol, sync, load, cards, readIccid, customer, audit, retention, trust];

function usage(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `masa ${packageJson.version} — the Masa desk's command line`,
    '',
    'Usage: masa <command> [options]      (data folder: $MASA_DATA_DIR, or the app-data folder)',
    '',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run "masa <command> --help" for a command\'s options. Exit code 2: the command line is wrong.',
    '',
  ].join('\n');
}

export async function main(argv: string[], io: CommandIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(usage());
    return name ? 0 : 2;
  }
  if (name === '--version') {
    io.stdout.write(`${packageJson.version}\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`masa: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`masa ${name}: ${e.message}\nRun "masa ${name} --help" for its options.\n`);
      return ExitCode.Usage;
    }
    io.stderr.write(`masa ${name}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

const invokedDirectly = process.argv[1] !== undefined && /cli[\\/]masa\.(ts|js)$/.test(process.argv[1]);
if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
