// `masa enrol --server URL --code CODE [--pin PIN] [--desk-name NAME]`: enrols this desk with the sync server once.
// The desk key the server returns is stored only in the encrypted desk database and never printed.
import { hostname } from 'node:os';
import { isAppError } from '../../common/errors';
import { parseOptions } from '../command';
import { errorMessage, openDeskServices, type CommandIo } from './sync-cli-support';

const USAGE = `Usage: masa enrol --server URL --code CODE [--pin PIN] [--desk-name NAME]

Enrols this desk (data folder $MASA_DATA_DIR) with the sync server, using the one-time code an administrator
created with \`masa-server enrolment-code OFFICE\`. A code works once. An https:// server needs the key pin printed
with the code (sha256/…): the desk then talks only to a server holding that key. Plain http:// is for a server on
this computer only.
Exit codes: 0 enrolled, 2 usage, 1 refused or unreachable.
`;

export const command = {
  name: 'enrol',
  summary: 'enrol this desk with the sync server (one-time code)',
  async run(args: string[], io: CommandIo): Promise<number> {
    const { values: flags } = parseOptions(args, { server: { type: 'string' }, code: { type: 'string' }, pin: { type: 'string' }, 'desk-name': { type: 'string' } });
    if (flags.help || flags.server === undefined || flags.code === undefined) {
      (flags.help ? io.stdout : io.stderr).write(USAGE);
      return flags.help ? 0 : 2;
    }
    const services = openDeskServices();
    try {
      const deskName = flags['desk-name'] ?? services.auth.desk() ?? hostname();
      const s = await services.sync.enrol({ serverUrl: flags.server, code: flags.code, deskName, pin: flags.pin });
      io.stdout.write(`Enrolled desk "${s.deskName}" (${s.deskId}) in office "${s.officeName}" with ${s.serverUrl}.\n`);
      return 0;
    } catch (e) {
      io.stderr.write(`masa enrol: ${errorMessage(e)}\n`);
      return isAppError(e) && e.code === 'INVALID_INPUT' && (e.fields?.serverUrl || e.fields?.pin) ? 2 : 1;
    } finally {
      await services.close();
    }
  },
};
