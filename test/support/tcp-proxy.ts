/**
 * A loopback TCP proxy for chaos tests: put it between a client and a server, then `cut()` every open connection
 * (both sides see a reset), `blackhole()` (connections stay open but nothing gets through, new ones hang — like a
 * dead link), `blackhole('responses')` (requests reach the server, answers are lost — the worst case for
 * idempotency), and `restore()`.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export class TcpProxy {
  private mode: 'pass' | 'blackhole' | 'responses' = 'pass';
  private readonly pairs = new Set<[Socket, Socket | undefined]>();
  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
    const holder: { proxy?: TcpProxy } = {};
    const server = createServer((client) => holder.proxy!.accept(client, targetHost, targetPort));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    holder.proxy = new TcpProxy(server, (server.address() as { port: number }).port);
    return holder.proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }
  get connections(): number {
    return this.pairs.size;
  }

  private accept(client: Socket, host: string, port: number): void {
    client.on('error', () => {});
    if (this.mode === 'blackhole') {
      // Hold the connection, swallow what it sends, answer nothing.
      const pair: [Socket, Socket | undefined] = [client, undefined];
      this.pairs.add(pair);
      client.on('data', () => {});
      client.on('close', () => this.pairs.delete(pair));
      return;
    }
    const upstream = connect(port, host);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    const pair: [Socket, Socket | undefined] = [client, upstream];
    this.pairs.add(pair);
    client.on('data', (d) => {
      if (this.mode !== 'blackhole') upstream.write(d);
    });
    upstream.on('data', (d) => {
      if (this.mode === 'pass') client.write(d);
    });
    const close = () => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', close);
    upstream.on('close', close);
  }

  /** Reset every open connection (new ones still work unless blackholed). */
  cut(): void {
    for (const [a, b] of this.pairs) {
      a.resetAndDestroy();
      b?.resetAndDestroy();
    }
    this.pairs.clear();
  }

  /** Stop forwarding: open and new connections get no bytes through ('responses': only server→client is dropped). */
  blackhole(what: 'both' | 'responses' = 'both'): void {
    this.mode = what === 'both' ? 'blackhole' : 'responses';
  }

  restore(): void {
    this.mode = 'pass';
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
