// `npm run start:browser` with a display: the host opens Chromium so that it starts (as root too), and when Chromium
// dies the host says so and exits non-zero instead of staying "running" for a window that never came.
// A stand-in Chromium ($MASA_BROWSER) behaves as the real one does as root: it refuses to start without --no-sandbox.
// Chromium's command line (which `ps` shows every local user) never carries the launch token, and its profile folder
// goes when the host goes; a real Chromium (Debian's, headless) shows the launcher page works.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { chromiumArgs } from '../../electron/browser-host/chromium';
import { removeDir, tempDir, waitFor } from '../support/desk';
import { httpGet } from '../support/browser-host';

const root = resolve(__dirname, '../..');
const dir = tempDir('masa-host-chromium-');
const rendererDir = join(dir, 'renderer');
mkdirSync(rendererDir);
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Masa</title>');
const running: ChildProcess[] = [];
afterAll(() => {
  for (const c of running) if (c.exitCode === null) c.kill('SIGKILL');
  removeDir(dir);
});

/** A Chromium stand-in: writes its arguments and pid, then runs (or dies as Chromium does). */
function fakeChromium(name: string, body: string): string {
  const path = join(dir, name);
  // Written aside and renamed: the test waits for the file to exist, and must never read it half-written.
  writeFileSync(path, `#!/bin/sh\necho "$$ $*" > "${path}.args.part" && mv "${path}.args.part" "${path}.args"\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

interface StartedHost {
  child: ChildProcess;
  exited: Promise<{ code: number | null; stderr: string }>;
  /** The lines the host printed (--json: its address first, then {"launched":true} once a browser used it). */
  lines: string[];
}

function startHost(browser: string): StartedHost {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'electron/browser-host/cli.ts'), '--renderer', rendererDir, '--no-hardware', '--json'], {
    cwd: root,
    env: { ...process.env, DISPLAY: ':97', MASA_BROWSER: browser, MASA_DATA_DIR: join(dir, `data-${running.length}`) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const lines: string[] = [];
  createInterface({ input: child.stdout! }).on('line', (l) => lines.push(l));
  return { child, lines, exited: new Promise((r) => child.on('exit', (code) => r({ code, stderr }))) };
}

/** What the stand-in wrote: Chromium's pid and arguments, and the profile folder among them. */
function started(browser: string): { pid: number; args: string[]; profile: string } {
  const [pid, ...args] = readFileSync(`${browser}.args`, 'utf8').trim().split(' ');
  const profile = args.find((a) => a.startsWith('--user-data-dir='))!.slice('--user-data-dir='.length);
  return { pid: Number(pid), args, profile };
}

/** Every command line on the machine, as any local user sees them. */
const commandLines = () => execFileSync('ps', ['-eo', 'args', '--no-headers'], { encoding: 'utf8' });

const asRoot = process.getuid?.() === 0;

describe('start:browser opens Chromium', () => {
  it('only as root without the sandbox (Chromium refuses root otherwise); every other user keeps it', () => {
    expect(chromiumArgs('file:///tmp/p/masa-launch.html', '/tmp/p', true)).toContain('--no-sandbox');
    expect(chromiumArgs('file:///tmp/p/masa-launch.html', '/tmp/p', false)).not.toContain('--no-sandbox');
  });

  it('starts a Chromium that insists on --no-sandbox as root, and the host keeps serving it', async () => {
    const browser = fakeChromium(
      'chromium-strict',
      `if [ "$(id -u)" = 0 ] && ! echo "$*" | grep -q -- --no-sandbox; then echo "Running as root without --no-sandbox is not supported." >&2; exit 1; fi\nexec sleep 30`,
    );
    const host = startHost(browser);
    await waitFor(() => existsSync(`${browser}.args`), 30_000, 'Chromium started by the host');
    const { pid, args, profile } = started(browser);
    expect(args.includes('--no-sandbox')).toBe(asRoot);
    // The launcher page in its own profile, not the launch address: neither the token nor the host is an argument.
    expect(args).toContain(`--app=file://${profile}/masa-launch.html`);
    const { url } = JSON.parse(host.lines[0]) as { url: string };
    const token = new URL(url).searchParams.get('token')!;
    expect(args.join(' ')).not.toContain(token);
    expect(args.join(' ')).not.toContain('127.0.0.1');
    expect(commandLines()).not.toContain(token);
    // The launcher is this user's alone and forwards to the launch address.
    expect(readFileSync(join(profile, 'masa-launch.html'), 'utf8')).toContain(`url=${url}`);
    // Still up a moment later (Chromium did not die, so neither did the host).
    await new Promise((r) => setTimeout(r, 500));
    expect(host.child.exitCode).toBeNull();
    process.kill(pid, 'SIGTERM'); // the window closed: the host ends without an error, and its profile goes with it
    expect((await host.exited).code).toBe(0);
    expect(existsSync(profile)).toBe(false);
  });

  it('the host stopped by Ctrl+C or SIGTERM ends Chromium and removes its profile folder', async () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const browser = fakeChromium(`chromium-${signal}`, 'exec sleep 30');
      const host = startHost(browser);
      await waitFor(() => existsSync(`${browser}.args`), 30_000, 'Chromium started by the host');
      const { pid, profile } = started(browser);
      expect(existsSync(profile)).toBe(true);
      host.child.kill(signal);
      expect((await host.exited).code).toBe(0);
      expect(existsSync(profile)).toBe(false);
      expect(() => process.kill(pid, 0)).toThrow(); // Chromium is gone too
    }
  });

  it('Chromium dying: the host says so, with what Chromium said, and exits 1', async () => {
    const browser = fakeChromium('chromium-broken', "echo '[1:1:ERROR:ozone_platform_x11.cc] Missing X server or $DISPLAY' >&2\nexit 1");
    const { code, stderr } = await startHost(browser).exited;
    expect(code).toBe(1);
    expect(stderr).toContain(`masa: Chromium (${browser}) exited with code 1, so there is no app window. Chromium said:`);
    expect(stderr).toContain('Missing X server or $DISPLAY');
    expect(stderr).toContain('npm run start:browser -- --no-open');
    const { profile } = started(browser);
    expect(existsSync(profile)).toBe(false);
  });

  it.skipIf(!existsSync('/usr/bin/chromium'))('a real Chromium opens the desk through the launcher page; the token is on no command line and is spent', async () => {
    const browser = fakeChromium('chromium-headless', 'exec /usr/bin/chromium --headless=new --disable-gpu "$@"');
    const host = startHost(browser);
    await waitFor(() => host.lines.length > 0 || host.child.exitCode !== null, 30_000, 'the host to start');
    const { url, port } = JSON.parse(host.lines[0]) as { url: string; port: number };
    const token = new URL(url).searchParams.get('token')!;
    // Chromium followed the launcher page to the launch address and got its cookie.
    await waitFor(() => host.lines.includes('{"launched":true}'), 30_000, 'Chromium to open the launch address');
    const { profile } = started(browser);
    // Every Chromium process (browser, zygotes, renderers, GPU) is up by now; none shows the token.
    expect(commandLines()).toContain(`--user-data-dir=${profile}`);
    expect(commandLines()).not.toContain(token);
    // The token is spent: the same address no longer opens the desk anywhere else.
    const again = await httpGet(port, url);
    expect(again.status).toBe(403);
    host.child.kill('SIGTERM');
    expect((await host.exited).code).toBe(0);
    expect(existsSync(profile)).toBe(false);
    await waitFor(() => !commandLines().includes(profile), 10_000, 'Chromium to end');
  });
});
