// A desk's services on a fresh temporary data folder, as the CLI and the browser host build them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeServices, type ComposeOptions, type Services } from '../../electron/main/compose';

export interface TestDesk {
  services: Services;
  dataDir: string;
  call(channel: string, input?: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string; fields?: Record<string, string> } }>;
  close(): Promise<void>;
}

export const ADMIN = { username: 'admin', password: 'correct-horse-9' };

export function tempDir(prefix = 'masa-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function openDesk(options: Partial<ComposeOptions> = {}): TestDesk {
  const dataDir = options.dataDir ?? tempDir();
  const services = composeServices({ host: 'cli', hardware: false, ...options, dataDir });
  return {
    services,
    dataDir,
    call: (channel, input) => services.dispatch(channel, input, { origin: 'in-process' }) as ReturnType<TestDesk['call']>,
    close: async () => {
      await services.close();
    },
  };
}

export async function setUpDesk(desk: TestDesk): Promise<void> {
  const r = await desk.call('app:setup', {
    office: 'ASXM Bakı-1', desk: 'Masa 3', adminUsername: ADMIN.username, adminDisplayName: 'Aysel Məmmədova', adminPassword: ADMIN.password, language: 'az',
  });
  if (!r.ok) throw new Error(`set-up failed: ${JSON.stringify(r.error)}`);
  const s = await desk.call('auth:signIn', ADMIN);
  if (!s.ok) throw new Error(`sign-in failed: ${JSON.stringify(s.error)}`);
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
