import { KIND_TIMEOUT } from './error-kinds.js';
import type { Exchange, ExchangeSink } from './exchange.js';
import { type ConnectionOwner, HttpConnection } from './http-connection.js';
import type { Target } from './target-url.js';

const maxIdleMs = 4000;

/**
 * The keep-alive connections to one target: at most `maxConnections`, opened on demand, reused
 * most-recently-idle first (as pooled service clients do, so a light load keeps few sockets).
 * A request that finds every connection busy waits in a FIFO queue; that wait is part of its
 * latency from the intended time and is reported apart as connection wait.
 *
 * A removed target drains: it takes no new requests, finishes the queued and in-flight ones, and
 * closes each connection as it becomes idle.
 */
export class TargetPool implements ConnectionOwner {
  sent = 0;
  completed = 0;
  errors = 0;
  draining = false;
  /** Fixed requests serialised for this target (Host header), by mix entry index. */
  readonly encoded: (Buffer | undefined)[] = [];
  private readonly connections = new Set<HttpConnection>();
  private readonly idle: HttpConnection[] = [];
  private queue: Exchange[] = [];
  private queueHead = 0;
  private stopped = false;
  /** Sockets whose handle is not closed yet (close() is asynchronous). */
  liveSockets = 0;

  constructor(
    readonly target: Target,
    readonly index: number,
    private readonly maxConnections: number,
    private readonly sink: ExchangeSink,
  ) {}

  dispatch(exchange: Exchange, now: number): void {
    let idle = this.idle.pop();
    // Servers close keep-alive connections idle for a while (Node's default: 5 s). Writing on
    // one just as its FIN arrives fails the request with a reset that says nothing about the
    // service, so a connection idle for 4 s or more is retired instead of reused.
    while (idle && now - idle.idleSince > maxIdleMs) {
      this.connections.delete(idle);
      idle.close();
      idle = this.idle.pop();
    }
    if (idle) {
      idle.send(exchange, now);
    } else if (this.connections.size < this.maxConnections) {
      this.open(exchange);
    } else {
      this.queue.push(exchange);
    }
  }

  requestWritten(exchange: Exchange): void {
    this.sent++;
    this.sink.sent(exchange);
  }

  responseComplete(connection: HttpConnection, exchange: Exchange, reusable: boolean): void {
    this.completed++;
    const now = performance.now();
    this.sink.responded(exchange, connection.parser, now);
    if (reusable) this.release(connection, now);
    else this.forget(connection);
    this.sink.settled(exchange);
  }

  connectionLost(connection: HttpConnection, exchange: Exchange | undefined, kind: number): void {
    this.forget(connection);
    if (exchange) {
      this.errors++;
      this.sink.failed(exchange, kind, performance.now());
      this.sink.settled(exchange);
    }
  }

  socketClosed(): void {
    this.liveSockets--;
    this.sink.socketClosed();
  }

  /** Counts an error the runner decided on (a response that failed its status or check). */
  countError(): void {
    this.errors++;
  }

  private release(connection: HttpConnection, now: number): void {
    const next = this.nextQueued();
    if (next) {
      connection.send(next, now);
    } else if (this.draining || this.stopped) {
      this.connections.delete(connection);
      connection.close();
    } else {
      connection.idleSince = now;
      this.idle.push(connection);
    }
  }

  /** Drops a closed connection; work still queued gets a fresh connection in its place. */
  private forget(connection: HttpConnection): void {
    this.connections.delete(connection);
    const i = this.idle.indexOf(connection);
    if (i !== -1) this.idle.splice(i, 1);
    if (this.stopped) return;
    const next = this.nextQueued();
    if (next) this.open(next);
  }

  private open(first: Exchange): void {
    this.liveSockets++;
    this.connections.add(new HttpConnection(this, first));
  }

  private nextQueued(): Exchange | undefined {
    while (this.queueHead < this.queue.length) {
      const exchange = this.queue[this.queueHead++] as Exchange;
      if (this.queueHead > 1024 && this.queueHead * 2 > this.queue.length) {
        this.queue = this.queue.slice(this.queueHead);
        this.queueHead = 0;
      }
      if (!exchange.settled) return exchange;
    }
    // Emptied: let go of the settled exchanges (and their request bytes) the array still holds.
    this.queue.length = 0;
    this.queueHead = 0;
    return undefined;
  }

  /** Fails every exchange whose deadline passed: on the wire (its socket is destroyed) or queued. */
  sweep(now: number): void {
    for (const connection of this.connections) {
      const exchange = connection.current;
      if (exchange && exchange.deadline <= now) connection.lose(KIND_TIMEOUT);
    }
    // The queue is in dispatch order and every exchange has the same timeout: stop at the first live one.
    while (this.queueHead < this.queue.length) {
      const exchange = this.queue[this.queueHead] as Exchange;
      if (!exchange.settled && exchange.deadline > now) break;
      this.queueHead++;
      if (!exchange.settled) {
        this.errors++;
        this.sink.failed(exchange, KIND_TIMEOUT, now);
        this.sink.settled(exchange);
      }
    }
  }

  /** No new work; close connections as they become idle. */
  drain(): void {
    this.draining = true;
    for (const connection of this.idle.splice(0)) {
      this.connections.delete(connection);
      connection.close();
    }
  }

  /**
   * Closes everything now. Returns the exchanges that were still queued or on the wire (the
   * caller counts them as abandoned).
   */
  stop(): Exchange[] {
    this.stopped = true;
    const abandoned: Exchange[] = [];
    for (const connection of this.connections) {
      if (connection.current) abandoned.push(connection.current);
      connection.close();
    }
    this.connections.clear();
    this.idle.length = 0;
    let next = this.nextQueued();
    while (next) {
      abandoned.push(next);
      next = this.nextQueued();
    }
    return abandoned;
  }
}
