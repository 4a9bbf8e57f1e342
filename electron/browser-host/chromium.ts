// Opens the desk in Chromium as an app window for `npm run start:browser`, and says clearly when Chromium dies
// instead of leaving the host "running" for a window that never came.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const BROWSERS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The browser to open: $MASA_BROWSER when set (a Chromium elsewhere), else the first one installed. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.MASA_BROWSER) return env.MASA_BROWSER;
  return BROWSERS.find((b) => existsSync(b)) ?? null;
}

export function chromiumArgs(url: string, profileDir: string, runningAsRoot: boolean): string[] {
  const args = [`--app=${url}`, `--user-data-dir=${profileDir}`, '--no-first-run', '--disable-background-networking', '--disable-sync'];
  // Chromium refuses to start as root with its sandbox on ("Running as root without --no-sandbox is not supported"):
  // its sandbox needs an unprivileged user. As root (a kiosk or a container) it must run without it; the page it
  // opens is our own, on loopback, under a strict CSP. Any other user keeps the sandbox.
  if (runningAsRoot) args.push('--no-sandbox');
  return args;
}

export interface ChromiumExit {
  /** Chromium's exit code (null when a signal ended it). */
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The last lines Chromium wrote to stderr, to say why it died. */
  stderrTail: string;
}

/** Spawns Chromium; `onExit` is called once when it ends, with the last lines of its stderr. */
export function openAppWindow(browser: string, url: string, profileDir: string, onExit: (exit: ChromiumExit) => void): void {
  const runningAsRoot = process.getuid?.() === 0;
  const child = spawn(browser, chromiumArgs(url, profileDir, runningAsRoot), { stdio: ['ignore', 'ignore', 'pipe'] });
  let tail = '';
  child.stderr!.on('data', (d: Buffer) => {
    tail = (tail + d.toString()).slice(-4000);
  });
  let done = false;
  const finish = (exit: Omit<ChromiumExit, 'stderrTail'>) => {
    if (done) return;
    done = true;
    onExit({ ...exit, stderrTail: tail.trim().split('\n').slice(-3).join('\n') });
  };
  child.on('error', (e) => {
    tail = e.message; // e.g. spawn ENOENT: the binary named by MASA_BROWSER is not there
    finish({ code: 127, signal: null });
  });
  child.on('close', (code, signal) => finish({ code, signal }));
}

/** Chromium ended with an error (not the clerk closing the window): what to tell IT support. */
export function chromiumFailure(browser: string, exit: ChromiumExit): string | null {
  if (exit.code === 0 || (exit.code === null && exit.signal === 'SIGTERM')) return null;
  const how = exit.code !== null ? `exited with code ${exit.code}` : `was killed by ${exit.signal}`;
  return [
    `masa: Chromium (${browser}) ${how}, so there is no app window.${exit.stderrTail ? ` Chromium said:\n  ${exit.stderrTail.replace(/\n/g, '\n  ')}` : ''}`,
    'masa: the host stops now. Start it with `npm run start:browser -- --no-open` and open the printed address in a browser.',
  ].join('\n');
}
