// The shape of every `masa` sub-command (a name, a one-line summary, run() returning the exit code) and the one
// option parser they all use (node-common/cli-options.ts, shared with masa-server), so that a mistyped option
// (`masa doctor --jsn`) fails the same way everywhere instead of being silently ignored.
export { parseOptions, UsageError } from '../node-common/cli-options';

export interface CommandIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

export interface CliCommand {
  name: string;
  summary: string;
  run(args: string[], io: CommandIo): Promise<number>;
}
