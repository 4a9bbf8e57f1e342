// `masa retention purge [--json]`: runs the desk's personal data purge now (issue 10, deliver 11; docs/security.md).
// The app runs it at start and daily; this is for IT support and scripts (a desk that stays open for weeks, a check
// after changing the period). It reads the database as anyone with the key can, so it needs no sign-in: it only
// removes what the server has already acknowledged, and never changes the setting.
import { ExitCode } from '../exit-codes';
import type { CommandIo } from './sync-cli-support';
import { onDeskDatabase, subcommandFlags } from './desk-database-command';
import { AuditLog } from '../../electron/main/services/audit-log';
import { PersonalDataRetention } from '../../electron/main/services/personal-data-retention';
import { systemClock } from '../../electron/main/services/clock';

const USAGE = `Usage: masa retention purge [--json]

Purges personal data this desk no longer needs: visits older than the retention period (a supervisor sets it on the
Settings page; default 90 days) whose every operation the sync server acknowledged keep only the person key (FIN or
passport); names, birth dates, document numbers, MRZ and chip data leave the visit, its operations and the outbox;
letter scans of such POAs are deleted (their SHA-256 stays). Unsynced or conflicting visits are kept.

--json    {days, cutoff, visits, poaScans}
Exit codes: 0 done, 1 no desk database or it cannot be read, 2 a wrong command line.
`;

export const command = {
  name: 'retention',
  summary: 'purge personal data of synced visits older than the retention period (retention purge)',
  async run(args: string[], io: CommandIo): Promise<number> {
    const flags = subcommandFlags(args, io, 'purge', USAGE);
    if (typeof flags === 'number') return flags;
    const done = onDeskDatabase(io, 'retention', (db) => {
      const retention = new PersonalDataRetention(db, systemClock, new AuditLog(db, systemClock));
      return { days: retention.retentionDays(), ...retention.purge() };
    });
    if (!done) return ExitCode.Other;
    const result = done.value;
    if (flags.json) io.stdout.write(JSON.stringify({ days: result.days, cutoff: result.cutoff, visits: result.visits, poaScans: result.poaScans }) + '\n');
    else io.stdout.write(`purged ${result.visits} visit(s) and ${result.poaScans} POA scan(s) made before ${result.cutoff} (${result.days} days)\n`);
    return ExitCode.Ok;
  },
};
