// The Electron binary for `npm start`. npm's `electron` package downloads it on first use; where that is impossible
// (an offline machine, or one without access to the download site) its installer dies with a `TypeError: fetch
// failed` stack that tells a clerk or IT support nothing. So its output is kept, and on failure one sentence says
// what happened and what to run instead.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The installed binary in node_modules/electron, or null. */
export function electronBinaryPath(dir) {
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const p = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(p) ? p : null;
}

const NETWORK = /fetch failed|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|getaddrinfo|socket hang up|certificate/i;

/** The binary, fetching it once if needed; null (after saying why, in one sentence, on `err`) when it cannot be. */
export function ensureElectronBinary(dir, { out = console.log, err = console.error, timeoutMs = 300_000 } = {}) {
  const present = electronBinaryPath(dir);
  if (present) return present;
  out('masa: fetching the Electron binary (once)…');
  const install = existsSync(join(dir, 'install.js'))
    ? spawnSync(process.execPath, [join(dir, 'install.js')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs })
    : null;
  const installed = electronBinaryPath(dir);
  if (install?.status === 0 && installed) return installed;
  const said = `${install?.stdout ?? ''}\n${install?.stderr ?? ''}`;
  const why = !install
    ? 'the electron package is not installed (run npm install)'
    : install.error?.code === 'ETIMEDOUT'
      ? `its download took longer than ${Math.round(timeoutMs / 60_000)} minutes`
      : NETWORK.test(said)
        ? 'this machine cannot reach its download site'
        : 'its installer failed';
  err(`masa: the Electron app cannot start here: ${why}. Run the same app in Chromium instead: npm run start:browser`);
  return null;
}
