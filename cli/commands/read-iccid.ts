// `masa read-iccid [--reader NAME] [--json]`: reads the ICCID of the SIM (EF_ICCID), checks its Luhn digit and names
// the operator from the issuer prefix. Without --reader the reader holding a SIM is used.
import { parseOptions, type CommandIo } from '../command';
import { ExitCode } from '../exit-codes';
import type { CardStack } from '../../electron/main/compose-cards';
import { exitCodeFor, openPcscCards, type CardsCommandDeps } from './cards';

const USAGE = `Usage: masa read-iccid [--reader NAME] [--json]

Reads the SIM's ICCID (file 2FE2), checks the Luhn digit and names the operator by issuer prefix.
Exit codes: 0 ok, 3 no reader, 4 no card / card removed, 5 access denied (card in use elsewhere),
6 the ICCID fails its Luhn check, 7 card service (pcscd) not running, 2 the command line is wrong, 1 other error.
`;

export type ReadIccidDeps = CardsCommandDeps;

export const command = {
  name: 'read-iccid',
  summary: "read the SIM's ICCID and name its operator",
  async run(args: string[], io: CommandIo, deps: ReadIccidDeps = {}): Promise<number> {
    let values;
    try {
      values = parseOptions(args, { reader: { type: 'string' }, json: { type: 'boolean', default: false } }).values;
    } catch (e) {
      io.stderr.write(`masa read-iccid: ${(e as Error).message}\nRun "masa read-iccid --help" for its options.\n`);
      return ExitCode.Usage;
    }
    if (values.help) {
      io.stdout.write(USAGE);
      return ExitCode.Ok;
    }
    let stack: CardStack | undefined;
    try {
      stack = await (deps.openCards ?? openPcscCards)();
      // The desk's own SIM port: the same reader choice (and "which reader?" with two SIMs) as the flows.
      const result = await stack.sim.readIccid(values.reader);
      if (values.json) {
        io.stdout.write(JSON.stringify(result, null, 2) + '\n');
      } else {
        io.stdout.write(
          `ICCID     ${result.iccid}${result.luhnValid ? '' : '  (Luhn check FAILED)'}\n` +
            `Operator  ${result.operator ?? 'unknown operator'}\n` +
            `Reader    ${result.reader}\n`,
        );
      }
      return result.luhnValid ? ExitCode.Ok : ExitCode.VerificationFailed;
    } catch (e) {
      io.stderr.write(`${(e as Error).message}\n`);
      return exitCodeFor(e);
    } finally {
      if (!deps.openCards) stack?.close();
    }
  },
};
