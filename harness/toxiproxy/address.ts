import { lookup } from 'node:dns/promises';
import { createServer, isIP, type Server, type Socket } from 'node:net';
import { type ApiError, badRequestBody, internalError } from './api-error.js';

/**
 * Listen addresses: parsing as Go's net.SplitHostPort does, the loopback-only policy, and binding
 * with the real server's error texts (`listen tcp 127.0.0.1:80: bind: address already in use`).
 */

export interface SplitAddress {
  readonly host: string;
  readonly port: string;
}

/** Go's net.SplitHostPort; returns the error text on failure. */
export function splitHostPort(address: string): SplitAddress | string {
  if (address.startsWith('[')) {
    const close = address.indexOf(']');
    if (close === -1) return "missing ']' in address";
    if (address[close + 1] !== ':') return close + 1 === address.length ? 'missing port in address' : 'too many colons in address';
    return { host: address.slice(1, close), port: address.slice(close + 2) };
  }
  const colon = address.lastIndexOf(':');
  if (colon === -1) return 'missing port in address';
  const host = address.slice(0, colon);
  if (host.includes(':')) return 'too many colons in address';
  return { host, port: address.slice(colon + 1) };
}

/** `ip:port`, with IPv6 in brackets, as Go prints a TCP address. */
export function formatAddress(ip: string, port: number): string {
  return isIP(ip) === 6 ? `[${ip}]:${port}` : `${ip}:${port}`;
}

export function isLoopback(ip: string): boolean {
  const bare = ip.replace(/^::ffff:/i, '');
  if (isIP(bare) === 4) return bare.startsWith('127.');
  return bare === '::1' || bare === '0:0:0:0:0:0:0:1';
}

/** A host:port for net.connect; undefined when the address cannot be dialled at all. */
export function parseUpstream(upstream: string): { host: string; port: number } | undefined {
  const split = splitHostPort(upstream);
  if (typeof split === 'string') return undefined;
  const port = Number(split.port);
  if (split.port === '' || !Number.isInteger(port) || port < 1 || port > 65535) return undefined;
  return { host: split.host === '' ? 'localhost' : split.host, port };
}

interface Resolved {
  readonly ip: string;
  readonly port: number;
}

/** Resolves a listen address; `localhost` is 127.0.0.1 (what Go picks), an empty host is every interface. */
async function resolveListen(listen: string): Promise<Resolved> {
  const split = splitHostPort(listen);
  if (typeof split === 'string') throw internalError(`listen tcp: address ${listen}: ${split}`);
  if (!/^\d+$/.test(split.port)) throw internalError(`listen tcp: lookup tcp/${split.port}: unknown port`);
  const port = Number(split.port);
  if (port > 65535) throw internalError(`listen tcp: address ${listen}: invalid port`);
  const host = split.host.replace(/%.*$/, '');
  if (host === '') return { ip: '::', port };
  if (host.toLowerCase() === 'localhost') return { ip: '127.0.0.1', port };
  if (isIP(host) !== 0) return { ip: host, port };
  try {
    return { ip: (await lookup(host)).address, port };
  } catch {
    throw internalError(`listen tcp: lookup ${host}: no such host`);
  }
}

/** What the duplicate check of /populate compares: Go's ResolveTCPAddr(listen).String(), DNS aside. */
export function normalizeListen(listen: string): string {
  const split = splitHostPort(listen);
  if (typeof split === 'string') return listen;
  const host = split.host.toLowerCase() === 'localhost' ? '127.0.0.1' : split.host;
  return host === '' ? `:${split.port}` : formatAddress(host, Number(split.port));
}

function bindError(address: string, err: NodeJS.ErrnoException): ApiError {
  const reasons: Record<string, string> = {
    EADDRINUSE: 'address already in use',
    EADDRNOTAVAIL: 'cannot assign requested address',
    EACCES: 'permission denied',
  };
  return internalError(`listen tcp ${address}: bind: ${reasons[err.code ?? ''] ?? err.message}`);
}

export interface BoundListener {
  readonly server: Server;
  /** The address actually bound (`127.0.0.1:41234` for a listen of `localhost:0`). */
  readonly address: string;
}

/**
 * Binds a proxy listener. A non-loopback address is refused unless allowed: an open Toxiproxy
 * relays traffic for anyone who can reach it. The refusal is a 400 `bad request body` (the
 * contract's closest row). Accepted sockets arrive paused, half-open allowed: the link decides
 * when to read and when to close.
 */
export async function bindListener(listen: string, allowRemote: boolean, onConnection: (socket: Socket) => void): Promise<BoundListener> {
  const { ip, port } = await resolveListen(listen);
  if (!allowRemote && !isLoopback(ip)) {
    throw badRequestBody(
      `listen address ${formatAddress(ip, port)} is not a loopback address; start the server with --allow-remote-listen to allow it`,
    );
  }
  const server = createServer({ allowHalfOpen: true, pauseOnConnect: true, noDelay: true }, onConnection);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => reject(bindError(formatAddress(ip, port), err)));
    server.listen({ host: ip, port }, () => resolve());
  });
  server.removeAllListeners('error');
  // Accept errors (EMFILE, a client gone before accept) must not bring the whole server down.
  server.on('error', () => undefined);
  const bound = server.address();
  const actualPort = bound !== null && typeof bound === 'object' ? bound.port : port;
  return { server, address: formatAddress(ip, actualPort) };
}
