// `npm run start:browser`: builds nothing itself (the npm script builds first), composes the services on the
// data folder, serves the renderer on 127.0.0.1 and opens it in Chromium as an app window when there is a display.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { composeServices } from '../main/compose';
import { resolveDataDir } from '../main/services/data-dir';
import { startBrowserHost } from './server';
import { chromiumFailure, findChromium, openAppWindow } from './chromium';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const dataDir = resolveDataDir();
  const rendererDir = resolve(arg('--renderer') ?? 'out/renderer');
  const services = composeServices({ dataDir, host: 'browser', hardware: !process.argv.includes('--no-hardware') });
  const host = await startBrowserHost({ services, rendererDir, port: Number(arg('--port') ?? 0) });
  if (process.argv.includes('--json')) {
    // Machine-readable first line for tests and scripts.
    console.log(JSON.stringify({ url: host.url, origin: host.origin, port: host.port, secret: host.secret, dataDir }));
  } else {
    console.log(`Masa is running for ${dataDir}`);
    console.log(`Open: ${host.url}`);
    console.log('Press Ctrl+C to stop.');
  }
  const browser = findChromium();
  if (!process.argv.includes('--no-open') && process.env.DISPLAY && browser) {
    const profile = mkdtempSync(join(tmpdir(), 'masa-browser-'));
    openAppWindow(browser, host.url, profile, (exit) => {
      // The clerk closing the window ends the host; Chromium dying is said plainly and ends it with an error.
      const failure = chromiumFailure(browser, exit);
      if (failure) console.error(failure);
      void shutdown(failure ? 1 : 0);
    });
  }
  let closing = false;
  async function shutdown(code = 0): Promise<void> {
    if (closing) return;
    closing = true;
    await host.close();
    await services.close();
    process.exit(code);
  }
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

main().catch((e) => {
  console.error(`masa: the browser host could not start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
