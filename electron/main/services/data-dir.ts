// Where the desk keeps its database, key and logs. MASA_DATA_DIR wins (tests, CLI, browser host); otherwise the
// OS app-data folder, the same one Electron's app.getPath('userData') gives for productName "Masa".
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export function resolveDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.MASA_DATA_DIR && env.MASA_DATA_DIR.trim() !== '') return resolve(env.MASA_DATA_DIR);
  const home = homedir();
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Masa');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Masa');
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Masa');
}
