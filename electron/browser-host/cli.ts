// `npm run start:browser`: builds nothing itself (the npm script builds first), composes the services on the
// data folder, serves the renderer on 127.0.0.1 and opens it in Chromium as an app window when there is a display.
// No secret is ever an argument (of Node or of Chromium): the host makes its own, and the address it prints or opens
// carries only a one-time launch token.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { composeServices } from '../main/compose';
import { resolveDataDir } from '../main/services/data-dir';
import { startBrowserHost } from './server';
import { chromiumFailure, findChromium, openAppWindow, type AppWindow } from './chromium';
import { LAUNCH_TOKEN_TTL_MS } from './launch';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const dataDir = resolveDataDir();
  const rendererDir = resolve(arg('--renderer') ?? 'out/renderer');
  const services = composeServices({ dataDir, host: 'browser', hardware: !process.argv.includes('--no-hardware') });
  const json = process.argv.includes('--json');
  // The key file fallback is allowed but never silent (`masa doctor` says the same).
  if (services.databaseKey.warning) console.error(`Masa: database key: ${services.databaseKey.warning}`);
  const onLaunch = () => console.log(json ? JSON.stringify({ launched: true }) : 'Masa is open in a browser; the launch address is now spent.');
  const host = await startBrowserHost({ services, rendererDir, port: Number(arg('--port') ?? 0), onLaunch });
  const browser = findChromium();
  const opening = !process.argv.includes('--no-open') && !!process.env.DISPLAY && !!browser;
  if (json) {
    // Machine-readable first line for tests and scripts (the url is the one-time launch address).
    console.log(JSON.stringify({ url: host.url, origin: host.origin, port: host.port, cookieName: host.cookieName, dataDir }));
  } else {
    console.log(`Masa is running for ${dataDir}`);
    if (opening) console.log('Opening Masa in Chromium…');
    else console.log(`Open (once, within ${LAUNCH_TOKEN_TTL_MS / 60_000} minutes): ${host.url}`);
    console.log('Press Ctrl+C to stop.');
  }
  let appWindow: AppWindow | null = null;
  let profile: string | null = null;
  // Chromium's profile (cookies, cache, the launcher page) is this launch's alone: it goes when the host goes,
  // however it goes ('exit' also covers an error thrown on the way out).
  const removeProfile = () => {
    if (profile) rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
  };
  process.on('exit', removeProfile);
  let closing = false;
  async function shutdown(code = 0): Promise<void> {
    if (closing) return;
    closing = true;
    // Chromium first: its window is useless without the host, and its profile can only go once it has stopped.
    await appWindow?.close();
    removeProfile();
    await host.close();
    await services.close();
    process.exit(code);
  }
  // Installed before Chromium is spawned: on a busy machine Chromium can be up (and a Ctrl+C or SIGTERM sent) before
  // this process runs its next line, and a signal without a handler kills the host and leaves Chromium behind.
  // The handler runs on a later turn of the event loop, when appWindow is set.
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
  if (opening) {
    profile = mkdtempSync(join(tmpdir(), 'masa-browser-'));
    appWindow = openAppWindow(browser!, host.url, profile, (exit) => {
      // The clerk closing the window ends the host; Chromium dying is said plainly and ends it with an error.
      const failure = chromiumFailure(browser!, exit);
      if (failure) console.error(failure);
      void shutdown(failure ? 1 : 0);
    });
  }
}

main().catch((e) => {
  console.error(`masa: the browser host could not start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
