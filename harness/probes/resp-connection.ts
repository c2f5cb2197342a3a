import { connect, type Socket } from 'node:net';
import { untilAborted } from './abortable.js';
import { encodeCommand, parseReply, RespErrorReply, type RespValue } from './resp-reply.js';

export interface RespConnectionOptions {
  /** `redis://[user:password@]host:port` */
  readonly url: string;
  /** Bound on one connection attempt (default 2000); only one attempt is ever in progress. */
  readonly connectTimeoutMs?: number;
  /** After this long with an abandoned command outstanding, the socket is dropped (default 3000). */
  readonly staleAfterMs?: number;
}

interface Waiter {
  readonly resolve: (value: RespValue) => void;
  readonly reject: (err: Error) => void;
}

/**
 * One persistent Redis connection in raw RESP, for probes. A client library's reconnect policy
 * and offline queue are exactly what a probe must not have when a chaos action pauses or kills
 * Redis: here nothing is retried behind the caller's back. A command whose caller gave up stays
 * outstanding (its late reply is read and dropped); until it is answered new commands are refused
 * at once, and after `staleAfterMs` the socket is destroyed and the next call connects afresh.
 */
export class RespConnection {
  readonly #options: RespConnectionOptions;
  #socket: Socket | null = null;
  #connecting: Promise<Socket> | null = null;
  #buffer: Buffer = Buffer.alloc(0);
  #waiters: Waiter[] = [];
  #stuckSince: number | null = null;
  #closed = false;

  constructor(options: RespConnectionOptions) {
    this.#options = options;
  }

  /** Sends one command and resolves with its reply; an error reply rejects. */
  async command(args: readonly string[], signal: AbortSignal): Promise<RespValue> {
    if (this.#closed) throw new Error('probe connection closed');
    signal.throwIfAborted();
    if (this.#stuckSince !== null) {
      const age = Date.now() - this.#stuckSince;
      if (age < (this.#options.staleAfterMs ?? 3000)) throw new Error(`connection busy: an abandoned command has waited ${age} ms`);
      this.#drop(new Error('abandoned command never answered'));
    }
    const socket = await untilAborted(this.#connect(), signal);
    const started = Date.now();
    const reply = this.#send(socket, args);
    try {
      return await untilAborted(reply, signal);
    } catch (err) {
      if (signal.aborted && this.#waiters.length > 0) this.#stuckSince ??= started;
      throw err;
    }
  }

  close(): Promise<void> {
    this.#closed = true;
    this.#drop(new Error('probe connection closed'));
    return Promise.resolve();
  }

  #send(socket: Socket, args: readonly string[]): Promise<RespValue> {
    return new Promise<RespValue>((resolve, reject) => {
      this.#waiters.push({ resolve, reject });
      socket.write(encodeCommand(args));
    });
  }

  #connect(): Promise<Socket> {
    if (this.#socket) return Promise.resolve(this.#socket);
    this.#connecting ??= this.#open().finally(() => {
      this.#connecting = null;
    });
    return this.#connecting;
  }

  async #open(): Promise<Socket> {
    const url = new URL(this.#options.url);
    const timeoutMs = this.#options.connectTimeoutMs ?? 2000;
    const socket = connect({ host: url.hostname, port: Number(url.port) || 6379 });
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 5000);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => socket.destroy(new Error(`no connection within ${timeoutMs} ms`)), timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
    if (this.#closed) {
      socket.destroy();
      throw new Error('probe connection closed');
    }
    this.#buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => this.#onData(socket, chunk));
    socket.on('error', () => {});
    socket.once('close', () => {
      if (this.#socket === socket) this.#drop(new Error('connection closed by Redis'));
    });
    this.#socket = socket;
    if (url.password) {
      const user = decodeURIComponent(url.username);
      const password = decodeURIComponent(url.password);
      try {
        await this.#send(socket, user ? ['AUTH', user, password] : ['AUTH', password]);
      } catch (err) {
        this.#drop(err instanceof Error ? err : new Error(String(err)));
        throw err;
      }
    }
    return socket;
  }

  #onData(socket: Socket, chunk: Buffer): void {
    if (socket !== this.#socket) return;
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    let offset = 0;
    try {
      for (let parsed = parseReply(this.#buffer, offset); parsed; parsed = parseReply(this.#buffer, offset)) {
        offset = parsed.next;
        const waiter = this.#waiters.shift();
        if (parsed.value instanceof RespErrorReply) waiter?.reject(new Error(`redis: ${parsed.value.message}`));
        else waiter?.resolve(parsed.value);
      }
    } catch (err) {
      this.#drop(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    this.#buffer = this.#buffer.subarray(offset);
    if (this.#waiters.length === 0) this.#stuckSince = null;
  }

  #drop(reason: Error): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    this.#stuckSince = null;
    this.#buffer = Buffer.alloc(0);
    this.#socket?.destroy();
    this.#socket = null;
    for (const waiter of waiters) waiter.reject(reason);
  }
}
