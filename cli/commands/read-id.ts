// `masa read-id`: reads an ID card or passport chip (BAC with the printed MRZ), prints the chip's MRZ data,
// the comparison with the printed data, the expiry check and passive authentication; optionally saves the photo.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { AppError, ErrorCode, isAppError } from '../../common/errors';
import { chipReadInputSchema, type ChipReadInput, type ChipReadResult } from '../../common/ipc/channels/idcard';
import type { WithCard } from '../../electron/main/cards/icao/id-reader';
import type { CardStack } from '../../electron/main/compose-cards';
import type { CommandIo } from '../command';
import { ExitCode } from '../exit-codes';
import { exitCodeFor, openPcscCards, type CardsCommandDeps } from './cards';

export interface ReadIdDeps extends CardsCommandDeps {
  /** A card port other than the PC/SC card service (tests with an in-process chip). */
  withCard?: WithCard;
}

const USAGE = `Usage: masa read-id (--mrz "<MRZ lines>" | --doc NUMBER --birth YYMMDD --expiry YYMMDD)
                     [--reader NAME] [--photo FILE] [--csca DIR] [--json]

Reads the chip of an ICAO ID card or passport. The MRZ (or the document number, birth date and expiry date)
opens the chip (BAC). Prints the chip data, the comparison with the printed MRZ, the expiry check and
passive authentication (data-group hashes, SOD signature, document signer chained to a CSCA in --csca DIR,
default $MASA_CSCA_DIR).

Exit codes: 0 verified, 3 no reader, 4 no card, 5 access denied (check the MRZ), 6 verification failed
(chip data differs from the printed data, card expired, or passive authentication failed), 7 card service
down, 1 anything else.
`;

/** Why the ID check did not pass, one line each; empty when it passed. */
export function verificationProblems(r: ChipReadResult): string[] {
  const problems: string[] = [];
  for (const c of r.comparison) if (c.match === false) problems.push(`${c.field}: printed "${c.printed ?? ''}", chip "${c.chip ?? ''}"`);
  if (r.expiry.expired) problems.push(`the document expired on ${r.expiry.expiryDate ?? 'an unreadable date'}`);
  if (!r.passiveAuth) problems.push('the chip has no security object (EF.SOD): its data cannot be authenticated');
  else {
    if (r.passiveAuth.hashes !== 'ok') problems.push(`data group hashes do not match the SOD (DG${r.passiveAuth.mismatchedDataGroups.join(', DG')})`);
    if (r.passiveAuth.signature !== 'ok') problems.push('the SOD signature is invalid');
    if (r.passiveAuth.csca === 'untrusted') problems.push('the document signer is not certified by a trusted CSCA');
  }
  return problems;
}

function formatResult(r: ChipReadResult): string {
  const c = r.chip;
  const pa = r.passiveAuth;
  const rows: [string, string][] = [
    ['Document', `${c.documentCode} ${c.issuingState} ${c.documentNumber} (${c.format})`],
    ['Surname', c.surname],
    ['Given names', c.givenNames],
    ['Nationality', c.nationality],
    ['Birth date', c.birthDateIso ?? c.birthDate],
    ['Sex', c.sex],
    ['Expiry date', c.expiryDate === null ? 'none' : (c.expiryDateIso ?? c.expiryDate)],
    ['FIN', c.fin ?? '-'],
    ['Optional data', c.optionalData || '-'],
  ];
  const out = rows.map(([k, v]) => `${k.padEnd(15)} ${v}`);
  out.push('', 'Printed vs chip:');
  for (const f of r.comparison) {
    const verdict = f.match === null ? 'not compared' : f.match ? 'match' : `MISMATCH (printed "${f.printed ?? ''}")`;
    out.push(`  ${f.field.padEnd(15)} ${verdict}`);
  }
  out.push('', `Expiry          ${r.expiry.expired ? 'EXPIRED' : 'valid'}${r.expiry.expiryDate ? ` (${r.expiry.expiryDate})` : ''}`);
  out.push(
    pa
      ? `Passive auth    hashes ${pa.hashes}, signature ${pa.signature}, CSCA ${pa.csca} (${pa.hashAlgorithm.toUpperCase()}${pa.documentSigner ? `, signer ${pa.documentSigner.subject}` : ''})`
      : 'Passive auth    no EF.SOD on the chip',
  );
  for (const p of pa?.problems ?? []) out.push(`                ${p}`);
  out.push(
    r.photo
      ? `Photo           ${r.photo.mime}, ${Buffer.from(r.photo.base64, 'base64').length} bytes${r.photo.width ? `, ${r.photo.width}×${r.photo.height}` : ''}${r.photo.displayable ? '' : ` — ${r.photo.reason}`}`
      : 'Photo           none (no DG2)',
  );
  out.push(`Chip            ${r.apduCount} APDUs, ${r.durationMs} ms${r.reader ? `, reader "${r.reader}"` : ''}`);
  return out.join('\n') + '\n';
}

export const command = {
  name: 'read-id',
  summary: 'read an ID card or passport chip (BAC, DG1, photo, passive authentication)',
  async run(args: string[], io: CommandIo, deps: ReadIdDeps = {}): Promise<number> {
    let parsed;
    try {
      parsed = parseArgs({
        args,
        options: {
          mrz: { type: 'string' },
          doc: { type: 'string' },
          birth: { type: 'string' },
          expiry: { type: 'string' },
          reader: { type: 'string' },
          photo: { type: 'string' },
          csca: { type: 'string' },
          json: { type: 'boolean', default: false },
          help: { type: 'boolean', short: 'h', default: false },
        },
        strict: true,
      }).values;
    } catch (e) {
      io.stderr.write(`${(e as Error).message}\n\n${USAGE}`);
      return ExitCode.Other;
    }
    if (parsed.help) {
      io.stdout.write(USAGE);
      return ExitCode.Ok;
    }
    const rawInput = parsed.mrz
      ? { mrz: parsed.mrz.replace(/\\n/g, '\n'), reader: parsed.reader }
      : { documentNumber: parsed.doc, birthDate: parsed.birth, expiryDate: parsed.expiry, reader: parsed.reader };
    const input = chipReadInputSchema.safeParse(rawInput);
    if (!input.success) {
      io.stderr.write(`Give --mrz, or --doc with --birth and --expiry (dates as YYMMDD).\n\n${USAGE}`);
      return ExitCode.Other;
    }

    let stack: CardStack | undefined;
    try {
      const cscaDirectory = parsed.csca ?? process.env.MASA_CSCA_DIR ?? null;
      stack = await (deps.openCards ?? openPcscCards)({ cscaDirectory, idCard: deps.withCard });
      const result = await stack.idChip.read(input.data as ChipReadInput);
      if (parsed.photo) {
        if (!result.photo) throw new AppError(ErrorCode.NotFound, 'The chip has no photo (DG2)');
        writeFileSync(parsed.photo, Buffer.from(result.photo.base64, 'base64'));
      }
      const problems = verificationProblems(result);
      if (parsed.json) io.stdout.write(JSON.stringify({ ...result, verified: problems.length === 0, problems }, null, 2) + '\n');
      else {
        io.stdout.write(formatResult(result));
        io.stdout.write(problems.length === 0 ? '\nVERIFIED\n' : `\nNOT VERIFIED:\n${problems.map((p) => `  - ${p}\n`).join('')}`);
      }
      return problems.length === 0 ? ExitCode.Ok : ExitCode.VerificationFailed;
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (parsed.json) io.stdout.write(JSON.stringify({ error: isAppError(e) ? e.toPayload() : { code: ErrorCode.Internal, message } }, null, 2) + '\n');
      io.stderr.write(`masa read-id: ${message}\n`);
      return exitCodeFor(e);
    } finally {
      if (!deps.openCards) stack?.close();
    }
  },
};
