// A real Secret Service for the tests: a private D-Bus session bus (our own config: no service activation, so nothing
// but what we start answers on it) and gnome-keyring-daemon on it, its login keyring made and unlocked with a
// password on standard input. Both are our children, stopped by PID; their files live in one temporary folder.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeDir, tempDir } from './desk';

export interface SecretService {
  /** DBUS_SESSION_BUS_ADDRESS of the private bus. */
  address: string;
  /**
   * Stops the keyring daemon, leaving the bus with no Secret Service on it (the "unavailable" cases); startKeyring
   * brings it back with the same keyring. One bus for a whole test file: libdbus keeps one session-bus connection
   * per process, so a process cannot move to another bus address once it has used one.
   */
  stopKeyring(): Promise<void>;
  startKeyring(): Promise<void>;
  stop(): Promise<void>;
}

/** Why a Secret Service cannot run here, or null when it can (the binaries are installed). */
export function secretServiceMissing(): string | null {
  for (const bin of ['dbus-daemon', 'gnome-keyring-daemon', 'dbus-send']) {
    if (spawnSync('sh', ['-c', `command -v ${bin}`]).status !== 0) return `${bin} is not installed (apt-get install dbus gnome-keyring)`;
  }
  return null;
}

const BUS_CONFIG = (socket: string) => `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=${socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`;

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      process.kill(child.pid!, 'SIGKILL');
    }, 3000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    process.kill(child.pid!, 'SIGTERM');
  });
}

function secretsOwned(address: string): boolean {
  const r = spawnSync('dbus-send', ['--bus=' + address, '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', 'string:org.freedesktop.secrets'], { encoding: 'utf8' });
  return r.status === 0 && /boolean true/.test(r.stdout);
}

async function waitFor(what: string, ok: () => boolean, children: ChildProcess[], ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    const dead = children.find((c) => c.exitCode !== null);
    if (dead) throw new Error(`${what}: ${dead.spawnfile} exited with ${dead.exitCode}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function startSecretService(password = 'masa-test-keyring'): Promise<SecretService> {
  const dir = tempDir('masa-secret-service-');
  const home = join(dir, 'home');
  const runtime = join(dir, 'run');
  mkdirSync(home, { recursive: true });
  mkdirSync(runtime, { recursive: true, mode: 0o700 });
  const socket = join(dir, 'bus');
  writeFileSync(join(dir, 'bus.conf'), BUS_CONFIG(socket));
  const address = `unix:path=${socket}`;
  const bus = spawn('dbus-daemon', ['--config-file=' + join(dir, 'bus.conf'), '--nofork', '--nopidfile'], { stdio: 'ignore' });
  let keyring: ChildProcess | null = null;
  // The daemon's own files (the login keyring, its control socket) in our folder, never the user's.
  const env: NodeJS.ProcessEnv = { ...process.env, DBUS_SESSION_BUS_ADDRESS: address, HOME: home, XDG_DATA_HOME: join(home, '.local/share'), XDG_CONFIG_HOME: join(home, '.config'), XDG_RUNTIME_DIR: runtime };
  delete env.DISPLAY;
  delete env.GNOME_KEYRING_CONTROL;
  const startKeyring = async () => {
    if (keyring) return;
    const child = spawn('gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], { env, stdio: ['pipe', 'ignore', 'ignore'] });
    keyring = child;
    child.stdin!.end(password);
    await waitFor('gnome-keyring-daemon on the bus', () => secretsOwned(address), [bus, child]);
  };
  const stopAll = async () => {
    if (keyring) await stopChild(keyring);
    await stopChild(bus);
    removeDir(dir);
  };
  try {
    await waitFor('the D-Bus session bus', () => spawnSync('dbus-send', ['--bus=' + address, '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.ListNames']).status === 0, [bus]);
    await startKeyring();
  } catch (e) {
    await stopAll();
    throw e;
  }
  return {
    address,
    stopKeyring: async () => {
      if (keyring) await stopChild(keyring);
      keyring = null;
      await waitFor('the Secret Service to leave the bus', () => !secretsOwned(address), [bus]);
    },
    startKeyring,
    stop: stopAll,
  };
}
