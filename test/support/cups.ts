// A private CUPS scheduler with a cups-pdf queue, for tests that print for real (issue 12, deliver 4).
//
// cupsd runs in the foreground (`cupsd -f -c … -s …`) with its config, spool, cache, state and log in a temp folder
// and listens on a socket there only (CUPS_SERVER=<socket> for lp/lpstat); it is stopped by its PID at the end.
// cups-pdf (the backend that "prints" to a PDF file) reads its configuration from /etc/cups only — the path is
// compiled in (cups-pdf.conf, or cups-pdf-NAME.conf for a device URI cups-pdf:/NAME). So, like the pcscd harness,
// the daemon runs in a private mount namespace (`unshare --mount`, needs root) where the temp config folder is
// bind-mounted on /etc/cups: the system's /etc/cups is never touched, and cups-pdf writes into our `out` folder.
// The queue renders PDF input with pdftocairo (pdftops-renderer-default): Ghostscript's default path turns
// Chromium's fonts into Type 3 glyphs without a text mapping, and pdftotext could not read the result.
import { spawn, spawnSync, execFileSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from './wait';

const CUPSD = '/usr/sbin/cupsd';
const CUPS_PDF_BACKEND = '/usr/lib/cups/backend/cups-pdf';
const CUPS_PDF_PPD = '/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd';

/** Why a real CUPS cannot run here (the exact missing piece), or null when it can. */
export function cupsUnavailable(): string | null {
  if (process.getuid?.() !== 0) return 'the private cupsd needs root (a private mount namespace for cups-pdf\'s /etc/cups, and cups-pdf runs only as root)';
  for (const [path, pkg] of [[CUPSD, 'cups'], [CUPS_PDF_BACKEND, 'printer-driver-cups-pdf'], [CUPS_PDF_PPD, 'printer-driver-cups-pdf'], ['/usr/bin/lp', 'cups-client'], ['/usr/bin/pdftotext', 'poppler-utils']] as const) {
    if (!existsSync(path)) return `${path} is missing (Debian package ${pkg})`;
  }
  if (spawnSync('unshare', ['--mount', '--propagation', 'private', 'true'], { stdio: 'ignore' }).status !== 0) return 'unshare --mount is refused (no CAP_SYS_ADMIN in this sandbox)';
  return null;
}

const running = new Set<CupsHarness>();
process.once('exit', () => {
  for (const h of running) h.child?.kill('SIGKILL');
});

export class CupsHarness {
  readonly dir: string;
  /** CUPS_SERVER for lp/lpstat and the desk's CupsPrinterPort. */
  readonly socket: string;
  /** Where cups-pdf writes the printed PDFs. */
  readonly outDir: string;
  child: ChildProcess | null = null;
  private readonly log: string[] = [];

  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'masa-cups-'));
    // Filters run as the `lp` user: the folders they read or write must be reachable by it.
    chmodSync(this.dir, 0o755);
    this.socket = join(this.dir, 'run', 'cups.sock');
    this.outDir = join(this.dir, 'out');
  }

  private path(...p: string[]): string {
    return join(this.dir, ...p);
  }

  async start(timeoutMs = 15_000): Promise<void> {
    for (const d of ['etc', 'etc/ppd', 'spool', 'cache', 'state', 'log', 'run']) mkdirSync(this.path(d), { recursive: true, mode: 0o755 });
    for (const d of ['tmp', 'out']) {
      mkdirSync(this.path(d), { recursive: true });
      chmodSync(this.path(d), 0o1777);
    }
    writeFileSync(
      this.path('etc', 'cupsd.conf'),
      [
        'LogLevel warn',
        `Listen ${this.socket}`,
        'Browsing Off',
        'DefaultAuthType None',
        'WebInterface No',
        // Only this socket listens, and only this test uses it: everything is allowed on it.
        '<Location />\n  Order allow,deny\n  Allow all\n</Location>',
        '<Location /admin>\n  Order allow,deny\n  Allow all\n</Location>',
        '<Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>',
      ].join('\n') + '\n',
    );
    writeFileSync(
      this.path('etc', 'cups-files.conf'),
      [
        `ServerRoot ${this.path('etc')}`,
        `RequestRoot ${this.path('spool')}`,
        `CacheDir ${this.path('cache')}`,
        `StateDir ${this.path('state')}`,
        `TempDir ${this.path('tmp')}`,
        'ErrorLog stderr',
        `AccessLog ${this.path('log', 'access_log')}`,
        `PageLog ${this.path('log', 'page_log')}`,
        `Printcap ${this.path('run', 'printcap')}`,
      ].join('\n') + '\n',
    );
    // cups-pdf: every job into `out`, whoever sent it (no per-user folder).
    writeFileSync(this.path('etc', 'cups-pdf.conf'), [`Out ${this.outDir}`, `AnonDirName ${this.outDir}`, 'UserPrefix', `Log ${this.path('log')}`].join('\n') + '\n');
    const script = 'mount --bind "$0" /etc/cups && exec "$@"';
    const child = spawn('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', script, this.path('etc'), CUPSD, '-f', '-c', this.path('etc', 'cupsd.conf'), '-s', this.path('etc', 'cups-files.conf')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    running.add(this);
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line) this.log.push(line);
      if (this.log.length > 300) this.log.splice(0, this.log.length - 300);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    try {
      await waitFor(() => {
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`cupsd exited during start (${child.exitCode ?? child.signalCode}):\n${this.tail()}`);
        return existsSync(this.socket) && /scheduler is running/.test(this.lp('lpstat', ['-r']).stdout);
      }, timeoutMs, 'cupsd to answer on its socket');
    } catch (e) {
      await this.stop();
      throw e;
    }
  }

  /** Runs a CUPS client against this scheduler. */
  lp(command: 'lp' | 'lpstat' | 'lpadmin' | 'cupsdisable' | 'cupsenable' | 'cancel', args: string[]): { status: number | null; stdout: string; stderr: string } {
    const bin = command === 'lpadmin' || command === 'cupsdisable' || command === 'cupsenable' ? `/usr/sbin/${command}` : `/usr/bin/${command}`;
    const r = spawnSync(bin, args, { env: { ...process.env, CUPS_SERVER: this.socket, LANG: 'C', LC_ALL: 'C' }, encoding: 'utf8' });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  /** Adds an enabled cups-pdf queue. */
  addPdfQueue(name: string): void {
    const r = this.lp('lpadmin', ['-p', name, '-v', 'cups-pdf:/', '-P', CUPS_PDF_PPD, '-o', 'pdftops-renderer-default=pdftocairo', '-E']);
    if (r.status !== 0) throw new Error(`lpadmin -p ${name} failed: ${r.stderr}\n${this.tail()}`);
  }

  /** Waits until CUPS says the job is completed and cups-pdf's file for it is written; returns its path. */
  async waitForPdf(jobId: string, timeoutMs = 30_000): Promise<string> {
    const n = /-(\d+)$/.exec(jobId)?.[1];
    if (!n) throw new Error(`not a CUPS job id: ${jobId}`);
    let file = '';
    try {
      await waitFor(() => {
        if (!this.lp('lpstat', ['-W', 'completed', '-o']).stdout.split('\n').some((l) => l.startsWith(`${jobId} `))) return false;
        file = readdirSync(this.outDir).find((f) => f.endsWith(`job_${n}.pdf`)) ?? '';
        return file !== '' && statSync(join(this.outDir, file)).size > 0;
      }, timeoutMs, `job ${jobId} printed by cups-pdf`);
    } catch (e) {
      // Say what CUPS knows of its jobs and what cups-pdf wrote, not only that the wait ran out.
      const jobs = this.lp('lpstat', ['-W', 'all', '-o']).stdout;
      throw new Error(`${(e as Error).message}\njobs:\n${jobs}\nout: ${readdirSync(this.outDir).join(', ')}\n${this.tail()}`);
    }
    return join(this.outDir, file);
  }

  /** pdftotext of a printed file, whitespace collapsed. */
  static text(file: string): string {
    return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  }

  /** pdfinfo's page size in mm (rounded). */
  static pageSizeMm(file: string): { width: number; height: number } {
    const m = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }));
    if (!m) throw new Error(`pdfinfo gave no page size for ${file}`);
    return { width: Math.round((Number(m[1]) * 25.4) / 72), height: Math.round((Number(m[2]) * 25.4) / 72) };
  }

  tail(): string {
    return this.log.slice(-40).join('\n');
  }

  /** SIGTERM to our cupsd (SIGKILL after 5 s), then the temp folder goes. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    running.delete(this);
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
