import { isIPv4 } from 'node:net';
import { StampedeError } from '../errors/stampede-error.js';

/** A load target: where to connect and what to put in the Host header. */
export interface Target {
  /** The URL as given, normalised (the key setTargets() compares). */
  readonly url: string;
  /** Host for net.connect (IPv6 without brackets). */
  readonly host: string;
  readonly port: number;
  readonly hostHeader: string;
  /** Path and query of the URL: used by requests that do not give their own path. */
  readonly path: string;
}

/** 127.0.0.0/8, ::1 and localhost: the only targets allowed without --allow-remote-target. */
export function isLoopbackHost(hostname: string): boolean {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  if (bare === 'localhost' || bare === '::1') return true;
  return isIPv4(bare) && bare.startsWith('127.');
}

/** Parses and checks one target URL; throws STAMPEDE_LOAD_BAD_PLAN or STAMPEDE_LOAD_REMOTE_TARGET. */
export function parseTarget(raw: string, allowRemote: boolean): Target {
  let url: URL;
  try {
    url = new URL(raw);
  } catch (cause) {
    throw new StampedeError('STAMPEDE_LOAD_BAD_PLAN', `target "${raw}" is not a URL`, {
      hint: 'give a full URL such as http://127.0.0.1:3000/path',
      cause,
    });
  }
  if (url.protocol !== 'http:') {
    throw new StampedeError('STAMPEDE_LOAD_BAD_PLAN', `target "${raw}" uses ${url.protocol} but the load engine speaks plain http only`, {
      hint: 'point it at the service over http:// (TLS adds nothing to a local concurrency test)',
    });
  }
  if (!allowRemote && !isLoopbackHost(url.hostname)) {
    throw new StampedeError('STAMPEDE_LOAD_REMOTE_TARGET', `target "${raw}" is not a loopback address`, {
      hint: 'load only what you own: use 127.0.0.1, ::1 or localhost, or pass --allow-remote-target',
      details: { url: raw },
    });
  }
  const port = url.port === '' ? 80 : Number(url.port);
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return { url: url.href, host, port, hostHeader: url.host, path: `${url.pathname}${url.search}` };
}
