/**
 * `masa-server` — runs the sync server and administers it; every command and option is in USAGE below
 * (`masa-server help`).
 *
 * The database is PGlite in DIR/pgdata (default ./.masa-server) unless DATABASE_URL is set. Admin commands work
 * whether or not the server runs (see server/runtime.ts).
 */
import { resolve } from 'node:path';
import { DEFAULT_DATA_DIR, DEFAULT_PORT, openAdmin, openDatabase, readReferenceFile, referenceFilesIn, runningServer, startServer, type Admin } from './runtime';
import { readFileSync } from 'node:fs';
import { dataFolderPin, serverTls } from './tls';
import { certificatePin } from '../node-common/key-pins';
import { isLoopbackHost } from '../common/sync/transport';
import { migrate } from './db/migrate';
import { parseOptions, UsageError } from '../node-common/cli-options';
import { TRUST_USAGE, trustCommand } from './trust-cli';
import { REPORT_USAGE, reportCommand } from './report-cli';
import { ADMIN_USAGE, adminCommand } from './admin-cli';

// Every command with what it does: `masa-server help` (or --help) prints it; a wrong command line points here.
const USAGE = `masa-server — the Masa sync server and its administration

usage: masa-server <command> [options]        (npm run server -- <command> [options])

  start [--port ${DEFAULT_PORT}] [--host 127.0.0.1] [--seed DIR] [--log] [--tls-cert FILE --tls-key FILE | --http]
                          run the server (the default when no command is given) over HTTPS: with the pair from
                          the files, else one made at first start in DIR/tls; prints the key pin desks enrol with.
                          --http serves plain HTTP, on a loopback --host only
  office add NAME [--type asxm|operator|post]
                          add an office (an ASXM centre by default; the type decides which fees its desks charge)
  office type NAME TYPE   change an office's type (asxm, operator, post); its desks take it at their next sync
  office list [--json]    list the offices, their types and desks
  enrolment-code OFFICE [--ttl-hours 72] [--tls-cert FILE] [--json]
                          a one-time code that enrols one desk in OFFICE, with the server's key pin
  clerk add OFFICE USERNAME --name NAME --role clerk|supervisor [--language az|en|ru] [--tls-key FILE] [--json]
                          publish a clerk account to the office's desks, signed with the server's key (the running
                          server's, DATA/tls's, or --tls-key's); the password is read from standard input (one line)
                          or MASA_CLERK_PASSWORD, never from the command line
  clerk remove OFFICE USERNAME
                          deactivate the account on the office's desks
  clerk list [OFFICE] [--json]
                          list the clerk accounts
  stats [--json]          applied, duplicate, conflicting and rejected operations, by office and kind
${REPORT_USAGE}
  reference seed [DIR]    load every *.json in DIR (default resources/reference-data)
  reference set FILE...   load reference tables from files ({table, rows} or a list of them)
  reference list [--json] list the reference tables
  conflicts [--status open|accepted|rejected] [--json]
                          list conflicts
  conflicts resolve ID accept|reject --note TEXT [--json]
                          decide a conflict (every desk of the office pulls the decision)
  poa revoke POA_ID [--reason TEXT]
                          revoke a power of attorney centrally
${TRUST_USAGE}
${ADMIN_USAGE}
  compact                 drop pull-log entries superseded by newer versions
  migrate                 apply database migrations
  help                    this text

options for every command: --data DIR (default ./${DEFAULT_DATA_DIR}; made 0700, and refused while other users may
read or write it or anything in it); DATABASE_URL=postgres://... uses PostgreSQL instead of PGlite. Admin commands
work whether or not the server runs.
exit codes: 0 done, 2 the command line is wrong, 1 anything else.`;


const COMMANDS = ['start', 'migrate', 'office', 'enrolment-code', 'stats', 'reference', 'conflicts', 'poa', 'clerk', 'trust', 'compact', 'report', 'admin'];

export async function main(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s + '\n')): Promise<number> {
  const { values, positionals } = parseOptions(
    argv,
    {
      port: { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      seed: { type: 'string' },
      json: { type: 'boolean' },
      log: { type: 'boolean' },
      'ttl-hours': { type: 'string' },
      status: { type: 'string' },
      note: { type: 'string' },
      reason: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      http: { type: 'boolean' },
      language: { type: 'string' },
      anchor: { type: 'string' },
      type: { type: 'string' },
      by: { type: 'string' },
      // Repeatable for `admin add` (a manager of several offices); the other commands take the last one given.
      office: { type: 'string', multiple: true },
      desk: { type: 'string' },
      clerk: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      format: { type: 'string' },
      csv: { type: 'string' },
    },
    true,
  );
  // No command: start the server (`npm run server` is the one command that runs it).
  const [cmd = 'start', sub, ...rest] = positionals;
  if (values.help || cmd === 'help') {
    out(USAGE);
    return 0;
  }
  // Before anything is opened: a mistyped command must not create a database folder.
  if (!COMMANDS.includes(cmd)) throw new UsageError(`unknown command "${cmd}"`);
  const dataDir = resolve(values.data ?? DEFAULT_DATA_DIR);

  if (cmd === 'start') {
    const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number (0-65535), not "${values.port}"`);
    const host = values.host ?? '127.0.0.1';
    if (values.http && (values['tls-cert'] || values['tls-key'])) throw new UsageError('--http serves plain HTTP: it takes no --tls-cert or --tls-key');
    if (values.http && !isLoopbackHost(host)) throw new UsageError(`--http serves plain HTTP on a loopback --host only, not on ${host}`);
    const tls = values.http ? null : await serverTls({ dataDir, certFile: values['tls-cert'], keyFile: values['tls-key'] });
    const server = await startServer({ dataDir, host, port, tls, httpLog: values.log });
    if (values.seed) {
      const admin: Admin = (await import('./runtime')).directAdmin(server.db);
      await seed(admin, resolve(values.seed), out);
    }
    out(`masa-server listening on ${server.url} (${server.db.kind}${server.db.kind === 'pglite' ? ` in ${dataDir}` : ''})`);
    if (tls) out(`server key pin ${tls.pin}${tls.source === 'generated' ? ` (a new key pair in ${dataDir}/tls)` : ''}: desks enrol with it`);
    await new Promise<void>((done) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        void server.stop().finally(done);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    return 0;
  }

  if (cmd === 'migrate') {
    const db = await openDatabase(dataDir);
    try {
      const applied = await migrate(db);
      out(applied.length ? `applied migrations ${applied.join(', ')}` : 'database is up to date');
    } finally {
      await db.close();
    }
    return 0;
  }

  const admin = await openAdmin(dataDir, process.env, values['tls-key']);
  try {
    switch (cmd) {
      case 'office': {
        if (sub === 'add') {
          const name = rest.join(' ');
          if (!name) throw new UsageError('usage: masa-server office add NAME [--type asxm|operator|post]');
          const o = await admin.addOffice(name, values.type);
          out(values.json ? JSON.stringify(o) : `office "${o.name}" added (${o.id}), type ${o.type}`);
        } else if (sub === 'type') {
          const type = rest[rest.length - 1];
          const name = rest.slice(0, -1).join(' ');
          if (!name || !type) throw new UsageError('usage: masa-server office type NAME asxm|operator|post');
          const o = await admin.setOfficeType(name, type);
          out(values.json ? JSON.stringify(o) : `office "${o.name}" is now of type ${o.type}; its desks take it at their next sync`);
        } else if (sub === 'list' || sub === undefined) {
          const list = await admin.listOffices();
          out(values.json ? JSON.stringify(list, null, 2) : list.map((o) => `${o.name}\t${o.type}\t${o.id}\t${o.desks} desk(s)`).join('\n') || '(no offices)');
        } else throw new UsageError(`unknown command "office ${sub}" (office add NAME, office type NAME TYPE, office list)`);
        return 0;
      }
      case 'enrolment-code': {
        const office = [sub, ...rest].filter(Boolean).join(' ');
        if (!office) throw new UsageError('usage: masa-server enrolment-code OFFICE [--ttl-hours 72]');
        const ttl = values['ttl-hours'] === undefined ? undefined : Number(values['ttl-hours']);
        const c = await admin.enrolmentCode(office, ttl);
        // The pin the desk must see at the other end: of the named certificate, the running server's, or the pair
        // the server made in the data folder; none when the server serves plain HTTP (loopback).
        const pin = values['tls-cert'] ? certificatePin(readFileSync(values['tls-cert'], 'utf8')) : (runningServer(dataDir)?.pin ?? dataFolderPin(dataDir));
        out(
          values.json
            ? JSON.stringify({ ...c, pin })
            : `${c.code}\n(one-time code for office "${c.officeName}", valid until ${c.expiresAt})${pin ? `\nserver key pin: ${pin}` : ''}`,
        );
        return 0;
      }
      case 'stats': {
        const s = await admin.stats();
        if (values.json) out(JSON.stringify(s, null, 2));
        else {
          out(`applied ${s.applied}, duplicates ${s.duplicates}, conflicts ${s.conflicts}, rejected ${s.rejected}; ${s.offices} office(s), ${s.desks} desk(s)${s.revokedDesks ? ` (and ${s.revokedDesks} revoked)` : ''}`);
          for (const r of s.byOffice) out(`  ${r.office}\t${r.kind}\tapplied ${r.applied}\tconflicts ${r.conflicts}\trejected ${r.rejected}`);
        }
        return 0;
      }
      case 'report':
        await reportCommand(admin, [sub, ...rest].filter((x) => x !== undefined), { ...values, office: values.office?.at(-1) }, out);
        return 0;
      case 'reference': {
        if (sub === 'seed') await seed(admin, resolve(rest[0] ?? 'resources/reference-data'), out);
        else if (sub === 'set') {
          if (!rest.length) throw new UsageError('usage: masa-server reference set FILE...');
          for (const f of rest) for (const t of readReferenceFile(resolve(f))) report(await admin.setReference(t), out);
        } else if (sub === 'list' || sub === undefined) {
          const tables = await admin.listReference();
          out(values.json ? JSON.stringify(tables) : tables.map((t) => `${t.table}\t${t.rows} row(s)`).join('\n') || '(no reference data)');
        } else throw new UsageError(`unknown command "reference ${sub}" (reference seed, set, list)`);
        return 0;
      }
      case 'conflicts': {
        if (sub === 'resolve') {
          const [id, resolution] = rest;
          if (!id || (resolution !== 'accept' && resolution !== 'reject') || !values.note) throw new UsageError('usage: masa-server conflicts resolve ID accept|reject --note TEXT');
          const c = await admin.resolveConflict(id, { resolution, note: values.note, resolvedBy: 'admin' });
          out(values.json ? JSON.stringify(c) : `conflict ${c.id} ${c.status}`);
          return 0;
        }
        const list = await admin.conflicts(values.status);
        if (values.json) out(JSON.stringify(list, null, 2));
        else out(list.map((c) => `${c.id}\t${c.status}\t${c.reason}\t${c.kind}\t${c.subject}\tdesk ${c.deskId} seq ${c.seq}`).join('\n') || '(no conflicts)');
        return 0;
      }
      case 'poa': {
        if (sub !== 'revoke' || !rest[0]) throw new UsageError('usage: masa-server poa revoke POA_ID [--reason TEXT]');
        const r = await admin.revokePoa(rest[0], values.reason);
        out(`power of attorney ${r.poaId} revoked at ${r.revokedAt}`);
        return 0;
      }
      case 'clerk': {
        if (sub === 'add') {
          const [office, username] = rest;
          if (!office || !username || !values.name || (values.role !== 'clerk' && values.role !== 'supervisor')) {
            throw new UsageError('usage: masa-server clerk add OFFICE USERNAME --name NAME --role clerk|supervisor [--language az|en|ru] (password on standard input)');
          }
          const password = process.env.MASA_CLERK_PASSWORD ?? (await readPassword());
          const language = (values.language ?? 'az') as 'az' | 'en' | 'ru';
          const c = await admin.putClerk({ office, username, displayName: values.name, role: values.role, language, password });
          out(values.json ? JSON.stringify(c) : `clerk ${c.username} (${c.role}) ${c.created ? 'published to' : 'updated for'} office "${c.office}"; desks get it at their next sync`);
        } else if (sub === 'remove') {
          const [office, username] = rest;
          if (!office || !username) throw new UsageError('usage: masa-server clerk remove OFFICE USERNAME');
          await admin.removeClerk(office, username);
          out(`clerk ${username} removed from office "${office}"; desks deactivate the account at their next sync`);
        } else if (sub === 'list' || sub === undefined) {
          const list = await admin.listClerks(rest[0]);
          out(values.json ? JSON.stringify(list, null, 2) : list.map((c) => `${c.office}\t${c.username}\t${c.role}\t${c.displayName}`).join('\n') || '(no clerks)');
        } else throw new UsageError(`unknown command "clerk ${sub}" (clerk add, remove, list)`);
        return 0;
      }
      case 'trust':
        await trustCommand(admin, sub, rest, values, out);
        return 0;
      case 'admin':
        await adminCommand(admin, sub, rest, values, out, readPassword);
        return 0;
      case 'compact': {
        const r = await admin.compact();
        out(`removed ${r.removed} superseded change(s) from the pull log`);
        return 0;
      }
      default:
        throw new UsageError(`unknown command "${cmd}"`);
    }
  } finally {
    await admin.close();
  }
}

function report(r: { table: string; upserted: number; unchanged: number; deleted: number }, out: (s: string) => void): void {
  out(`${r.table}: ${r.upserted} upserted, ${r.unchanged} unchanged, ${r.deleted} deleted`);
}

async function seed(admin: Admin, dir: string, out: (s: string) => void): Promise<void> {
  const files = referenceFilesIn(dir);
  if (!files.length) {
    out(`no reference data in ${dir}`);
    return;
  }
  for (const f of files) for (const t of readReferenceFile(f)) report(await admin.setReference(t), out);
}

/** A new password (a clerk's, a console account's): one line from standard input (a prompt first on a terminal). */
async function readPassword(what = 'password for the clerk'): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write(`${what} (input is shown; prefer piping it in): `);
  const { createInterface } = await import('node:readline');
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  throw new UsageError('no password on standard input');
}

/** Runs the CLI and exits the process with its status. */
export function run(argv: string[]): void {
  main(argv).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`masa-server: ${(e as Error).message}\n${e instanceof UsageError ? 'Run "masa-server help" for every command and its options.\n' : ''}`);
      process.exit(e instanceof UsageError ? 2 : 1);
    },
  );
}

// `tsx server/cli.ts …` (npm run server); bin/masa-server.mjs calls run() itself.
if (process.argv[1] && /server[\\/]cli\.ts$/.test(process.argv[1])) run(process.argv.slice(2));
