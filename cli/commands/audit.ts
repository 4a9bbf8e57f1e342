// `masa audit verify [--json]`: walks the desk's hash-chained audit log (issue 10, deliver 5) and says whether it is
// intact. For IT support and a supervisor's scripts: it reads the database file as anyone with the key can, so it
// needs no sign-in; an edited, deleted or re-linked entry is named by its seq and the reason.
import { ExitCode } from '../exit-codes';
import type { CommandIo } from './sync-cli-support';
import { onDeskDatabase, subcommandFlags } from './desk-database-command';
import { AuditLog } from '../../electron/main/services/audit-log';
import { systemClock } from '../../electron/main/services/clock';

const USAGE = `Usage: masa audit verify [--json]

Checks every entry of this desk's audit log: its hash (an edited entry), its link to the entry before (an entry
re-hashed after an edit, or moved) and the numbering (a deleted entry is a gap). Names the first entry that does not
hold. The desk cannot tell on its own that its newest entries were cut off; the sync server, which has seen their
links, can: the breaks it found in this desk's chain (pulled at the last sync) are listed too.

--json    {ok, entries, firstBad: {seq, reason: "hash" | "link" | "gap"} | null, serverAlerts}
          serverAlerts: how many breaks the sync server found in this desk's chain (gap, link, rewritten)
Exit codes: 0 intact, 6 not intact, 1 no desk database or it cannot be read, 2 a wrong command line.
The exit code is the local chain's: a server alert stays once raised, so it is counted, not exited on.
`;

const REASON = {
  hash: 'its content does not match its hash (edited)',
  link: 'it does not link to the entry before (re-hashed, moved or inserted)',
  gap: 'it is missing (deleted)',
} as const;

const SERVER_REASON = {
  gap: 'entries are missing from there on',
  link: 'it does not link to the entry before',
  rewritten: 'it differs from what the desk sent earlier (rewritten)',
} as const;

export const command = {
  name: 'audit',
  summary: 'check the desk\'s hash-chained audit log (audit verify)',
  async run(args: string[], io: CommandIo): Promise<number> {
    const flags = subcommandFlags(args, io, 'verify', USAGE);
    if (typeof flags === 'number') return flags;
    // Opened as the app opens it (migrations applied: a desk from before the log has an empty, intact one).
    const read = onDeskDatabase(io, 'audit', (db) => {
      const log = new AuditLog(db, systemClock);
      return { verdict: log.verify(), alerts: log.serverAlerts().filter((a) => a.thisDesk) };
    });
    if (!read) return ExitCode.Other;
    const { verdict, alerts } = read.value;
    if (flags.json) io.stdout.write(JSON.stringify({ ok: verdict.ok, entries: verdict.entries, firstBad: verdict.firstBad ?? null, serverAlerts: alerts.length }) + '\n');
    else if (verdict.ok) io.stdout.write(`audit log intact: ${verdict.entries} entries\n`);
    else io.stdout.write(`audit log NOT intact: entry ${verdict.firstBad!.seq} — ${REASON[verdict.firstBad!.reason]} (${verdict.entries} entries read)\n`);
    if (!flags.json) {
      for (const a of alerts) io.stdout.write(`the sync server found a break in this desk's chain at entry ${a.seq}: ${SERVER_REASON[a.reason]}\n`);
    }
    return verdict.ok ? ExitCode.Ok : ExitCode.VerificationFailed;
  },
};
