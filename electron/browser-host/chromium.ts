// Opens the desk in Chromium as an app window for `npm run start:browser`, and says clearly when Chromium dies
// instead of leaving the host "running" for a window that never came.
// Chromium's arguments are visible to every local user (ps, /proc/PID/cmdline), so the launch address, with its
// one-time token, is not among them: Chromium opens a launcher page in its own profile folder (0700, file 0600),
// which forwards to that address.
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const BROWSERS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The browser to open: $MASA_BROWSER when set (a Chromium elsewhere), else the first one installed. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.MASA_BROWSER) return env.MASA_BROWSER;
  return BROWSERS.find((b) => existsSync(b)) ?? null;
}

/** `--app` takes the launcher page's file:// address, never the launch address itself. */
export function chromiumArgs(launcherUrl: string, profileDir: string, runningAsRoot: boolean): string[] {
  const args = [`--app=${launcherUrl}`, `--user-data-dir=${profileDir}`, '--no-first-run', '--disable-background-networking', '--disable-sync'];
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

/** Writes the page that forwards Chromium to `url` (readable by this user only) and returns its file:// address. */
export function writeLauncher(profileDir: string, url: string): string {
  const file = join(profileDir, 'masa-launch.html');
  const escaped = url.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  writeFileSync(file, `<!doctype html><meta charset="utf-8"><meta name="referrer" content="no-referrer"><meta http-equiv="refresh" content="0;url=${escaped}"><title>Masa</title>\n`, { mode: 0o600 });
  return pathToFileURL(file).href;
}

export interface AppWindow {
  /** Ends Chromium (when the host stops first) and resolves once it has exited. */
  close(): Promise<void>;
}

/** Spawns Chromium on `url`; `onExit` is called once when it ends, with the last lines of its stderr. */
export function openAppWindow(browser: string, url: string, profileDir: string, onExit: (exit: ChromiumExit) => void): AppWindow {
  const runningAsRoot = process.getuid?.() === 0;
  const child = spawn(browser, chromiumArgs(writeLauncher(profileDir, url), profileDir, runningAsRoot), { stdio: ['ignore', 'ignore', 'pipe'] });
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
  const ended = new Promise<void>((r) => child.once('close', () => r()));
  return {
    close: async () => {
      if (done || child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      // Chromium saves its profile on SIGTERM; one that hangs is not left behind.
      const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await ended;
      clearTimeout(kill);
    },
  };
}

/** Chromium ended with an error (not the clerk closing the window): what to tell IT support. */
export function chromiumFailure(browser: string, exit: ChromiumExit): string | null {
  // SIGINT: Ctrl+C in the host's terminal reaches Chromium too; that is the clerk stopping Masa, not a failure.
  if (exit.code === 0 || (exit.code === null && (exit.signal === 'SIGTERM' || exit.signal === 'SIGINT'))) return null;
  const how = exit.code !== null ? `exited with code ${exit.code}` : `was killed by ${exit.signal}`;
  return [
    `masa: Chromium (${browser}) ${how}, so there is no app window.${exit.stderrTail ? ` Chromium said:\n  ${exit.stderrTail.replace(/\n/g, '\n  ')}` : ''}`,
    'masa: the host stops now. Start it with `npm run start:browser -- --no-open` and open the printed address in a browser.',
  ].join('\n');
}
