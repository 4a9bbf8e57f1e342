// The shape of every `masa` sub-command: a name, a one-line summary, and run() returning the exit code.
export interface CommandIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

export interface CliCommand {
  name: string;
  summary: string;
  run(args: string[], io: CommandIo): Promise<number>;
}
