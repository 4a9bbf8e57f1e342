// `masa sync now` (one full push/pull; exit 0 only when nothing is left pending) and `masa sync status [--json]`.
import { parseOptions, UsageError } from '../command';
import { errorMessage, openDeskServices, type CommandIo } from './sync-cli-support';

const USAGE = `Usage: masa sync now [--json] [--timeout-ms N]
       masa sync status [--json]

now     pushes every queued operation and pulls central changes once. Exit 0 only when nothing is left pending;
        3 when the desk is not enrolled; 1 when the server could not be reached or operations remain.
status  prints the queue: pending, failed (rejected by the server), open conflicts, last success.
`;

export const command = {
  name: 'sync',
  summary: 'sync now, or show the sync queue (status)',
  async run(args: string[], io: CommandIo): Promise<number> {
    const { values: flags, positionals } = parseOptions(args, { json: { type: 'boolean' }, 'timeout-ms': { type: 'string' } }, true);
    const sub = positionals[0];
    if (flags.help || (sub !== 'now' && sub !== 'status')) {
      (flags.help ? io.stdout : io.stderr).write(USAGE);
      return flags.help ? 0 : 2;
    }
    const timeout = flags['timeout-ms'] === undefined ? undefined : Number(flags['timeout-ms']);
    if (timeout !== undefined && !(Number.isInteger(timeout) && timeout > 0)) throw new UsageError(`--timeout-ms must be a whole number of milliseconds, not "${flags['timeout-ms']}"`);
    const services = openDeskServices(timeout ? { requestTimeoutMs: timeout } : {});
    try {
      if (sub === 'status') {
        const s = services.sync.status();
        if (flags.json) {
          io.stdout.write(JSON.stringify(s) + '\n');
        } else {
          io.stdout.write(
            [
              s.enrolled ? `Server:        ${s.serverUrl} (office "${s.officeName}", desk "${s.deskName}")` : 'Server:        not enrolled (masa enrol --server URL --code CODE)',
              `Pending:       ${s.pending}`,
              `Failed:        ${s.failed}`,
              `Conflicts:     ${s.conflicts} open`,
              `Last success:  ${s.lastSuccessAt ?? 'never'}`,
              `Offline limit: ${s.limits.level}`,
              ...(s.error ? [`Last error:    ${s.error}`] : []),
            ].join('\n') + '\n',
          );
        }
        return 0;
      }
      if (!services.sync.status().enrolled) {
        io.stderr.write('masa sync: this desk is not enrolled (masa enrol --server URL --code CODE)\n');
        return 3;
      }
      const r = await services.sync.syncNow();
      if (flags.json) io.stdout.write(JSON.stringify(r) + '\n');
      else {
        io.stdout.write(`Pushed ${r.pushed}, pulled ${r.pulled}; pending ${r.pending}, failed ${r.failed}, open conflicts ${r.conflicts}.\n`);
        if (r.error) io.stderr.write(`masa sync: ${r.error}\n`);
      }
      return r.ok && r.pending === 0 ? 0 : 1;
    } catch (e) {
      io.stderr.write(`masa sync: ${errorMessage(e)}\n`);
      return 1;
    } finally {
      await services.close();
    }
  },
};
