// `npm run start:browser` with a display: the host opens Chromium so that it starts (as root too), and when Chromium
// dies the host says so and exits non-zero instead of staying "running" for a window that never came.
// A stand-in Chromium ($MASA_BROWSER) behaves as the real one does as root: it refuses to start without --no-sandbox.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chromiumArgs } from '../../electron/browser-host/chromium';
import { removeDir, tempDir, waitFor } from '../support/desk';

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
  writeFileSync(path, `#!/bin/sh\necho "$$ $*" > "${path}.args"\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

function startHost(browser: string): { child: ChildProcess; exited: Promise<{ code: number | null; stderr: string }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'electron/browser-host/cli.ts'), '--renderer', rendererDir, '--no-hardware'], {
    cwd: root,
    env: { ...process.env, DISPLAY: ':97', MASA_BROWSER: browser, MASA_DATA_DIR: join(dir, `data-${running.length}`) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout!.resume();
  return { child, exited: new Promise((r) => child.on('exit', (code) => r({ code, stderr }))) };
}

const asRoot = process.getuid?.() === 0;

describe('start:browser opens Chromium', () => {
  it('only as root without the sandbox (Chromium refuses root otherwise); every other user keeps it', () => {
    expect(chromiumArgs('http://127.0.0.1:1/#s', '/tmp/p', true)).toContain('--no-sandbox');
    expect(chromiumArgs('http://127.0.0.1:1/#s', '/tmp/p', false)).not.toContain('--no-sandbox');
  });

  it('starts a Chromium that insists on --no-sandbox as root, and the host keeps serving it', async () => {
    const browser = fakeChromium(
      'chromium-strict',
      `if [ "$(id -u)" = 0 ] && ! echo "$*" | grep -q -- --no-sandbox; then echo "Running as root without --no-sandbox is not supported." >&2; exit 1; fi\nexec sleep 30`,
    );
    const host = startHost(browser);
    await waitFor(() => existsSync(`${browser}.args`), 30_000, 'Chromium started by the host');
    const [pid, ...args] = readFileSync(`${browser}.args`, 'utf8').trim().split(' ');
    expect(args.includes('--no-sandbox')).toBe(asRoot);
    expect(args.some((a) => a.startsWith('--app=http://127.0.0.1:'))).toBe(true);
    // Still up a moment later (Chromium did not die, so neither did the host).
    await new Promise((r) => setTimeout(r, 500));
    expect(host.child.exitCode).toBeNull();
    process.kill(Number(pid), 'SIGTERM'); // the window closed: the host ends without an error
    expect((await host.exited).code).toBe(0);
  });

  it('Chromium dying: the host says so, with what Chromium said, and exits 1', async () => {
    const browser = fakeChromium('chromium-broken', "echo '[1:1:ERROR:ozone_platform_x11.cc] Missing X server or $DISPLAY' >&2\nexit 1");
    const { code, stderr } = await startHost(browser).exited;
    expect(code).toBe(1);
    expect(stderr).toContain(`masa: Chromium (${browser}) exited with code 1, so there is no app window. Chromium said:`);
    expect(stderr).toContain('Missing X server or $DISPLAY');
    expect(stderr).toContain('npm run start:browser -- --no-open');
  });
});
