import { createServer, Server, Socket } from 'node:net';

/**
 * How the database becomes unreachable. `refuse`: open connections are reset and new ones
 * refused, as when the server process is gone (the client learns at once). `blackhole`: packets
 * are dropped without a reset, as in a network partition or behind a firewall that drops: open
 * connections go silent and new ones are accepted but never answered (the client learns only
 * from its own timeouts).
 */
export type CutMode = 'refuse' | 'blackhole';

/**
 * A TCP proxy in front of PostgreSQL that a test controls, so that the database can be made
 * unreachable for one application while the shared server keeps running for everyone else.
 */
export class TcpProxy {
  /** Client side (the application's end) of every open connection, with its upstream if any. */
  private readonly pairs = new Map<Socket, Socket | null>();
  private mode: CutMode | null = null;

  private constructor(
    private readonly server: Server,
    private readonly target: { host: string; port: number },
    readonly port: number,
  ) {}

  /** Listens on a free loopback port and forwards to the host and port of `databaseUrl`. */
  static async start(databaseUrl: string): Promise<TcpProxy> {
    const url = new URL(databaseUrl);
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as { port: number };
    const proxy = new TcpProxy(server, { host: url.hostname, port: Number(url.port || 5432) }, port);
    server.on('connection', (socket) => proxy.accept(socket));
    return proxy;
  }

  /** `databaseUrl` with its host and port replaced by the proxy's. */
  url(databaseUrl: string): string {
    const url = new URL(databaseUrl);
    url.hostname = '127.0.0.1';
    url.port = String(this.port);
    return url.toString();
  }

  /** Open connections through the proxy, silenced ones included. */
  get connections(): number {
    return this.pairs.size;
  }

  /** Makes the database unreachable (see {@link CutMode}). */
  async cut(mode: CutMode): Promise<void> {
    this.mode = mode;
    if (mode === 'blackhole') return; // every pair stops forwarding (see accept); nothing is closed
    for (const [client, upstream] of this.pairs) {
      client.resetAndDestroy();
      upstream?.destroy();
    }
    this.pairs.clear();
    // Stop listening: a new connection gets ECONNREFUSED, like a port nobody listens on.
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The database is reachable again. Connections silenced by a blackhole are reset: their streams lost bytes. */
  async restore(): Promise<void> {
    const mode = this.mode;
    this.mode = null;
    if (mode === 'blackhole') {
      for (const [client, upstream] of this.pairs) {
        client.resetAndDestroy();
        upstream?.destroy();
      }
      this.pairs.clear();
    }
    if (mode === 'refuse') {
      await new Promise<void>((resolve, reject) => {
        this.server.once('error', reject);
        this.server.listen(this.port, '127.0.0.1', () => {
          this.server.off('error', reject);
          resolve();
        });
      });
    }
  }

  async close(): Promise<void> {
    for (const [client, upstream] of this.pairs) {
      client.destroy();
      upstream?.destroy();
    }
    this.pairs.clear();
    if (this.server.listening) await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    client.on('error', () => undefined); // resets are the point here
    client.on('close', () => this.pairs.delete(client));
    if (this.mode === 'blackhole') {
      this.pairs.set(client, null);
      client.on('data', () => undefined); // read and drop, answer nothing
      return;
    }
    const upstream = new Socket();
    upstream.on('error', () => undefined);
    this.pairs.set(client, upstream);
    // Forwarded by hand rather than with pipe(), so that a blackhole silences open pairs at once.
    const forward = (from: Socket, to: Socket) =>
      from.on('data', (chunk) => {
        if (this.mode !== 'blackhole') to.write(chunk);
      });
    forward(client, upstream);
    forward(upstream, client);
    upstream.on('close', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.connect(this.target.port, this.target.host);
  }
}
