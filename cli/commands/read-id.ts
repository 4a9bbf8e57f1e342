// `masa read-id`: reads an ID card or passport chip (BAC with the printed MRZ), prints the chip's MRZ data,
// the comparison with the printed data, the expiry check and passive authentication; optionally saves the photo.
import { writeFileSync } from 'node:fs';
import { AppError, ErrorCode, isAppError } from '../../common/errors';
import { chipReadInputSchema, type ChipRead, type ChipReadInput } from '../../common/ipc/channels/idcard';
import type { WithCard } from '../../electron/main/cards/icao/id-reader';
import type { CardStack } from '../../electron/main/compose-cards';
import { parseOptions, UsageError, type CommandIo } from '../command';
import { parseMrz } from '../../common/domain/mrz';
import { ExitCode } from '../exit-codes';
import { exitCodeFor, openPcscCards, type CardsCommandDeps } from './cards';
import { deskTrust } from './trust';
import type { TrustMaterial } from '../../node-common/icao-trust-rows';

/** The trust list the desk pulled from its server (masa trust list); a desk database that cannot be read is said, not fatal. */
function deskTrustOrNote(io: CommandIo): TrustMaterial | null {
  try {
    return deskTrust();
  } catch (e) {
    io.stderr.write(`masa read-id: the desk's trust list is not used (${(e as Error).message})\n`);
    return null;
  }
}

export interface ReadIdDeps extends CardsCommandDeps {
  /** A card port other than the PC/SC card service (tests with an in-process chip). */
  withCard?: WithCard;
}

const USAGE = `Usage: masa read-id (--mrz "<MRZ lines>" | --doc NUMBER --birth YYMMDD --expiry YYMMDD)
                     [--can NNNNNN] [--reader NAME] [--photo FILE] [--csca DIR] [--json]

Reads the chip of an ICAO ID card or passport. The MRZ (or the document number, birth date and expiry date)
opens the chip: PACE when the chip offers it (keyed by --can, the 6 digits printed on the card, when given),
else BAC. Prints the chip data, the comparison with the printed MRZ, the expiry check,
passive authentication (data-group hashes, SOD signature, document signer chained to a CSCA of the trust list the
desk pulled from its server or in --csca DIR, default $MASA_CSCA_DIR, and not on that CSCA's CRL) and clone detection (Chip Authentication with DG14, Active Authentication with DG15,
where the chip offers them). --photo FILE saves the face: a JPEG as stored on the chip, a JPEG 2000 face decoded
to PNG (name the file .png), one that cannot be decoded as the chip's own bytes.

Exit codes: 0 verified, 3 no reader, 4 no card, 5 access denied (check the MRZ or CAN), 6 verification failed
(chip data differs from the printed data, card expired, passive, chip or active authentication failed), 7 card service
down, 2 the command line is wrong (unknown option, an MRZ that is not valid), 1 anything else.
`;

const MRZ_SHAPES = 'an ID card MRZ is 3 lines of 30 characters (TD1) or 2 of 36 (TD2), a passport MRZ 2 lines of 44 (TD3)';
const CHECK_FIELDS = { documentNumber: 'document number', birthDate: 'birth date', expiryDate: 'expiry date', personalNumber: 'personal number', composite: 'data line as a whole (composite)' };

/** Why this MRZ text cannot open a chip, in plain words; null when it can. */
export function mrzTextProblem(text: string): string | null {
  const result = parseMrz(text);
  if (!result.ok) {
    const lines = text.toUpperCase().replace(/[ \t]/g, '').split(/\r?\n|\r/).filter(Boolean);
    if (result.code === 'MRZ_CHARSET') return 'the MRZ is not valid: only the letters A-Z, the digits 0-9 and < may appear in it';
    const shape = lines.length === 1 ? `one line of ${lines[0].length} characters` : `${lines.length} lines of ${lines.map((l) => l.length).join(', ')} characters`;
    return `the MRZ is not valid: it has ${shape}; ${MRZ_SHAPES} (separate the lines with spaces or \\n)`;
  }
  const failed = Object.entries(result.mrz.checks).filter(([, ok]) => ok === false).map(([k]) => CHECK_FIELDS[k as keyof typeof CHECK_FIELDS] ?? k);
  return failed.length ? `the MRZ is not valid: the check digit of the ${failed.join(', the ')} does not match (a character misread or mistyped?)` : null;
}

const YYMMDD = /^\d{6}$/;

/** The chip's key input from the options: the MRZ, or document number + birth + expiry. Throws UsageError. */
function chipInput(o: { mrz?: string; doc?: string; birth?: string; expiry?: string; reader?: string; can?: string }): ChipReadInput {
  if (o.can !== undefined && !/^\d{6}$/.test(o.can)) throw new UsageError(`--can must be the 6 digits printed on the card, not "${o.can}"`);
  if (o.mrz !== undefined) {
    if (o.doc !== undefined || o.birth !== undefined || o.expiry !== undefined) throw new UsageError('give either --mrz or --doc/--birth/--expiry, not both');
    const mrz = o.mrz.replace(/\\n/g, '\n');
    const problem = mrzTextProblem(mrz);
    if (problem) throw new UsageError(problem);
    return chipReadInputSchema.parse({ mrz, reader: o.reader, can: o.can });
  }
  if (o.doc === undefined && o.birth === undefined && o.expiry === undefined) throw new UsageError('give the MRZ (--mrz), or --doc with --birth and --expiry');
  const missing = (['doc', 'birth', 'expiry'] as const).filter((k) => !o[k]).map((k) => `--${k}`);
  if (missing.length) throw new UsageError(`${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} missing: --doc, --birth and --expiry go together`);
  if (!YYMMDD.test(o.birth!)) throw new UsageError(`--birth must be the birth date as YYMMDD (6 digits), not "${o.birth}"`);
  if (!YYMMDD.test(o.expiry!) && o.expiry !== '<<<<<<') throw new UsageError(`--expiry must be the expiry date as YYMMDD (6 digits), not "${o.expiry}"`);
  const input = chipReadInputSchema.safeParse({ documentNumber: o.doc, birthDate: o.birth, expiryDate: o.expiry, reader: o.reader, can: o.can });
  if (!input.success) throw new UsageError(`--doc must be the document number (1 to 22 characters), not "${o.doc}"`);
  return input.data;
}

/** Why the ID check did not pass, one line each; empty when it passed. */
export function verificationProblems(r: ChipRead): string[] {
  const problems: string[] = [];
  for (const c of r.comparison) if (c.match === false) problems.push(`${c.field}: printed "${c.printed ?? ''}", chip "${c.chip ?? ''}"`);
  if (r.expiry.expired) problems.push(`the document expired on ${r.expiry.expiryDate ?? 'an unreadable date'}`);
  if (!r.passiveAuth) problems.push('the chip has no security object (EF.SOD): its data cannot be authenticated');
  else {
    if (r.passiveAuth.hashes !== 'ok') problems.push(`data group hashes do not match the SOD (DG${r.passiveAuth.mismatchedDataGroups.join(', DG')})`);
    if (r.passiveAuth.signature !== 'ok') problems.push('the SOD signature is invalid');
    if (r.passiveAuth.csca === 'untrusted') problems.push('the document signer is not certified by a trusted CSCA');
    if (r.passiveAuth.csca === 'revoked') problems.push('the document signer is revoked: it is on its CSCA\'s CRL');
  }
  if (r.chipAuth.status === 'failed') problems.push(`the chip failed Chip Authentication: ${r.chipAuth.reason ?? r.chipAuth.failure}`);
  if (r.activeAuth.status === 'failed') problems.push(`the chip failed Active Authentication: ${r.activeAuth.reason ?? r.activeAuth.failure}`);
  return problems;
}

/** One line per clone check: passed / FAILED (algorithm) / not offered (no DG14 or DG15) / not supported here. */
function cloneCheckLine(label: string, c: ChipRead['chipAuth'], file: string): string {
  const what = c.algorithm ? ` (${c.algorithm})` : '';
  const verdict = { passed: `passed${what}`, failed: `FAILED${what}`, 'not-offered': `not offered (no ${file})`, 'not-supported': `not done: ${c.reason ?? 'not supported'}` }[c.status];
  return `${label.padEnd(15)} ${verdict}`;
}

type Photo = NonNullable<ChipRead['photo']>;

function photoLine(p: Photo): string {
  const size = `${Buffer.from(p.base64, 'base64').length} bytes${p.width ? `, ${p.width}×${p.height}` : ''}`;
  if (!p.displayable) return `${p.mime}, ${size} — ${p.reason}`;
  return p.sourceMime === p.mime ? `${p.mime}, ${size}` : `${p.mime} decoded from the chip's JPEG 2000 (${p.sourceMime}), ${size}`;
}

const EXTENSIONS: Record<string, string[]> = { 'image/jpeg': ['.jpg', '.jpeg'], 'image/png': ['.png'], 'image/jp2': ['.jp2'], 'image/j2k': ['.j2k', '.j2c'] };

/**
 * Writes the photo as the clerk can open it: the JPEG as stored, a JPEG 2000 face as the PNG main decoded it to,
 * an undecodable one as the chip's own bytes. Returns the sentence saying what the file holds.
 */
function writePhoto(file: string, p: Photo): string {
  writeFileSync(file, Buffer.from(p.base64, 'base64'));
  const what = p.displayable && p.sourceMime !== p.mime ? `${p.mime}, decoded from the chip's ${p.sourceMime}` : `${p.mime}, as stored on the chip`;
  const expected = EXTENSIONS[p.mime];
  const misnamed = expected && !expected.some((e) => file.toLowerCase().endsWith(e)) ? ` — note: the file is ${p.mime}, name it ${expected[0]} to open it` : '';
  return `Photo written   ${file} (${what})${misnamed}`;
}

function formatResult(r: ChipRead): string {
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
  out.push(cloneCheckLine('Chip auth', r.chipAuth, 'DG14'), cloneCheckLine('Active auth', r.activeAuth, 'DG15'));
  out.push(r.photo ? `Photo           ${photoLine(r.photo)}` : 'Photo           none (no DG2)');
  if (r.accessControl) out.push(`Access control  ${accessControlText(r.accessControl)}`);
  out.push(`Chip            ${r.apduCount} APDUs, ${r.durationMs} ms${r.reader ? `, reader "${r.reader}"` : ''}`);
  return out.join('\n') + '\n';
}

/** "PACE (ECDH-GM, brainpoolP256r1, AES-128) with the CAN" or "BAC (3DES) with the MRZ". */
export function accessControlText(a: NonNullable<ChipRead['accessControl']>): string {
  const how = a.protocol === 'PACE' ? `PACE (${a.mapping}, ${a.curve}, ${a.cipher})` : `BAC (${a.cipher})`;
  return `${how} with the ${a.password}`;
}

export const command = {
  name: 'read-id',
  summary: 'read an ID card or passport chip (PACE or BAC, DG1, photo, passive authentication)',
  async run(args: string[], io: CommandIo, deps: ReadIdDeps = {}): Promise<number> {
    let parsed;
    let input: ChipReadInput;
    try {
      parsed = parseOptions(args, {
        mrz: { type: 'string' },
        doc: { type: 'string' },
        birth: { type: 'string' },
        expiry: { type: 'string' },
        reader: { type: 'string' },
        can: { type: 'string' },
        photo: { type: 'string' },
        csca: { type: 'string' },
        json: { type: 'boolean', default: false },
      }).values;
      if (parsed.help) {
        io.stdout.write(USAGE);
        return ExitCode.Ok;
      }
      input = chipInput(parsed);
    } catch (e) {
      io.stderr.write(`masa read-id: ${(e as Error).message}\nRun "masa read-id --help" for its options.\n`);
      return ExitCode.Usage;
    }

    let stack: CardStack | undefined;
    try {
      const cscaDirectory = parsed.csca ?? process.env.MASA_CSCA_DIR ?? null;
      stack = await (deps.openCards ?? openPcscCards)({ cscaDirectory, idCard: deps.withCard, trust: () => deskTrustOrNote(io) });
      const result = await stack.idChip.read(input);
      let photoWritten: string | null = null;
      if (parsed.photo) {
        if (!result.photo) throw new AppError(ErrorCode.NotFound, 'The chip has no photo (DG2)');
        photoWritten = writePhoto(parsed.photo, result.photo);
      }
      const problems = verificationProblems(result);
      if (parsed.json) {
        const photoFile = photoWritten && result.photo ? { photoFile: { path: parsed.photo, mime: result.photo.mime } } : {};
        io.stdout.write(JSON.stringify({ ...result, verified: problems.length === 0, problems, ...photoFile }, null, 2) + '\n');
      } else {
        io.stdout.write(formatResult(result));
        if (photoWritten) io.stdout.write(photoWritten + '\n');
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
