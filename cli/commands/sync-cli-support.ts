// Shared by the desk's sync commands (enrol, sync, load): open the desk's services on MASA_DATA_DIR without
// background work, and the io shape every `masa` command receives.
import { composeServices, type Services } from '../../electron/main/compose';
import { resolveDataDir } from '../../electron/main/services/data-dir';
import type { SyncWorkerOptions } from '../../electron/main/sync/sync-worker';

export type { CommandIo } from '../command';

export function openDeskServices(sync: SyncWorkerOptions = {}): Services {
  return composeServices({ dataDir: resolveDataDir(), host: 'cli', hardware: false, backgroundSync: false, sync });
}

/** `--name value` and `--name=value`; flags without a value are `true`. */
export function parseFlags(args: string[]): { flags: Record<string, string | true>; positional: string[] } {
  const flags: Record<string, string | true> = {};
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq > 0) flags[a.slice(2, eq)] = a.slice(eq + 1);
      else if (i + 1 < args.length && !args[i + 1].startsWith('--')) flags[a.slice(2)] = args[++i];
      else flags[a.slice(2)] = true;
    } else positional.push(a);
  }
  return { flags, positional };
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
