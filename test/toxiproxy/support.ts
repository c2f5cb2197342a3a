import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { Toxiproxy } from 'toxiproxy-node-client';
import { onTestFinished } from 'vitest';
import { startToxiproxyServer } from '../../harness/toxiproxy/index.js';

/**
 * Shared plumbing of the conformance suite. With TOXIPROXY_URL set, the suite drives that server
 * (a real toxiproxy-server) instead of starting ours; tests that only make sense on ours (seeds,
 * metrics switch, remote-listen policy) are skipped there.
 */
export const externalUrl = process.env.TOXIPROXY_URL?.replace(/\/$/, '');
export const ours = externalUrl === undefined;

export interface TestServer {
  readonly url: string;
  readonly client: Toxiproxy;
  /** A proxy name unique to this test (the external server is shared). */
  name(prefix?: string): string;
  /** Creates a proxy on 127.0.0.1:0 to `upstreamPort`, removed when the test ends; returns its port. */
  proxy(upstreamPort: number, name?: string): Promise<{ name: string; port: number; listen: string }>;
  /** Raw HTTP against the API: status, headers, body text and parsed body (when it parses). */
  api(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiAnswer>;
}

export interface ApiAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly body: unknown;
}

/** A Toxiproxy server for this test: ours on port 0 (closed when the test ends) or the external one. */
export async function useServer(options: { seed?: number; metrics?: boolean } = {}): Promise<TestServer> {
  let url: string;
  if (externalUrl === undefined) {
    const server = await startToxiproxyServer({ port: 0, seed: options.seed ?? 1, metrics: options.metrics });
    onTestFinished(() => server.close());
    url = server.url;
  } else {
    url = externalUrl;
  }
  const created = new Set<string>();
  const api = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiAnswer> => {
    const init: RequestInit = { method, headers: { 'user-agent': 'stampede-tests', ...headers }, signal: AbortSignal.timeout(5000) };
    if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
    const response = await fetch(`${url}${path}`, init);
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: response.status, headers: response.headers, text, body: parsed };
  };
  if (externalUrl !== undefined) {
    onTestFinished(async () => {
      for (const name of created) await api('DELETE', `/proxies/${encodeURIComponent(name)}`);
    });
  }
  const name = (prefix = 'p') => {
    const unique = `${prefix}-${randomBytes(4).toString('hex')}`;
    created.add(unique);
    return unique;
  };
  return {
    url,
    client: new Toxiproxy(url),
    name,
    api,
    async proxy(upstreamPort, proxyName = name()) {
      created.add(proxyName);
      const answer = await api('POST', '/proxies', { name: proxyName, listen: '127.0.0.1:0', upstream: `127.0.0.1:${upstreamPort}` });
      if (answer.status !== 201) throw new Error(`creating proxy ${proxyName}: ${answer.status} ${answer.text}`);
      const listen = (answer.body as { listen: string }).listen;
      return { name: proxyName, listen, port: portOf(listen) };
    },
  };
}

export function portOf(listen: string): number {
  return Number(listen.slice(listen.lastIndexOf(':') + 1));
}

/** Polls `check` until it returns true, for at most `timeoutMs` (for counters the server updates later). */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 2000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * A raw TCP client that records what arrives (and when), and how the connection ended. Every
 * wait takes a deadline.
 */
export class TcpProbe {
  readonly chunks: { data: Buffer; at: number }[] = [];
  ended = false;
  closed = false;
  error: NodeJS.ErrnoException | undefined;
  private readonly waiters = new Set<() => void>();

  private constructor(readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (data: Buffer) => {
      this.chunks.push({ data, at: performance.now() });
      this.wake();
    });
    socket.on('end', () => {
      this.ended = true;
      this.wake();
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      this.error = err;
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
  }

  /** Connects to 127.0.0.1:port; destroyed when the test ends. */
  static async open(port: number, timeoutMs = 2000): Promise<TcpProbe> {
    const socket = connect({ host: '127.0.0.1', port, allowHalfOpen: true });
    onTestFinished(() => {
      socket.destroy();
    });
    const probe = new TcpProbe(socket);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`connect to ${port} timed out`)), timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
    return probe;
  }

  get received(): Buffer {
    return Buffer.concat(this.chunks.map((c) => c.data));
  }

  write(data: string | Buffer): void {
    this.socket.write(data);
  }

  /** Resolves once at least `bytes` bytes have arrived; rejects at the deadline. */
  async read(bytes: number, timeoutMs = 2000): Promise<Buffer> {
    await this.until(() => this.received.length >= bytes, timeoutMs, `${bytes} bytes`);
    return this.received;
  }

  /** Resolves when the connection is closed (FIN from the peer, reset, or destroyed). */
  async closedWithin(timeoutMs = 2000): Promise<void> {
    await this.until(() => this.closed || this.ended, timeoutMs, 'the connection to close');
  }

  async until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
    if (check()) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(wake);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const wake = () => {
        if (!check()) return;
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve();
      };
      this.waiters.add(wake);
    });
  }

  /** Sends `message` and measures the time until it is fully echoed back. */
  async roundTrip(message: string, timeoutMs = 2000): Promise<number> {
    const before = this.received.length;
    const start = performance.now();
    this.write(message);
    await this.read(before + Buffer.byteLength(message), timeoutMs);
    return performance.now() - start;
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

/** True when nothing arrives (and the connection stays open) for `ms`. */
export async function staysQuiet(probe: TcpProbe, ms: number): Promise<boolean> {
  const before = probe.received.length;
  await new Promise((r) => setTimeout(r, ms));
  return probe.received.length === before && !probe.closed && !probe.ended;
}
