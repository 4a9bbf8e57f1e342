/**
 * A sync server as a child process on PostgreSQL, for chaos and scale-out tests and the bench: SIGKILL it like a crash
 * (by PID), start it again with another pool size. Node with the tsx loader runs it, not the tsx CLI (whose forked
 * child would survive a SIGKILL of its parent).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

export class ServerChild {
  private child?: ChildProcess;
  constructor(
    readonly port: number,
    readonly postgresUrl: string,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Resolves once the server listens. */
  async start(pool = 10): Promise<void> {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/support/sync-server-child.ts'), '--port', String(this.port), '--postgres', this.postgresUrl, '--pool', String(pool)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
    await new Promise<void>((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`server child did not start: ${err}`)), 30_000);
      child.stdout!.once('data', () => (clearTimeout(timer), res()));
      child.once('exit', (code) => (clearTimeout(timer), rej(new Error(`server child exited ${code}: ${err}`))));
    });
  }

  /** SIGKILL by PID, like a crash; resolves once the process is gone. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    this.child = undefined;
  }
}
