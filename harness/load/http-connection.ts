import { connect, type Socket } from 'node:net';
import { classifySocketError, KIND_PROTOCOL, KIND_RESET } from './error-kinds.js';
import type { Exchange } from './exchange.js';
import { PARSE_ERROR, PARSE_NEED_MORE, ResponseParser } from './response-parser.js';
import type { Target } from './target-url.js';

/**
 * One keep-alive HTTP/1.1 connection on a raw socket, one request at a time (no pipelining, as
 * browsers and service clients behave).
 *
 * Reads use net's `onread` with one buffer shared by every connection: no Buffer is allocated per
 * read and the stream machinery ('data' events, readable state) is bypassed; the parser copies
 * only what it must keep. This is most of the difference with http/undici in CPU per request.
 */

// Safe to share: onread callbacks run synchronously, one at a time, and nothing keeps a view on it.
const sharedReadBuffer = Buffer.allocUnsafe(64 * 1024);

/** What a connection reports to its pool. */
export interface ConnectionOwner {
  readonly target: Target;
  /** A response completed; the connection is free again unless `reusable` is false (already closed). */
  responseComplete(connection: HttpConnection, exchange: Exchange, reusable: boolean): void;
  /** The connection is gone; `exchange` (if any) failed with `kind`. */
  connectionLost(connection: HttpConnection, exchange: Exchange | undefined, kind: number): void;
  /** The request bytes were written. */
  requestWritten(exchange: Exchange): void;
  /** The socket's handle is closed (after connectionLost or close()). */
  socketClosed(): void;
}

export class HttpConnection {
  /** The exchange on the wire (or waiting for the connect), if any. */
  current: Exchange | undefined;
  /** performance.now() when it last became idle (set by the pool). */
  idleSince = 0;
  readonly parser = new ResponseParser();
  private connected = false;
  private closed = false;
  private readonly socket: Socket;

  constructor(
    private readonly owner: ConnectionOwner,
    first: Exchange,
  ) {
    this.current = first;
    const { host, port } = owner.target;
    this.socket = connect({
      host,
      port,
      noDelay: true,
      onread: { buffer: sharedReadBuffer, callback: (n: number, buf: Uint8Array) => this.onRead(n, buf as Buffer) },
    });
    this.socket.on('connect', () => {
      this.connected = true;
      const exchange = this.current;
      if (exchange && !this.closed) this.write(exchange, performance.now());
    });
    this.socket.on('error', (err) => this.lose(classifySocketError(err)));
    this.socket.on('close', () => {
      if (!this.closed) {
        // EOF: a close-delimited body ends here; any other request in flight lost its response.
        if (this.current && this.parser.endsAtClose) {
          this.parser.finishAtClose();
          this.complete(false);
        } else {
          this.lose(KIND_RESET);
        }
      }
      this.owner.socketClosed();
    });
  }

  /** Sends on an idle, connected connection (the pool only hands work to idle ones). */
  send(exchange: Exchange, now: number): void {
    this.current = exchange;
    if (this.connected) this.write(exchange, now);
  }

  private write(exchange: Exchange, now: number): void {
    exchange.sentAt = now;
    this.parser.reset(exchange.detail, exchange.noBody);
    this.socket.write(exchange.bytes);
    this.owner.requestWritten(exchange);
  }

  private onRead(n: number, buf: Buffer): boolean {
    if (this.closed) return false;
    if (!this.current) {
      // Bytes nobody asked for: the stream can no longer be trusted.
      this.lose(KIND_PROTOCOL);
      return false;
    }
    const at = this.parser.execute(buf, 0, n);
    if (at === PARSE_NEED_MORE) return true;
    if (at === PARSE_ERROR || at < n) {
      this.lose(KIND_PROTOCOL);
      return false;
    }
    this.complete(this.parser.keepAlive);
    return !this.closed;
  }

  private complete(reusable: boolean): void {
    const exchange = this.current as Exchange;
    this.current = undefined;
    if (!reusable) this.close();
    this.owner.responseComplete(this, exchange, reusable);
  }

  /** Destroys the socket and reports the exchange in flight (if any) as failed with `kind`. */
  lose(kind: number): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.destroy();
    const exchange = this.current;
    this.current = undefined;
    this.owner.connectionLost(this, exchange, kind);
  }

  /** Closes without reporting anything (idle connection, drain, or interrupt). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.current = undefined;
    this.socket.destroy();
  }
}
