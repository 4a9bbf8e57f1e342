// A private PC/SC stack for integration tests, benchmarks and manual tries: our own pcscd (foreground, tracked by
// PID) with the vsmartcard vpcd driver giving two virtual readers on loopback ports, isolated from any system pcscd.
//
// Isolation: pcsc-lite 1.9 hard-codes the daemon socket (/run/pcscd/pcscd.comm); only the client library honours
// PCSCLITE_CSOCK_NAME. So the daemon runs in a private mount namespace (`unshare --mount`, needs root) where a temp
// directory is bind-mounted on /run/pcscd; the client (this process) points PCSCLITE_CSOCK_NAME at the socket in that
// temp directory. libpcsclite reads the variable once per process, so one process uses one socket path for all
// harness instances (restarts included). Without root we fall back to the default socket if no pcscd is running.
//
// Readers: one reader.conf entry for the vpcd driver gives two slots, "<name> 00 00" on port P (the ID reader) and
// "<name> 00 01" on port P+1 (the SIM reader). The driver binds 0.0.0.0 (vpcd has no bind-address option), but a
// virtual card only ever connects over loopback.
//
// Latency: the Debian vpcd driver writes each message as two send() calls (length, then body) without TCP_NODELAY,
// so its body waits for our ACK of the length, which Linux delays by ~40 ms: ~48 ms per APDU even with our side
// fixed (setNoDelay + one write per message, see vpcd.ts; 105 ms without that). When root, the harness adds a
// `quickack` route for one dedicated loopback address (127.77.x.y/32, removed on stop) and cards connect to it:
// our ACKs leave at once and an APDU takes ~0.3 ms. Other loopback traffic is untouched.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VirtualApplet } from '../fixtures/vcards/applet';
import { VpcdCard, type VpcdCardOptions } from '../fixtures/vcards/vpcd';

const PCSCD_CANDIDATES = ['/usr/sbin/pcscd', '/usr/local/sbin/pcscd', '/sbin/pcscd'];
const VPCD_DRIVER_CANDIDATES = [
  '/usr/lib/pcsc/drivers/serial/libifdvpcd.so',
  '/usr/local/lib/pcsc/drivers/serial/libifdvpcd.so',
  '/usr/lib64/pcsc/drivers/serial/libifdvpcd.so',
];
export const DEFAULT_READER_BASENAME = 'Masa Desk';

export function findPcscd(): string | undefined {
  return PCSCD_CANDIDATES.find((p) => existsSync(p));
}

/** Why PC/SC integration tests must be skipped, or undefined when they can run. Only a missing pcscd skips. */
export function pcscSkipReason(): string | undefined {
  return findPcscd() ? undefined : 'pcscd is not installed (apt-get install pcscd vsmartcard-vpcd): PC/SC integration tests skipped';
}

export interface VirtualReader {
  name: string;
  port: number;
}

export interface PcscHarnessOptions {
  readerBasename?: string;
  /** Print pcscd's log lines (debug). */
  verbose?: boolean;
}

let processSocketDir: string | undefined;

/** The one socket directory this process uses (see header), created on first use. */
function socketDir(): string {
  if (!processSocketDir) {
    processSocketDir = mkdtempSync(join(tmpdir(), 'masa-pcscd-'));
    process.env.PCSCLITE_CSOCK_NAME = join(processSocketDir, 'pcscd.comm');
  }
  return processSocketDir;
}

async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host: '0.0.0.0', exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

async function findPortPair(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const p = 36000 + Math.floor(Math.random() * 20000);
    if ((await portFree(p)) && (await portFree(p + 1))) return p;
  }
  throw new Error('No two consecutive free TCP ports found for the vpcd readers');
}

function canUnshare(): boolean {
  if (process.getuid?.() !== 0) return false;
  return spawnSync('unshare', ['--mount', '--propagation', 'private', 'true'], { stdio: 'ignore' }).status === 0;
}

export class PcscHarness {
  readonly idReader: VirtualReader;
  readonly simReader: VirtualReader;
  readonly socketPath: string;
  readonly isolated: boolean;
  private child: ChildProcess | null = null;
  private readonly confDir: string;
  private readonly runDir: string;
  private readonly log: string[] = [];
  private readonly verbose: boolean;
  private readonly cards = new Set<VpcdCard>();
  /** Loopback address the virtual cards connect to (a quickack route when we could add one). */
  readonly cardHost: string;
  private routeAdded = false;

  private constructor(port: number, options: PcscHarnessOptions) {
    const base = options.readerBasename ?? DEFAULT_READER_BASENAME;
    this.idReader = { name: `${base} 00 00`, port };
    this.simReader = { name: `${base} 00 01`, port: port + 1 };
    this.verbose = options.verbose ?? false;
    this.isolated = canUnshare();
    this.runDir = socketDir();
    this.socketPath = join(this.runDir, 'pcscd.comm');
    this.confDir = mkdtempSync(join(tmpdir(), 'masa-readerconf-'));
    const driver = VPCD_DRIVER_CANDIDATES.find((p) => existsSync(p));
    if (!driver) throw new Error('The vpcd reader driver (libifdvpcd.so) is missing: apt-get install vsmartcard-vpcd');
    writeFileSync(
      join(this.confDir, 'masa-vpcd'),
      `FRIENDLYNAME "${base}"\nDEVICENAME /dev/null:${port}\nLIBPATH ${driver}\nCHANNELID ${port}\n`,
    );
    if (!this.isolated) process.env.PCSCLITE_CSOCK_NAME = '/run/pcscd/pcscd.comm';
    this.cardHost = '127.0.0.1';
    if (process.getuid?.() === 0) {
      const address = `127.77.${Math.floor(Math.random() * 250) + 1}.${Math.floor(Math.random() * 250) + 1}`;
      const added = spawnSync('ip', ['route', 'add', 'local', `${address}/32`, 'dev', 'lo', 'table', 'local', 'quickack', '1'], { stdio: 'ignore' });
      if (added.status === 0) {
        this.cardHost = address;
        this.routeAdded = true;
      }
    }
  }

  /** Starts pcscd with two virtual readers. Throws with pcscd's log when it does not come up within `timeoutMs`. */
  static async start(options: PcscHarnessOptions = {}): Promise<PcscHarness> {
    const skip = pcscSkipReason();
    if (skip) throw new Error(skip);
    const harness = new PcscHarness(await findPortPair(), options);
    await harness.startDaemon();
    return harness;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** (Re)starts the daemon with the same socket and ports, e.g. after `stopDaemon()`. */
  async startDaemon(timeoutMs = 10_000): Promise<void> {
    if (this.running) return;
    const pcscd = findPcscd()!;
    const args = ['-f', process.env.PCSCD_DEBUG ? '-d' : '-i', '-c', this.confDir];
    if (this.isolated) {
      mkdirSync(this.runDir, { recursive: true });
      const script = 'mkdir -p /run/pcscd && mount --bind "$0" /run/pcscd && exec "$@"';
      this.child = spawn('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', script, this.runDir, pcscd, ...args], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } else {
      if (existsSync('/run/pcscd/pcscd.comm') && spawnSync('pgrep', ['-x', 'pcscd']).status === 0) {
        throw new Error('A system pcscd is running and private namespaces need root: stop it or run the tests as root');
      }
      this.child = spawn(pcscd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    }
    const child = this.child;
    let ready!: () => void;
    const readyPromise = new Promise<void>((r) => (ready = r));
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        if (!line) continue;
        this.log.push(line);
        if (this.log.length > 300) this.log.shift();
        if (this.verbose) console.log('[pcscd]', line);
        if (line.includes('daemon ready')) ready();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    const exited = new Promise<void>((_, reject) =>
      child.once('exit', (code, signal) => reject(new Error(`pcscd exited during start (code ${code}, signal ${signal}):\n${this.tail()}`))),
    );
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`pcscd not ready after ${timeoutMs} ms:\n${this.tail()}`)), timeoutMs);
    });
    try {
      await Promise.race([readyPromise, exited, timeout]);
    } catch (e) {
      await this.stopDaemon();
      throw e;
    } finally {
      clearTimeout(timer);
      exited.catch(() => undefined);
    }
    stopOnExit.add(this);
  }

  /** Stops the daemon (SIGTERM, then SIGKILL after 3 s). Virtual cards see their connection closed. */
  async stopDaemon(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await gone;
    clearTimeout(timer);
  }

  /** A virtual card for one of the two readers (not inserted yet: call `insert()`). */
  card(reader: 'id' | 'sim', applet: VirtualApplet, options: Omit<VpcdCardOptions, 'port'> = {}): VpcdCard {
    const card = new VpcdCard(applet, { host: this.cardHost, ...options, port: reader === 'id' ? this.idReader.port : this.simReader.port });
    this.cards.add(card);
    return card;
  }

  tail(lines = 40): string {
    return this.log.slice(-lines).join('\n');
  }

  /** Removes all cards, stops the daemon, deletes the reader configuration. */
  async stop(): Promise<void> {
    await Promise.all([...this.cards].map((c) => c.remove()));
    this.cards.clear();
    await this.stopDaemon();
    stopOnExit.delete(this);
    rmSync(this.confDir, { recursive: true, force: true });
    this.removeRoute();
  }

  private removeRoute(): void {
    if (!this.routeAdded) return;
    this.routeAdded = false;
    spawnSync('ip', ['route', 'del', 'local', `${this.cardHost}/32`, 'dev', 'lo', 'table', 'local'], { stdio: 'ignore' });
  }
}

// A crashed test must not leave a daemon holding the ports.
const stopOnExit = new Set<PcscHarness>();
process.once('exit', () => {
  for (const h of stopOnExit) {
    (h as unknown as { removeRoute(): void }).removeRoute();
    const pid = h.pid;
    if (pid) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  if (processSocketDir) rmSync(processSocketDir, { recursive: true, force: true });
});
