/**
 * A round-robin TCP balancer on loopback, in front of several server processes (scale-out tests, the bench): each
 * new connection goes to the next backend; a backend that refuses it (its process is dead) is skipped for that
 * connection, as a balancer's health check would. `cut()` resets every open connection, both sides.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

export class RoundRobinBalancer {
  private next = 0;
  private readonly open = new Set<Socket>();
  /** Connections handed to each backend (by index), to check that all of them served. */
  readonly served: number[];
  private constructor(
    private readonly server: Server,
    readonly port: number,
    private readonly backends: readonly number[],
  ) {
    this.served = backends.map(() => 0);
  }

  static async start(backendPorts: readonly number[]): Promise<RoundRobinBalancer> {
    const holder: { lb?: RoundRobinBalancer } = {};
    const server = createServer((client) => holder.lb!.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    holder.lb = new RoundRobinBalancer(server, (server.address() as { port: number }).port, backendPorts);
    return holder.lb;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  private accept(client: Socket): void {
    // Hold what the client sends until a backend takes the connection.
    client.pause();
    client.on('error', () => {});
    this.open.add(client);
    client.once('close', () => this.open.delete(client));
    this.connectTo(client, this.backends.length);
  }

  private connectTo(client: Socket, triesLeft: number): void {
    if (client.destroyed) return;
    if (triesLeft === 0) {
      client.resetAndDestroy();
      return;
    }
    const index = this.next++ % this.backends.length;
    const upstream = connect(this.backends[index], '127.0.0.1');
    let connected = false;
    upstream.once('connect', () => {
      connected = true;
      this.served[index]++;
      this.open.add(upstream);
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    });
    upstream.on('error', () => {
      if (!connected) this.connectTo(client, triesLeft - 1);
      else client.resetAndDestroy();
    });
    upstream.once('close', () => {
      this.open.delete(upstream);
      if (connected) client.destroy();
    });
    client.once('close', () => upstream.destroy());
  }

  /** Reset every open connection (new ones are taken as usual). */
  cut(): void {
    for (const s of this.open) s.resetAndDestroy();
    this.open.clear();
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
