// Shared by the desk's sync commands (enrol, sync, load): open the desk's services on MASA_DATA_DIR without
// background work, and the io shape every `masa` command receives. Options are parsed by cli/command.ts.
import { composeServices, type ComposeOptions, type Services } from '../../electron/main/compose';
import { resolveDataDir } from '../../electron/main/services/data-dir';
import type { SyncWorkerOptions } from '../../electron/main/sync/sync-worker';

export type { CommandIo } from '../command';

export function openDeskServices(sync: SyncWorkerOptions = {}, flowPorts?: ComposeOptions['flowPorts']): Services {
  return composeServices({ dataDir: resolveDataDir(), host: 'cli', hardware: false, backgroundSync: false, sync, flowPorts });
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
