import type { Server, Socket } from 'node:net';
import { bindListener, parseUpstream } from './address.js';
import { Connection, type ConnectionHost } from './connection.js';
import type { ByteCounters } from './link.js';
import type { ProxyMetrics } from './metrics.js';
import { type Direction, ToxicCollection, toxicJson } from './toxic-collection.js';

/** Server-wide settings every proxy shares. */
export interface ProxyEnvironment {
  readonly seed: number;
  readonly allowRemoteListen: boolean;
  readonly metrics: ProxyMetrics | null;
}

export interface ProxySettings {
  readonly listen: string;
  readonly upstream: string;
  readonly enabled: boolean;
}

/**
 * One named proxy: a listener, its open connections and its toxics. `enabled` is true exactly
 * while the listener is bound, as in the real server (a failed start leaves it disabled).
 */
export class ToxicProxy implements ConnectionHost {
  readonly toxics = new ToxicCollection();
  enabled = false;
  private server: Server | null = null;
  private readonly connections = new Set<Connection>();
  private accepted = 0;

  constructor(
    readonly name: string,
    public listen: string,
    public upstream: string,
    private readonly env: ProxyEnvironment,
  ) {}

  get seed(): number {
    return this.env.seed;
  }

  /** Binds the listener; throws the API error (bind failure 500, remote listen 400). */
  async start(): Promise<void> {
    if (this.enabled) return;
    const { server, address } = await bindListener(this.listen, this.env.allowRemoteListen, this.accept);
    this.server = server;
    this.listen = address;
    this.enabled = true;
  }

  /** Closes the listener and every open connection; new connections are refused. */
  stop(): void {
    if (!this.enabled) return;
    this.enabled = false;
    this.server?.close();
    this.server = null;
    for (const connection of [...this.connections]) connection.destroy();
  }

  /** PATCH semantics of the real server: a new listen or upstream restarts the proxy. */
  async update(input: ProxySettings): Promise<void> {
    if (input.listen !== this.listen || input.upstream !== this.upstream) {
      this.stop();
      this.listen = input.listen;
      this.upstream = input.upstream;
    }
    if (input.enabled !== this.enabled) {
      if (input.enabled) await this.start();
      else this.stop();
    }
  }

  counters(direction: Direction): ByteCounters | null {
    return this.env.metrics?.counters(direction, this.name, this.listen, this.upstream) ?? null;
  }

  connectionClosed(connection: Connection): void {
    this.connections.delete(connection);
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      listen: this.listen,
      upstream: this.upstream,
      enabled: this.enabled,
      toxics: this.toxics.list().map(toxicJson),
    };
  }

  private readonly accept = (socket: Socket): void => {
    const index = this.accepted++;
    const target = parseUpstream(this.upstream);
    if (target === undefined) {
      // The real server accepts such a proxy and fails each dial: the client is closed.
      socket.destroy();
      return;
    }
    const connection = new Connection(this, socket, index);
    this.connections.add(connection);
    connection.open(target.host, target.port);
  };
}
