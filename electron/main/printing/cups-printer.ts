// CUPS through its command-line clients: `lpstat` lists the queues, `lp` sends a job (the PDF on standard input, so
// no copy of a customer's document is left in a temp file). CUPS_SERVER (a socket or host) picks the scheduler;
// the clients run with LANG=C so their answers can be read, and each failure becomes a typed AppError.
import { execFile } from 'node:child_process';
import { AppError, ErrorCode } from '../../../common/errors';
import type { PrinterInfo } from '../../../common/printing/destinations';
import type { PrintJob, PrinterPort } from './printer-port';

export interface CupsOptions {
  /** CUPS_SERVER for the clients; default: the process's own (or CUPS's default socket). */
  server?: string;
  /** Folder of lp/lpstat; default: found on PATH. */
  binDir?: string;
  timeoutMs?: number;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export class CupsPrinterPort implements PrinterPort {
  readonly via = 'cups' as const;

  constructor(private readonly options: CupsOptions = {}) {}

  private run(command: 'lp' | 'lpstat', args: string[], input?: Uint8Array): Promise<Run> {
    const env: NodeJS.ProcessEnv = { ...process.env, LANG: 'C', LC_ALL: 'C' };
    if (this.options.server) env.CUPS_SERVER = this.options.server;
    const file = this.options.binDir ? `${this.options.binDir}/${command}` : command;
    return new Promise((resolve, reject) => {
      const child = execFile(file, args, { env, timeout: this.options.timeoutMs ?? 15_000, maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
        const code = error && typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code) : error ? -1 : 0;
        if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
          reject(new AppError(ErrorCode.PrintServiceDown, `The CUPS client '${command}' is not installed (Debian: apt-get install cups-client).`, { cause: error }));
          return;
        }
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      });
      child.stdin?.on('error', () => undefined);
      if (input) child.stdin?.end(Buffer.from(input.buffer, input.byteOffset, input.byteLength));
      else child.stdin?.end();
    });
  }

  /** `lpstat -r`: whether the scheduler answers at all. */
  private async schedulerRunning(): Promise<boolean> {
    const r = await this.run('lpstat', ['-r']);
    return r.code === 0 && /scheduler is running/i.test(r.stdout);
  }

  private serviceDown(): AppError {
    return new AppError(ErrorCode.PrintServiceDown, `The print service (CUPS${this.options.server ? ` at ${this.options.server}` : ''}) is not running.`);
  }

  async list(): Promise<PrinterInfo[]> {
    if (!(await this.schedulerRunning())) throw this.serviceDown();
    const [queues, fallback] = await Promise.all([this.run('lpstat', ['-p']), this.run('lpstat', ['-d'])]);
    // No queue at all: exit 1 with "No destinations added." — an empty list, not a failure.
    if (queues.code !== 0 && !/no destinations/i.test(queues.stderr)) {
      throw new AppError(ErrorCode.PrintRejected, `lpstat failed: ${queues.stderr.trim()}`, { details: { reason: queues.stderr.trim() } });
    }
    const defaultName = /system default destination:\s*(\S+)/.exec(fallback.stdout)?.[1] ?? null;
    return parseLpstatPrinters(queues.stdout, defaultName);
  }

  async print(job: PrintJob): Promise<{ jobId: string | null }> {
    const media = job.paper === 'a4' ? 'A4' : `Custom.${job.pageMm.width}x${job.pageMm.height}mm`;
    const r = await this.run('lp', ['-d', job.printer, '-o', `media=${media}`, '-t', job.title], job.pdf);
    if (r.code === 0) return { jobId: /request id is (\S+)/.exec(r.stdout)?.[1] ?? null };
    // lp says "The printer or class does not exist" both for an unknown queue and when cupsd is down: ask which.
    if (!(await this.schedulerRunning())) throw this.serviceDown();
    const reason = r.stderr.replace(/^lp:\s*(Error\s*-\s*)?/i, '').trim();
    if (/does not exist|not found|unknown/i.test(reason)) {
      throw new AppError(ErrorCode.PrinterNotFound, `The printer '${job.printer}' does not exist in CUPS.`, { details: { printer: job.printer } });
    }
    throw new AppError(ErrorCode.PrintRejected, `CUPS refused the job for '${job.printer}': ${reason}`, { details: { printer: job.printer, reason } });
  }
}

/** `lpstat -p` lines: "printer NAME is idle.  enabled since …", "… now printing NAME-3.  …", "… disabled since …". */
export function parseLpstatPrinters(stdout: string, defaultName: string | null): PrinterInfo[] {
  const out: PrinterInfo[] = [];
  for (const line of stdout.split('\n')) {
    const m = /^printer (\S+) (.*)$/.exec(line);
    if (!m) continue;
    const state = /disabled/.test(m[2]) ? 'disabled' : /printing/.test(m[2]) ? 'printing' : 'idle';
    out.push({ name: m[1], state, isDefault: m[1] === defaultName });
  }
  return out;
}
