// `masa load --ops N`: records N realistic synthetic operations through the same service code paths as the forms
// (visits through VisitService, each with its outbox entry in the same transaction), for benchmarks and load tests.
import { randomBytes, randomInt } from 'node:crypto';
import type { Services } from '../../electron/main/compose';
import { errorMessage, openDeskServices, parseFlags, type CommandIo } from './sync-cli-support';

const USAGE = `Usage: masa load --ops N [--user NAME --password PASSWORD] [--per-transaction K]

Records N synthetic visits (valid FINs, ID numbers and chip-check verdicts) as a signed-in clerk, each queued for
sync exactly like one made at the desk. On a desk that is not set up yet, sets it up for load testing with a
supervisor "loadtest" (password from --password or generated and printed). --per-transaction K groups K operations
per SQLite transaction (default 1, like the forms).
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
  if (!user || !password) throw new Error('this desk is set up: pass --user and --password of a clerk');
  await services.auth.signIn(user, password);
  return null;
}

/** Records `count` synthetic visits, `perTransaction` per SQLite transaction. */
export function recordSyntheticVisits(services: Services, count: number, perTransaction = 1): number {
  let done = 0;
  while (done < count) {
    const n = Math.min(perTransaction, count - done);
    const run = () => {
      for (let i = 0; i < n; i++) {
        services.visits.create({ identity: syntheticIdentity(), identityMethod: 'chip', identityCheck: { chipRead: true, passiveAuth: 'synthetic', synthetic: true } });
      }
    };
    if (n > 1) services.db.transaction(run)();
    else run();
    done += n;
  }
  return done;
}

export const command = {
  name: 'load',
  summary: 'record N synthetic operations through the desk services (load tests, benchmarks)',
  async run(args: string[], io: CommandIo): Promise<number> {
    const { flags } = parseFlags(args);
    const ops = Number(flags.ops);
    const perTx = flags['per-transaction'] === undefined ? 1 : Number(flags['per-transaction']);
    if (flags.help || !Number.isInteger(ops) || ops < 1 || ops > 1_000_000 || !Number.isInteger(perTx) || perTx < 1) {
      (flags.help ? io.stdout : io.stderr).write(USAGE);
      return flags.help ? 0 : 2;
    }
    const services = openDeskServices();
    try {
      const user = typeof flags.user === 'string' ? flags.user : undefined;
      const password = typeof flags.password === 'string' ? flags.password : process.env.MASA_LOAD_PASSWORD;
      const generated = await signInForLoad(services, user, password);
      if (generated) io.stdout.write(`Set up a load-test desk: user "loadtest", password "${generated}".\n`);
      const started = performance.now();
      recordSyntheticVisits(services, ops, perTx);
      const ms = performance.now() - started;
      const s = services.sync.status();
      io.stdout.write(`Recorded ${ops} visits in ${ms.toFixed(0)} ms (${(ms / ops).toFixed(2)} ms each); ${s.pending} operations pending sync.\n`);
      return 0;
    } catch (e) {
      io.stderr.write(`masa load: ${errorMessage(e)}\n`);
      return 1;
    } finally {
      await services.close();
    }
  },
};
