// `masa cards [--json]`: the card readers and the cards in them, as the desk's card service sees them.
import { ErrorCode, isAppError } from '../../common/errors';
import { parseOptions, type CommandIo } from '../command';
import { ExitCode } from '../exit-codes';
import type { CardsStatus } from '../../electron/main/cards/card-service';
import type { CardStack, CardStackOptions } from '../../electron/main/compose-cards';

export interface CardsCommandDeps {
  /** A started card stack; by default the desk's own (compose-cards.ts) over PC/SC, closed when the command ends. */
  openCards?: (options?: CardStackOptions) => Promise<CardStack> | CardStack;
}

const USAGE = `Usage: masa cards [--json]

Lists the card readers and the card in each, with its kind (SIM, ID card, e-İmza card): from our ATR table,
else from the card's answers (SELECT of the eMRTD, e-İmza and SIM files; "asked" in the list).
Exit codes: 0 ok, 3 no reader, 7 card service (pcscd) not running, 2 the command line is wrong, 1 other error.
`;

/** CLI exit code for an error from the card layer (shared by the card commands). */
export function exitCodeFor(error: unknown): number {
  if (!isAppError(error)) return ExitCode.Other;
  switch (error.code) {
    case ErrorCode.NoReader:
      return ExitCode.NoReader;
    case ErrorCode.NoCard:
    case ErrorCode.CardRemoved:
      return ExitCode.NoCard;
    case ErrorCode.CardAccessDenied:
    case ErrorCode.PinWrong:
    case ErrorCode.PinBlocked:
    case ErrorCode.PukWrong:
    case ErrorCode.PukBlocked:
      return ExitCode.AccessDenied;
    case ErrorCode.VerificationFailed:
      return ExitCode.VerificationFailed;
    case ErrorCode.CardServiceDown:
      return ExitCode.CardServiceDown;
    default:
      return ExitCode.Other;
  }
}

/** The desk's card stack, composed as the app composes it, watching the readers. */
export async function openPcscCards(options: CardStackOptions = {}): Promise<CardStack> {
  // Loaded lazily so `masa --help` works on a machine without libpcsclite.
  const { composeCards } = await import('../../electron/main/compose-cards');
  const stack = composeCards(options);
  // An ID chip reached another way (an in-process chip in tests) needs no PC/SC watching.
  if (!options.idCard) stack.start();
  return stack;
}

export function formatStatus(status: CardsStatus): string {
  if (!status.serviceRunning) return 'Card service (pcscd) is not running.\n';
  if (status.readers.length === 0) return 'No card reader is connected.\n';
  return (
    status.readers
      .map((r) => {
        const how = r.kindSource === 'probe' ? ', asked' : r.kindSource === 'setting' ? ', named reader' : '';
        const card = r.cardPresent ? `${r.cardName ?? 'card'} [${r.kind}${how}] ATR ${r.atr}${r.inUse ? ' (in use)' : ''}` : 'no card';
        return `${r.name}: ${card}`;
      })
      .join('\n') + '\n'
  );
}

export const command = {
  name: 'cards',
  summary: 'list card readers and the cards in them',
  async run(args: string[], io: CommandIo, deps: CardsCommandDeps = {}): Promise<number> {
    let json = false;
    try {
      const { values } = parseOptions(args, { json: { type: 'boolean', default: false } });
      if (values.help) {
        io.stdout.write(USAGE);
        return ExitCode.Ok;
      }
      json = !!values.json;
    } catch (e) {
      io.stderr.write(`masa cards: ${(e as Error).message}\nRun "masa cards --help" for its options.\n`);
      return ExitCode.Usage;
    }
    let stack: CardStack | undefined;
    try {
      stack = await (deps.openCards ?? openPcscCards)();
      await stack.cards.probesSettled();
      const status = stack.cards.status();
      io.stdout.write(json ? JSON.stringify(status, null, 2) + '\n' : formatStatus(status));
      if (!status.serviceRunning) return ExitCode.CardServiceDown;
      if (status.readers.length === 0) return ExitCode.NoReader;
      return ExitCode.Ok;
    } catch (e) {
      io.stderr.write(`${(e as Error).message}\n`);
      return exitCodeFor(e);
    } finally {
      if (!deps.openCards) stack?.close();
    }
  },
};
