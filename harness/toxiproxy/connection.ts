import { connect, type Socket } from 'node:net';
import { type ByteCounters, Link, type LinkOwner } from './link.js';
import { deriveSeed, mulberry32 } from './prng.js';
import type { Direction, ToxicCollection } from './toxic-collection.js';

/** What a connection needs from its proxy. */
export interface ConnectionHost {
  readonly name: string;
  readonly seed: number;
  readonly toxics: ToxicCollection;
  counters(direction: Direction): ByteCounters | null;
  connectionClosed(connection: Connection): void;
}

/** How long a closing connection may take to flush its last bytes before it is destroyed. */
const closeGraceMs = 10_000;

/**
 * One client connection and its upstream connection, with a link per direction. When one link
 * finishes, the other stops reading and closes as well (the real server closes both sockets), and
 * the sockets are destroyed once their last bytes are written.
 */
export class Connection implements LinkOwner {
  private upstream: Socket | null = null;
  private readonly links: Link[] = [];
  private closed = false;
  private closing = false;

  constructor(
    private readonly host: ConnectionHost,
    private readonly client: Socket,
    /** The proxy's count of accepted connections: part of this connection's seed. */
    readonly index: number,
  ) {}

  /** Dials the upstream; the client (accepted paused) is read only once the upstream answers. */
  open(upstreamHost: string, upstreamPort: number): void {
    const client = this.client;
    client.setNoDelay(true);
    client.on('error', this.destroy);
    client.on('close', this.destroy);
    const upstream = connect({ host: upstreamHost, port: upstreamPort, allowHalfOpen: true, noDelay: true });
    this.upstream = upstream;
    upstream.on('error', this.destroy);
    upstream.on('close', this.destroy);
    upstream.once('connect', () => {
      if (this.closed) return;
      this.startLink('upstream', client, upstream);
      this.startLink('downstream', upstream, client);
      client.resume();
    });
  }

  private startLink(direction: Direction, source: Socket, dest: Socket): void {
    const { seed, name, toxics } = this.host;
    const rolls = mulberry32(deriveSeed(seed, name, this.index, direction, 'toxicity'));
    const random = mulberry32(deriveSeed(seed, name, this.index, direction, 'toxic'));
    const link = new Link(direction, source, dest, this, rolls, random, this.host.counters(direction));
    this.links.push(link);
    toxics.follow(link);
    link.start(toxics.chain(direction));
  }

  linkFinished(link: Link): void {
    this.host.toxics.unfollow(link);
    for (const other of this.links) if (other !== link) other.sourceGone();
    if (this.links.every((l) => l.isFinished)) this.closeWhenFlushed();
  }

  reset(): void {
    if (this.closed) return;
    this.release();
    this.client.resetAndDestroy();
    if (this.upstream && !this.upstream.destroyed) this.upstream.resetAndDestroy();
  }

  /** Closes both sockets now (proxy disabled, deleted or restarted; a socket error). */
  readonly destroy = (): void => {
    if (this.closed) return;
    this.release();
    this.client.destroy();
    this.upstream?.destroy();
  };

  private release(): void {
    this.closed = true;
    for (const link of this.links) {
      link.dispose();
      this.host.toxics.unfollow(link);
    }
    this.host.connectionClosed(this);
  }

  private closeWhenFlushed(): void {
    if (this.closing || this.closed) return;
    this.closing = true;
    const sockets = [this.client, this.upstream].filter((s): s is Socket => s !== null);
    let waiting = 0;
    for (const socket of sockets) {
      if (socket.writableFinished || socket.destroyed) continue;
      waiting++;
      socket.once('finish', () => {
        waiting--;
        if (waiting === 0) this.destroy();
      });
    }
    if (waiting === 0) {
      this.destroy();
      return;
    }
    setTimeout(this.destroy, closeGraceMs).unref();
  }
}
