import { once } from 'node:events';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import { onTestFinished } from 'vitest';

/**
 * Fault-shaped HTTP fixtures for the load engine's tests: real servers on 127.0.0.1, port 0,
 * each closed when its test ends. `raw` servers speak HTTP/1.1 by hand so a test can answer,
 * hold, reset or garble at the byte level; `http` servers are node:http for realistic framing.
 */

export interface RawRequest {
  /** The request line, e.g. 'GET /x HTTP/1.1'. */
  readonly line: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** performance.now() when its last byte arrived. */
  readonly at: number;
}

export interface RawFixture {
  readonly url: string;
  readonly requests: RawRequest[];
  /** Connections open right now. */
  readonly openConnections: () => number;
  /** Connections accepted since the start. */
  readonly acceptedConnections: () => number;
  close(): Promise<void>;
}

/** Called per request; answer with `reply` (or not at all, or destroy the socket). */
export type RawHandler = (
  request: RawRequest,
  socket: Socket,
  reply: (status: number, body?: string, extraHeaders?: string) => void,
) => void;

export function response(status: number, body = '', extraHeaders = ''): string {
  return `HTTP/1.1 ${status} X\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extraHeaders}\r\n${body}`;
}

async function listen(server: Server): Promise<number> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

/** A raw HTTP/1.1 server; requests are framed by their blank line and Content-Length. */
export async function startRawFixture(handler: RawHandler): Promise<RawFixture> {
  const sockets = new Set<Socket>();
  const requests: RawRequest[] = [];
  let accepted = 0;
  const server = createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let pending = '';
    socket.setEncoding('latin1');
    socket.on('data', (text: string) => {
      pending += text;
      for (;;) {
        const end = pending.indexOf('\r\n\r\n');
        if (end === -1) return;
        const lines = pending.slice(0, end).split('\r\n');
        const headers: Record<string, string> = {};
        for (const l of lines.slice(1)) {
          const colon = l.indexOf(':');
          headers[l.slice(0, colon).trim().toLowerCase()] = l.slice(colon + 1).trim();
        }
        const length = Number(headers['content-length'] ?? 0);
        if (pending.length < end + 4 + length) return;
        const body = pending.slice(end + 4, end + 4 + length);
        pending = pending.slice(end + 4 + length);
        const line = lines[0] as string;
        const request: RawRequest = { line, path: line.split(' ')[1] as string, headers, body, at: performance.now() };
        requests.push(request);
        handler(request, socket, (status, replyBody, extra) => {
          if (!socket.destroyed) socket.write(response(status, replyBody, extra));
        });
      }
    });
  });
  const port = await listen(server);
  const fixture: RawFixture = {
    url: `http://127.0.0.1:${port}`,
    requests,
    openConnections: () => sockets.size,
    acceptedConnections: () => accepted,
    async close() {
      for (const socket of sockets) socket.destroy();
      if (server.listening) {
        server.close();
        await once(server, 'close');
      }
    },
  };
  onTestFinished(() => fixture.close());
  return fixture;
}

/** Answers every request at once with `status` and `body`. */
export function startAnsweringFixture(status = 200, body = 'ok'): Promise<RawFixture> {
  return startRawFixture((_request, _socket, reply) => reply(status, body));
}

export interface HttpFixture {
  readonly url: string;
  readonly requests: { method: string; url: string; body: string }[];
  close(): Promise<void>;
}

/** A node:http server (chunked bodies, keep-alive headers as Node writes them). */
export async function startHttpFixture(
  respond: (req: IncomingMessage, res: ServerResponse, body: string) => void,
  options: { keepAliveTimeoutMs?: number } = {},
): Promise<HttpFixture> {
  const requests: HttpFixture['requests'] = [];
  const server = createHttpServer({ keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000 }, (req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', body });
      respond(req, res, body);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  const fixture: HttpFixture = {
    url: `http://127.0.0.1:${port}`,
    requests,
    async close() {
      server.closeAllConnections();
      if (server.listening) {
        server.close();
        await once(server, 'close');
      }
    },
  };
  onTestFinished(() => fixture.close());
  return fixture;
}

/** A loopback URL nothing listens on (bound, then released). */
export async function refusedUrl(): Promise<string> {
  const server = createServer();
  const port = await listen(server);
  server.close();
  await once(server, 'close');
  return `http://127.0.0.1:${port}`;
}

/** Counts the live resources of a kind (TCPSocketWrap, Timeout, ...) in this process. */
export function countResources(kind: string): number {
  return process.getActiveResourcesInfo().filter((r) => r === kind).length;
}
