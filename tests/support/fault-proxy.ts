import net from 'node:net';

/**
 * A TCP proxy between host and server that misbehaves on request: latency,
 * connection resets and a black hole (traffic silently dropped, nothing closed,
 * like a pulled cable upstream of a switch). Everything is changeable at run
 * time, including the target port, so a server restarted on a new port is
 * reached through the same proxy URL.
 */
interface Link {
  client: net.Socket;
  upstream: net.Socket;
  /** Saw traffic dropped by the black hole: its byte streams are broken for good. */
  holed: boolean;
  releaseAt: { up: number; down: number };
}

export class FaultProxy {
  private readonly links = new Set<Link>();
  private latencyMs = 0;
  private holing = false;
  private constructor(
    private readonly server: net.Server,
    private targetPort: number,
    private readonly targetHost: string,
  ) {}

  static async start(targetPort: number, targetHost = '127.0.0.1'): Promise<FaultProxy> {
    const server = net.createServer();
    const proxy = new FaultProxy(server, targetPort, targetHost);
    server.on('connection', (client) => proxy.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return proxy;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get connectionCount(): number {
    return this.links.size;
  }

  setLatency(ms: number): void {
    this.latencyMs = Math.max(0, ms);
  }

  /** New connections go to this port; existing ones keep theirs until they end. */
  setTarget(port: number): void {
    this.targetPort = port;
  }

  /** RST every open connection, both sides. */
  resetAll(): void {
    for (const link of [...this.links]) this.kill(link);
  }

  /**
   * While on, every byte is dropped and nothing is closed. Turning it off
   * resets the connections that lost bytes (their streams cannot be repaired);
   * the peers then see a reset, as after a long outage.
   */
  blackhole(on: boolean): void {
    this.holing = on;
    if (on) {
      for (const link of this.links) link.holed = true;
    } else {
      for (const link of [...this.links]) if (link.holed) this.kill(link);
    }
  }

  async close(): Promise<void> {
    this.resetAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: net.Socket): void {
    const upstream = net.connect(this.targetPort, this.targetHost);
    const link: Link = { client, upstream, holed: this.holing, releaseAt: { up: 0, down: 0 } };
    this.links.add(link);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    client.on('data', (chunk: Buffer) => this.forward(link, 'up', upstream, chunk));
    upstream.on('data', (chunk: Buffer) => this.forward(link, 'down', client, chunk));
    const end = (from: net.Socket, to: net.Socket) => () => {
      if (link.holed) return; // a black hole swallows FINs too
      this.after(link, from === client ? 'up' : 'down', () => to.end());
    };
    client.on('end', end(client, upstream));
    upstream.on('end', end(upstream, client));
    const gone = () => {
      if (link.holed) return;
      this.kill(link);
    };
    client.on('error', gone);
    upstream.on('error', gone);
    client.on('close', gone);
    upstream.on('close', gone);
  }

  private forward(link: Link, dir: 'up' | 'down', to: net.Socket, chunk: Buffer): void {
    if (this.holing || link.holed) {
      link.holed = true;
      return;
    }
    this.after(link, dir, () => {
      if (!to.destroyed && !link.holed) to.write(chunk);
    });
  }

  /** Keeps order under latency: a chunk is released no earlier than the one before it. */
  private after(link: Link, dir: 'up' | 'down', fn: () => void): void {
    if (this.latencyMs === 0 && link.releaseAt[dir] <= Date.now()) {
      fn();
      return;
    }
    const at = Math.max(Date.now() + this.latencyMs, link.releaseAt[dir]);
    link.releaseAt[dir] = at;
    setTimeout(fn, at - Date.now());
  }

  private kill(link: Link): void {
    if (!this.links.delete(link)) return;
    link.client.resetAndDestroy();
    link.upstream.resetAndDestroy();
  }
}
