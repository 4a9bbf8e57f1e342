// Every `masa` command parses its options with the one strict parser (cli/command.ts): a mistyped option fails with
// a sentence and exit 2 before anything is opened; read-id says why an MRZ is not valid; load takes no password
// on the command line.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/masa';
import { readLine } from '../../cli/commands/load';
import { mrzTextProblem } from '../../cli/commands/read-id';
import { makeTd1, randomTd1Data } from '../fixtures/vcards/emrtd-mrz';

// A command that wrongly accepted its options would go on and open a desk: never the machine's own data folder.
const dataDir = mkdtempSync(join(tmpdir(), 'masa-cli-options-'));
const savedDataDir = process.env.MASA_DATA_DIR;
beforeAll(() => {
  process.env.MASA_DATA_DIR = dataDir;
});
afterAll(() => {
  if (savedDataDir === undefined) delete process.env.MASA_DATA_DIR;
  else process.env.MASA_DATA_DIR = savedDataDir;
  rmSync(dataDir, { recursive: true, force: true });
});

async function masa(...argv: string[]) {
  const out = { stdout: '', stderr: '' };
  const code = await main(argv, { stdout: { write: (t: string) => (out.stdout += t) }, stderr: { write: (t: string) => (out.stderr += t) } });
  return { code, ...out };
}

describe('masa options', () => {
  it.each([
    ['doctor'],
    ['read-id', '--mrz', 'X'],
    ['enrol', '--server', 'http://127.0.0.1:1', '--code', 'C'],
    ['sync', 'status'],
    ['load', '--ops', '1'],
    ['cards'],
    ['read-iccid'],
    ['customer', 'show', '5ABCDEF'],
  ])('masa %s refuses an unknown option with exit 2 and says which', async (...argv) => {
    const r = await masa(...argv, '--jsn');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^masa ${argv[0]}: unknown option --jsn`));
    expect(r.stderr).toContain(`Run "masa ${argv[0]} --help"`);
    expect(r.stdout).toBe('');
  });

  it('suggests the option meant, and names options that need a value or take none', async () => {
    expect((await masa('doctor', '--jsn')).stderr).toMatch(/unknown option --jsn — did you mean --json\?/);
    expect((await masa('read-iccid', '--reader')).stderr).toMatch(/option --reader needs a value/);
    expect((await masa('cards', '--json=yes')).stderr).toMatch(/option --json takes no value/);
    expect((await masa('doctor', 'now')).stderr).toMatch(/unexpected argument "now"/);
    expect((await masa('doctor', '--timeout-ms', 'soon')).stderr).toMatch(/--timeout-ms must be a whole number of milliseconds, not "soon"/);
  });

  it('every command still answers --help with exit 0', async () => {
    for (const name of ['doctor', 'read-id', 'enrol', 'sync', 'load', 'cards', 'read-iccid', 'customer']) {
      const r = await masa(name, '--help');
      expect([name, r.code]).toEqual([name, 0]);
      expect(r.stdout).toMatch(/Usage: masa /);
    }
  });
});

describe('masa read-id says why an MRZ is not valid', () => {
  it('too short: the shape it has and the shapes an MRZ has (not "give --mrz")', async () => {
    const r = await masa('read-id', '--mrz', 'ABC');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the MRZ is not valid: it has one line of 3 characters; an ID card MRZ is 3 lines of 30 characters/);
    expect(r.stderr).not.toMatch(/Give --mrz/i);
  });

  it('characters outside A-Z 0-9 <, and a check digit that does not match, by field', () => {
    const mrz = makeTd1(randomTd1Data());
    expect(mrzTextProblem(mrz)).toBeNull();
    expect(mrzTextProblem(mrz.replace(/^I/, 'é'))).toMatch(/only the letters A-Z, the digits 0-9 and < may appear/);
    const lines = mrz.split('\n');
    const birthCheck = lines[1][6];
    lines[1] = lines[1].slice(0, 6) + String((Number(birthCheck) + 1) % 10) + lines[1].slice(7);
    expect(mrzTextProblem(lines.join('\n'))).toMatch(/the check digit of the birth date.* does not match/);
  });

  it('--doc without --birth and --expiry names what is missing', async () => {
    const r = await masa('read-id', '--doc', 'AA1234567', '--birth', '900101');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--expiry is missing: --doc, --birth and --expiry go together/);
    expect((await masa('read-id', '--doc', 'AA1234567', '--birth', '1990-01-01', '--expiry', '300101')).stderr).toMatch(/--birth must be the birth date as YYMMDD/);
  });
});

describe('masa load and passwords', () => {
  it('refuses --password (it would sit in the shell history) and says where the password goes instead', async () => {
    const r = await masa('load', '--ops', '1', '--user', 'leyla', '--password', 'secret-123');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/MASA_LOAD_PASSWORD or pipe it with --password-stdin/);
    expect(r.stderr + r.stdout).not.toContain('secret-123');
  });

  it('--password-stdin takes the first line of standard input', async () => {
    const input = new PassThrough();
    input.end('pass word 1\nsecond line\n');
    expect(await readLine(input)).toBe('pass word 1');
    const empty = new PassThrough();
    empty.end();
    await expect(readLine(empty)).rejects.toThrow(/nothing arrived on standard input/);
  });
});
