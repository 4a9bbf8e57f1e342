// Runs one `masa` command module by name, in this process, for tests that need the CLI as a child process
// (the real dispatcher is cli/masa.ts; this avoids depending on its argument handling).
const [name, ...args] = process.argv.slice(2);
const mod = (await import(`../../cli/commands/${name}.ts`)) as { command: { run(args: string[], io: unknown): Promise<number> } };
const code = await mod.command.run(args, { stdout: process.stdout, stderr: process.stderr });
process.exitCode = code;
export {};
