import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';

/**
 * Fault-shaped fixture servers for integration tests: real sockets on 127.0.0.1, port 0, no mocks.
 * Each returns its port and a close() that ends the listener and every socket it accepted;
 * register `onTestFinished(() => server.close())` on the line after starting one.
 */
export interface FixtureServer {
  readonly host: string;
  readonly port: number;
  /** `http://127.0.0.1:<port>` (meaningful for the HTTP fixtures). */
  readonly url: string;
  /** Connections accepted so far. */
  readonly accepted: number;
  /** Sockets currently open. */
  readonly open: number;
  close(): Promise<void>;
}

const host = '127.0.0.1';

async function listenTcp(server: Server, sockets: Set<Socket>, counter: { accepted: number }): Promise<FixtureServer> {
  server.on('connection', (socket: Socket) => {
    counter.accepted++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port: 0 }, () => resolve());
  });
  const address = server.address();
  const port = address !== null && typeof address === 'object' ? address.port : 0;
  return {
    host,
    port,
    url: `http://${host}:${port}`,
    get accepted() {
      return counter.accepted;
    },
    get open() {
      return sockets.size;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function tcpFixture(onSocket: (socket: Socket) => void, options: { allowHalfOpen?: boolean } = {}): Promise<FixtureServer> {
  const sockets = new Set<Socket>();
  const server = createServer({ allowHalfOpen: options.allowHalfOpen ?? false, noDelay: true }, onSocket);
  return listenTcp(server, sockets, { accepted: 0 });
}

/** Echoes every byte back; closes its side when the client closes. */
export function startEchoServer(): Promise<FixtureServer> {
  return tcpFixture((socket) => socket.pipe(socket));
}

/** Accepts and never answers nor closes (a stuck upstream). Counts the bytes it received. */
export function startHangingServer(): Promise<FixtureServer & { readonly received: number }> {
  let received = 0;
  return tcpFixture((socket) => {
    socket.on('data', (chunk: Buffer) => {
      received += chunk.length;
    });
  }).then((server) => Object.defineProperty(server, 'received', { get: () => received }) as FixtureServer & { readonly received: number });
}

/** Resets (TCP RST) every connection on its first data. */
export function startResettingServer(): Promise<FixtureServer> {
  return tcpFixture((socket) => {
    socket.once('data', () => socket.resetAndDestroy());
  });
}

/** Writes `greeting` (if any) as soon as a client connects, then closes its side at once. */
export function startClosingServer(greeting = ''): Promise<FixtureServer> {
  return tcpFixture((socket) => {
    if (greeting !== '') socket.write(greeting);
    socket.end();
  });
}

/** Slow drip: writes `chunk` every `intervalMs`, `count` times, then closes. */
export function startDripServer(options: { chunk: string; intervalMs: number; count: number }): Promise<FixtureServer> {
  return tcpFixture((socket) => {
    let sent = 0;
    const tick = setInterval(() => {
      if (socket.destroyed) {
        clearInterval(tick);
        return;
      }
      socket.write(options.chunk);
      sent++;
      if (sent >= options.count) {
        clearInterval(tick);
        socket.end();
      }
    }, options.intervalMs);
    socket.on('close', () => clearInterval(tick));
  });
}

/** Sends `size` bytes of a repeating pattern to each client as fast as the client reads, then closes. */
export function startBulkServer(size: number): Promise<FixtureServer> {
  const block = Buffer.alloc(64 * 1024, 'abcdefghijklmnopqrstuvwxyz');
  return tcpFixture((socket) => {
    let left = size;
    const pump = () => {
      while (left > 0) {
        const piece = block.subarray(0, Math.min(block.length, left));
        left -= piece.length;
        if (!socket.write(piece)) {
          socket.once('drain', pump);
          return;
        }
      }
      socket.end();
    };
    pump();
  });
}

export interface HttpFixtureOptions {
  readonly status?: number;
  readonly body?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Answer after this many ms (a slow upstream). */
  readonly delayMs?: number;
}

/** Answers every HTTP request with a fixed response (keep-alive on). `requests` counts them. */
export async function startHttpFixture(options: HttpFixtureOptions = {}): Promise<FixtureServer & { readonly requests: number }> {
  let requests = 0;
  const body = options.body ?? 'ok';
  const headers = { 'content-type': 'text/plain', 'content-length': String(Buffer.byteLength(body)), ...options.headers };
  const answer = (request: IncomingMessage, response: ServerResponse) => {
    requests++;
    request.resume();
    const send = () => {
      response.writeHead(options.status ?? 200, headers);
      response.end(body);
    };
    if (options.delayMs) setTimeout(send, options.delayMs);
    else send();
  };
  const sockets = new Set<Socket>();
  const server = createHttpServer({ keepAlive: true }, answer);
  const fixture = await listenTcp(server, sockets, { accepted: 0 });
  return Object.defineProperty(fixture, 'requests', { get: () => requests }) as FixtureServer & { readonly requests: number };
}
