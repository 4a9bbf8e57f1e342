// `masa load --ops N`: records N realistic synthetic operations through the same code paths as the forms (a desk's day
// of customers, load-mix.ts; or visits alone through VisitService for the sync benchmarks), for benchmarks and load tests.
import { randomBytes, randomInt } from 'node:crypto';
import type { Services } from '../../electron/main/compose';
import { withTx } from '../../electron/main/db/database';
import { luhnCheckDigit } from '../../common/domain/checksums';
import { parseOptions, UsageError } from '../command';
import { errorMessage, openDeskServices, type CommandIo } from './sync-cli-support';
import { SyntheticSimReader, recordSyntheticMix } from './load-mix';
import { syntheticChipRead } from './synthetic-chip';

const USAGE = `Usage: masa load --ops N [--json] [--user NAME [--password-stdin]] [--visits-only [--per-transaction K] [--imei-every M]]

Records N synthetic operations as a signed-in clerk, through the same channels as the desk's forms, each queued for
sync exactly like one made at the desk: customers' visits (valid FINs, ID numbers, chip-check verdicts) with an Asan
İmza SIM sold and its certificate issued (a synthetic SIM reader hands out new ICCIDs), the service activated, an
IMEI registered, and for every third customer a POA registered by a trustee, who extends the service under it; each
visit is paid (cash or card) and closed (visits, payments and closings count as operations: they are synced too).
--json prints only JSON: {ops, ms, pending, kinds, subjects: {fins: [...]}} (and {setUp: {user, password}} when it
set the desk up).
--visits-only records visits alone, every M-th (default 4, 0 = none) with an IMEI registration, K per SQLite
transaction (default 1, like the forms): the sync benchmarks' load.

On a desk that is not set up yet, sets it up for load testing with a supervisor "loadtest" (password as below, or
generated and printed) and offline limits that do not stop a large load.
The password never goes on the command line (shell history, ps): it is read from the environment variable
MASA_LOAD_PASSWORD, or with --password-stdin from the first line of standard input
(e.g. printf '%s\\n' "$PW" | masa load --ops 100 --user leyla --password-stdin).
`;

const FIN_ALPHABET = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ'; // no I, O
const SURNAMES = ['Məmmədov', 'Əliyev', 'Həsənov', 'Quliyev', 'Hüseynov', 'Rzayev', 'Kərimova', 'Abbasova', 'Nəsirova', 'İsmayılova'];
const GIVEN = ['Elvin', 'Rəşad', 'Aygün', 'Günel', 'Orxan', 'Leyla', 'Tural', 'Nigar', 'Kamran', 'Səbinə'];

function pick<T>(xs: readonly T[]): T {
  return xs[randomInt(xs.length)];
}

export function syntheticIdentity(today = new Date()): Record<string, unknown> {
  const fin = Array.from({ length: 7 }, () => FIN_ALPHABET[randomInt(FIN_ALPHABET.length)]).join('');
  const year = today.getUTCFullYear();
  const birth = `${year - 20 - randomInt(50)}-${String(1 + randomInt(12)).padStart(2, '0')}-${String(1 + randomInt(28)).padStart(2, '0')}`;
  const expiry = `${year + 1 + randomInt(9)}-${String(1 + randomInt(12)).padStart(2, '0')}-${String(1 + randomInt(28)).padStart(2, '0')}`;
  return {
    kind: 'citizen',
    fin,
    documentNumber: `AA${String(randomInt(10_000_000)).padStart(7, '0')}`,
    surname: pick(SURNAMES),
    givenName: pick(GIVEN),
    patronymic: '',
    birthDate: birth,
    expiryDate: expiry,
  };
}

/** Signs in (setting the desk up for load testing when it is new). Returns a password to print, if generated. */
export async function signInForLoad(services: Services, user?: string, password?: string): Promise<string | null> {
  let generated: string | null = null;
  if (!services.auth.isSetUp()) {
    const pw = password ?? randomBytes(12).toString('base64url');
    if (!password) generated = pw;
    await services.auth.setup({ office: 'Load test', desk: 'load', adminUsername: 'loadtest', adminDisplayName: 'Load test', adminPassword: pw, language: 'en' });
    await services.auth.signIn('loadtest', pw);
    return generated;
  }
  if (!user || !password) throw new Error('this desk is set up: give --user, and the password in MASA_LOAD_PASSWORD or with --password-stdin');
  await services.auth.signIn(user, password);
  return null;
}

function syntheticImei(): string {
  const body = `35${String(randomInt(1_000_000_000_000)).padStart(12, '0')}`;
  return body + String(luhnCheckDigit(body));
}

/** An IMEI registration on the visit, through the same service the IMEI form calls. */
function registerSyntheticImei(services: Services, visitId: string, identity: Record<string, unknown>): void {
  const doc = String(identity.documentNumber);
  services.flows.registrations.registerImei({
    visitId,
    fin: String(identity.fin),
    documentSeries: doc.slice(0, 2),
    documentNumber: doc.slice(2),
    imei: syntheticImei(),
    securityCode: String(randomInt(100_000, 1_000_000)),
    msisdn: `+99450${String(randomInt(10_000_000)).padStart(7, '0')}`,
    devicePriceMinor: 20_000 + randomInt(200_000),
    paymentType: randomInt(2) ? 'cash' : 'card',
  });
}

/**
 * Records `count` synthetic operations, `perTransaction` per SQLite transaction: visits, and an IMEI registration on
 * every `imeiEvery`-th visit (each counts as one operation).
 */
export function recordSyntheticVisits(services: Services, count: number, perTransaction = 1, imeiEvery = 0): number {
  // IMEI registrations are operations, recorded only inside the clerk's open shift (issue 12): open one (float 0) if
  // there is none, as a clerk would before serving. It is one more record on the queue (shift.open).
  if (imeiEvery > 0 && !services.flows.shifts.current()) services.flows.shifts.open({ openingFloatMinor: 0 });
  let visits = 0;
  let last: { id: string; identity: Record<string, unknown> } | null = null;
  const one = () => {
    if (last && imeiEvery > 0 && visits % imeiEvery === 0) {
      registerSyntheticImei(services, last.id, last.identity);
      last = null;
      return;
    }
    const identity = syntheticIdentity();
    const read = services.chipReads.keep(services.auth.requireClerk().id, undefined, syntheticChipRead(identity, services.clock.now()));
    const visit = services.visits.create({ identityMethod: 'chip', identityCheck: {}, chipReadId: read.readId });
    visits++;
    last = { id: visit.id, identity };
  };
  let done = 0;
  while (done < count) {
    const n = Math.min(perTransaction, count - done);
    const run = () => {
      for (let i = 0; i < n; i++) one();
    };
    if (n > 1) withTx(services.db, run);
    else run();
    done += n;
  }
  return done;
}

/** The first line of a stream (the password piped in), without its line end. */
export async function readLine(input: NodeJS.ReadableStream): Promise<string> {
  const { createInterface } = await import('node:readline');
  const lines = createInterface({ input });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  throw new UsageError('--password-stdin: nothing arrived on standard input');
}

export const command = {
  name: 'load',
  summary: 'record N synthetic operations through the desk services (load tests, benchmarks)',
  async run(args: string[], io: CommandIo): Promise<number> {
    const { values: flags } = parseOptions(args, {
      ops: { type: 'string' },
      json: { type: 'boolean' },
      'visits-only': { type: 'boolean' },
      user: { type: 'string' },
      'password-stdin': { type: 'boolean' },
      // Declared only to refuse it with the reason (an unknown option would just say "unknown").
      password: { type: 'string' },
      'per-transaction': { type: 'string' },
      'imei-every': { type: 'string' },
    });
    if (flags.password !== undefined) {
      throw new UsageError('--password would leave the password in the shell history and the process list: set MASA_LOAD_PASSWORD or pipe it with --password-stdin');
    }
    const ops = Number(flags.ops);
    const perTx = flags['per-transaction'] === undefined ? 1 : Number(flags['per-transaction']);
    const imeiEvery = flags['imei-every'] === undefined ? 4 : Number(flags['imei-every']);
    if (flags.help || !Number.isInteger(ops) || ops < 1 || ops > 1_000_000 || !Number.isInteger(perTx) || perTx < 1 || !Number.isInteger(imeiEvery) || imeiEvery < 0) {
      (flags.help ? io.stdout : io.stderr).write(USAGE);
      return flags.help ? 0 : 2;
    }
    const password = flags['password-stdin'] ? await readLine(process.stdin) : process.env.MASA_LOAD_PASSWORD || undefined;
    const sims = new SyntheticSimReader();
    const services = openDeskServices({}, flags['visits-only'] ? undefined : { sim: sims });
    try {
      const fresh = !services.auth.isSetUp();
      const generated = await signInForLoad(services, flags.user, password);
      // A desk set up for load testing holds as many unsent operations as the load makes without a supervisor.
      if (fresh) services.sync.setLimits({ warnAfterHours: 24 * 365, approvalAfterHours: 24 * 365, warnPending: 1_000_000, approvalPending: 1_000_000 });
      if (generated && !flags.json) io.stdout.write(`Set up a load-test desk: user "loadtest", password "${generated}".\n`);
      const started = performance.now();
      const mix = flags['visits-only'] ? { ops: recordSyntheticVisits(services, ops, perTx, imeiEvery), fins: [], kinds: {} } : await recordSyntheticMix(services, sims, ops);
      const ms = performance.now() - started;
      const s = services.sync.status();
      if (flags.json) {
        io.stdout.write(
          JSON.stringify({ ops: mix.ops, ms: Math.round(ms), pending: s.pending, kinds: mix.kinds, subjects: { fins: mix.fins }, ...(generated ? { setUp: { user: 'loadtest', password: generated } } : {}) }) + '\n',
        );
      } else {
        io.stdout.write(`Recorded ${mix.ops} operations in ${ms.toFixed(0)} ms (${(ms / mix.ops).toFixed(2)} ms each); ${s.pending} operations pending sync.\n`);
      }
      return 0;
    } catch (e) {
      io.stderr.write(`masa load: ${errorMessage(e)}\n`);
      return 1;
    } finally {
      await services.close();
    }
  },
};
