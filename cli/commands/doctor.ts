// `masa doctor`: what IT support asks first. Each check says ok / warn / fail in plain words; any fail → exit 1.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseOptions, UsageError, type CliCommand } from '../command';
import { resolveDataDir } from '../../electron/main/services/data-dir';
import { DATABASE_FILE, latestSchemaVersion, openDatabaseReporting, schemaVersion } from '../../electron/main/db/database';
import type { DatabaseKeyReport } from '../../electron/main/db/database-key';
import { loadSmartcardBinding } from '../../electron/main/cards/pcsc-port';
import { getSetting } from '../../electron/main/db/queries/settings';
import { getSyncState } from '../../electron/main/db/queries/sync_state';
import { checkSync, type EnrolmentFacts, type SyncReport } from './doctor-sync';
import { checkTrust, type TrustReport } from './doctor-trust';
import { listCentralRows } from '../../electron/main/db/queries/central_rows';
import { TRUST_TABLE } from '../../node-common/icao-trust-rows';
import packageJson from '../../package.json';

type Level = 'ok' | 'warn' | 'fail';
interface Check {
  name: string;
  level: Level;
  detail: string;
}

interface DoctorReport {
  ok: boolean;
  node: string;
  appVersion: string;
  dataDir: string;
  database: { exists: boolean; schemaVersion: number | null; latestSchemaVersion: number; setUp: boolean; office: string | null; desk: string | null };
  /** Where the database key is: the OS keystore, or the key file fallback (a warning). null: no database yet. */
  databaseKey: Omit<DatabaseKeyReport, 'migrated'> | null;
  pcsc: { reachable: boolean; readers: { name: string; cardPresent: boolean }[]; error: string | null };
  sync: SyncReport;
  /** The ICAO trust list: its source (server, $MASA_CSCA_DIR), age, CSCA and CRL counts, expired CRLs. */
  trust: TrustReport;
  checks: Check[];
}

type DatabaseProbe = DoctorReport['database'] & { enrolment: EnrolmentFacts | null; databaseKey: DoctorReport['databaseKey']; trustRows: Record<string, unknown>[] | null };

function probeDatabase(dataDir: string, checks: Check[]): DatabaseProbe {
  const exists = existsSync(join(dataDir, DATABASE_FILE));
  const result: DatabaseProbe = { exists, schemaVersion: null, latestSchemaVersion: latestSchemaVersion(), setUp: false, office: null, desk: null, enrolment: null, databaseKey: null, trustRows: null };
  if (!exists) {
    checks.push({ name: 'database', level: 'warn', detail: `no database yet in ${dataDir} (it is created on the first start)` });
    // A desk without a database is not enrolled either.
    result.enrolment = { serverUrl: null, deskId: null, deskKey: null, deskPrivateKey: null, officeName: null, deskName: null };
    return result;
  }
  try {
    // Read-only: the doctor finds the key where the desk keeps it, but never moves, makes or deletes one.
    const { db, key } = openDatabaseReporting({ dataDir, readonly: true });
    result.databaseKey = { store: key.store, where: key.where, fallback: key.fallback, warning: key.warning };
    checks.push(
      key.warning
        ? { name: 'database key', level: 'warn', detail: key.fallback ? `${key.warning}. Anyone who can read this user's files can read the key: with the OS keyring running (and MASA_DB_KEY_STORE unset) the desk moves it there at its next start` : key.warning }
        : { name: 'database key', level: 'ok', detail: `in ${key.where}` },
    );
    try {
      result.schemaVersion = schemaVersion(db);
      result.office = getSetting(db, 'office');
      result.desk = getSetting(db, 'desk');
      result.setUp = result.office !== null;
      const state = (name: 'serverUrl' | 'deskId' | 'deskKey' | 'deskPrivateKey' | 'officeName' | 'deskName') => getSyncState(db, name);
      result.enrolment = {
        serverUrl: state('serverUrl'),
        deskId: state('deskId'),
        deskKey: state('deskKey'),
        deskPrivateKey: state('deskPrivateKey'),
        officeName: state('officeName'),
        deskName: state('deskName'),
      };
      result.trustRows = listCentralRows(db, TRUST_TABLE).map((r) => r.row);
    } finally {
      db.close();
    }
    const behind = result.schemaVersion < result.latestSchemaVersion;
    checks.push({
      name: 'database',
      level: 'ok',
      detail: `opened with its key; schema ${result.schemaVersion} of ${result.latestSchemaVersion}${behind ? ' (migrates on next start)' : ''}`,
    });
    if (!result.setUp) checks.push({ name: 'set-up', level: 'warn', detail: 'the desk is not set up yet: start the app to create the administrator' });
  } catch (e) {
    checks.push({ name: 'database', level: 'fail', detail: e instanceof Error ? e.message : String(e) });
  }
  return result;
}

function probePcsc(checks: Check[]): DoctorReport['pcsc'] {
  try {
    const binding = loadSmartcardBinding();
    const context = new binding.Context();
    try {
      const readers = context.listReaders().map((r) => ({ name: r.name, cardPresent: (r.state & binding.SCARD_STATE_PRESENT) !== 0 }));
      checks.push({
        name: 'card readers',
        level: readers.length > 0 ? 'ok' : 'warn',
        detail: readers.length > 0 ? `${readers.length} reader(s): ${readers.map((r) => r.name + (r.cardPresent ? ' [card]' : '')).join(', ')}` : 'PC/SC service is running but no reader is connected',
      });
      return { reachable: true, readers, error: null };
    } finally {
      context.close();
    }
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    checks.push({ name: 'card readers', level: 'fail', detail: `PC/SC service not reachable (is pcscd running?): ${message}` });
    return { reachable: false, readers: [], error: message };
  }
}

export interface DoctorOptions {
  dataDir?: string;
  /** How long the sync server may take to answer (default 5 s). */
  timeoutMs?: number;
  /** The local CSCA folder; default $MASA_CSCA_DIR. */
  cscaDirectory?: string | null;
  now?: Date;
}

export async function runDoctor(options: DoctorOptions = {}): Promise<DoctorReport> {
  const dataDir = options.dataDir ?? resolveDataDir();
  const checks: Check[] = [];
  const major = Number(process.versions.node.split('.')[0]);
  checks.push({ name: 'node', level: major >= 22 ? 'ok' : 'fail', detail: `Node ${process.versions.node}${major >= 22 ? '' : ' — Masa needs Node 22 or newer'}` });
  const { enrolment, databaseKey, trustRows, ...database } = probeDatabase(dataDir, checks);
  const sync = await checkSync(enrolment, options.timeoutMs ?? 5000);
  checks.push(...sync.checks);
  const trust = checkTrust(trustRows, options.cscaDirectory === undefined ? (process.env.MASA_CSCA_DIR ?? null) : options.cscaDirectory, options.now ?? new Date());
  checks.push(...trust.checks);
  const pcsc = probePcsc(checks);
  const electronBinary = existsSync(join(process.cwd(), 'node_modules', 'electron', 'dist'));
  checks.push({
    name: 'electron',
    level: electronBinary ? 'ok' : 'warn',
    detail: electronBinary ? 'Electron binary installed' : 'no Electron binary here: run the app in the browser host (npm run start:browser)',
  });
  return {
    ok: checks.every((c) => c.level !== 'fail'),
    node: process.versions.node,
    appVersion: packageJson.version,
    dataDir,
    database,
    databaseKey,
    pcsc,
    sync: sync.report,
    trust: trust.report,
    checks,
  };
}

const USAGE = `Usage: masa doctor [--json] [--timeout-ms 5000]

Checks this desk and says plainly what is missing: Node, the data folder ($MASA_DATA_DIR), the database key (in
the OS keyring, or a warning when it is in the key file fallback, $MASA_DB_KEY_STORE=file), the database (opened
with its key, schema version), the enrolment, the sync server (a signed GET /v1/state with this desk's key, within
--timeout-ms), the ICAO trust list (from the server and/or $MASA_CSCA_DIR: its age, CSCAs, CRLs, expired CRLs), the
card service (pcscd) and its readers, the Electron binary.
Exit codes: 0 nothing is broken (warnings allowed), 1 something is broken (a FAIL line), 2 the command line is wrong.
`;

const MARK: Record<Level, string> = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' };

export const command: CliCommand = {
  name: 'doctor',
  summary: 'check this desk: Node, data folder, database, enrolment, sync server, card readers (--json for machines)',
  async run(args, io) {
    const { values } = parseOptions(args, { json: { type: 'boolean' }, 'timeout-ms': { type: 'string' } });
    if (values.help) {
      io.stdout.write(USAGE);
      return 0;
    }
    const timeoutMs = values['timeout-ms'] === undefined ? undefined : Number(values['timeout-ms']);
    if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs > 0)) throw new UsageError(`--timeout-ms must be a whole number of milliseconds, not "${values['timeout-ms']}"`);
    const report = await runDoctor({ timeoutMs });
    if (values.json) {
      io.stdout.write(JSON.stringify(report, null, 2) + '\n');
    } else {
      io.stdout.write(`Masa ${report.appVersion} · Node ${report.node}\nData folder: ${report.dataDir}\n\n`);
      for (const c of report.checks) io.stdout.write(`  [${MARK[c.level]}] ${c.name}: ${c.detail}\n`);
      io.stdout.write(report.ok ? '\nNothing is broken.\n' : '\nSomething is broken: see the FAIL lines above.\n');
    }
    return report.ok ? 0 : 1;
  },
};
