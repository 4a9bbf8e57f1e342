// `masa trust`: this desk's ICAO trust list. The list the sync server distributes arrives by itself (pulled into the
// desk database); a desk without a server, or with documents of a state the server does not list yet, adds to it
// here with the same checks as `masa-server trust`: the master list's signer must chain to --anchor and its
// signature verify, a CRL must verify with a CSCA's key. What passes is written into the local trust folder
// (--dir, default $MASA_CSCA_DIR) that passive authentication reads beside the server's list.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { parseOptions, UsageError, type CliCommand, type CommandIo } from '../command';
import { ExitCode } from '../exit-codes';
import { readCertificates, readCrl, readMasterList, TrustListError, verifyCrl } from '../../node-common/icao-trust';
import { emptyTrust, trustFromRows, TRUST_TABLE, type TrustMaterial } from '../../node-common/icao-trust-rows';
import { loadCscaDirectory } from '../../electron/main/cards/icao/csca-store';
import { listCentralRows } from '../../electron/main/db/queries/central_rows';
import { DATABASE_FILE, openDatabaseReporting } from '../../electron/main/db/database';
import { resolveDataDir } from '../../electron/main/services/data-dir';
import { checkTrust } from './doctor-trust';

const USAGE = `Usage: masa trust import-masterlist FILE --anchor CERT [--dir DIR]
       masa trust import-crl FILE... [--dir DIR]
       masa trust list [--json]

The ICAO trust list passive authentication checks chips against: the one the sync server distributes
(masa-server trust …) plus a local folder, DIR (default $MASA_CSCA_DIR). import-masterlist checks an ICAO CSCA
master list (its signature, and that its signer chains to CERT, the publishing state's CSCA) and writes its CSCA
certificates into DIR; import-crl checks each CRL against its CSCA (from the server's list or DIR) and writes it
into DIR, replacing an older CRL of the same CSCA. list shows where the list comes from, its age and counts.
Exit codes: 0 done, 6 a file was refused (the reason is printed), 2 the command line is wrong, 1 anything else.
`;

/** The server-distributed list's rows as this desk pulled them; null when the desk has no database yet. */
export function deskTrustRows(dataDir: string = resolveDataDir()): Array<Record<string, unknown>> | null {
  if (!existsSync(join(dataDir, DATABASE_FILE))) return null;
  const { db } = openDatabaseReporting({ dataDir, readonly: true });
  try {
    return listCentralRows(db, TRUST_TABLE).map((r) => r.row);
  } finally {
    db.close();
  }
}

/** The server-distributed list, decoded (empty without a database). */
export function deskTrust(dataDir?: string): TrustMaterial {
  const rows = deskTrustRows(dataDir);
  return rows ? trustFromRows(rows) : emptyTrust();
}

function fileName(prefix: string, der: Uint8Array | Buffer, ext: string): string {
  return `${prefix}-${createHash('sha256').update(der).digest('hex').slice(0, 16)}.${ext}`;
}

function importMasterList(file: string, anchorFile: string, dir: string, io: CommandIo): void {
  const list = readMasterList(new Uint8Array(readFileSync(file)), readCertificates(new Uint8Array(readFileSync(anchorFile)), 'The trust anchor (--anchor)'));
  mkdirSync(dir, { recursive: true });
  const held = new Set(loadCscaDirectory(dir).certificates.map((c) => c.fingerprint256));
  let added = 0;
  for (const cert of list.certificates) {
    if (held.has(cert.fingerprint256)) continue;
    writeFileSync(join(dir, fileName('csca', cert.raw, 'pem')), cert.toString());
    added++;
  }
  io.stdout.write(`master list signed by ${list.signer.subject.split('\n').join(', ')}: ${list.certificates.length} CSCA certificate(s), ${added} new in ${dir}\n`);
}

function importCrl(file: string, dir: string, io: CommandIo): void {
  const crl = readCrl(new Uint8Array(readFileSync(file)));
  const cscas = [...deskTrust().cscas, ...(existsSync(dir) ? loadCscaDirectory(dir).certificates : [])];
  verifyCrl(crl, cscas);
  mkdirSync(dir, { recursive: true });
  // One CRL per issuer in the folder: the file is named by the issuer, so a newer one replaces the older.
  const target = join(dir, fileName('crl', crl.issuerDer, 'crl'));
  const current = existsSync(target) ? readCrl(new Uint8Array(readFileSync(target))) : null;
  if (current && current.thisUpdate > crl.thisUpdate) {
    throw new TrustListError(`This CRL of ${crl.issuer} was issued ${crl.thisUpdate.slice(0, 10)}, before the one already in ${dir} (${current.thisUpdate.slice(0, 10)}): it is not imported.`);
  }
  writeFileSync(target, crl.der);
  io.stdout.write(`CRL of ${crl.issuer} issued ${crl.thisUpdate.slice(0, 10)}, next update ${crl.nextUpdate?.slice(0, 10) ?? '—'}: ${crl.revokedSerials.length} revoked certificate(s), in ${target}\n`);
}

export const command: CliCommand = {
  name: 'trust',
  summary: 'the ICAO trust list (CSCA master lists, CRLs): list it, or import into the local folder with the server’s checks',
  async run(args, io) {
    const { values, positionals } = parseOptions(args, { anchor: { type: 'string' }, dir: { type: 'string' }, json: { type: 'boolean' } }, true);
    const [sub, ...files] = positionals;
    if (values.help) {
      io.stdout.write(USAGE);
      return ExitCode.Ok;
    }
    const dirOption = values.dir ?? process.env.MASA_CSCA_DIR;
    try {
      if (sub === 'list' && files.length === 0) {
        const rows = deskTrustRows();
        const { report, checks } = checkTrust(rows, dirOption ?? null, new Date());
        io.stdout.write(values.json ? JSON.stringify(report, null, 2) + '\n' : checks.map((c) => `${c.level === 'ok' ? '' : `${c.level}: `}${c.detail}\n`).join(''));
        return ExitCode.Ok;
      }
      if ((sub !== 'import-masterlist' && sub !== 'import-crl') || files.length === 0) throw new UsageError('give a subcommand: import-masterlist FILE --anchor CERT, import-crl FILE..., or list');
      if (!dirOption) throw new UsageError('name the local trust folder with --dir DIR (or set MASA_CSCA_DIR, which the desk reads)');
      const dir = resolve(dirOption);
      if (sub === 'import-masterlist') {
        if (files.length !== 1 || !values.anchor) throw new UsageError('usage: masa trust import-masterlist FILE --anchor CERT [--dir DIR]');
        importMasterList(files[0], values.anchor, dir, io);
      } else for (const f of files) importCrl(f, dir, io);
      // The desk reads one local folder: say so when this one is not it.
      if (!process.env.MASA_CSCA_DIR || resolve(process.env.MASA_CSCA_DIR) !== dir) io.stdout.write(`(the desk reads ${dir} when MASA_CSCA_DIR names it)\n`);
      return ExitCode.Ok;
    } catch (e) {
      io.stderr.write(`masa trust: ${(e as Error).message}\n${e instanceof UsageError ? 'Run "masa trust --help" for its options.\n' : ''}`);
      if (e instanceof UsageError) return ExitCode.Usage;
      return e instanceof TrustListError ? ExitCode.VerificationFailed : ExitCode.Other;
    }
  },
};
