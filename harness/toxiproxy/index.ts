import type { FastifyInstance } from 'fastify';
import { StampedeError } from '../errors/stampede-error.js';
import { loopback } from '../settings/stack-settings.js';
import { formatAddress, isLoopback } from './address.js';
import { buildApiApp } from './api-server.js';
import { applyConfigFile } from './config-file.js';
import { ProxyMetrics } from './metrics.js';
import { pickSeed } from './prng.js';
import { ProxyCollection } from './proxy-collection.js';

export { buildApiApp } from './api-server.js';
export { ProxyCollection } from './proxy-collection.js';
export { toxicRegistry } from './toxics/registry.js';

export interface ToxiproxyServerOptions {
  /** API address; default 127.0.0.1. Anything but loopback needs `allowRemoteListen`. */
  readonly host?: string;
  /** API port; default 8474 (the real server's), 0 picks a free one. */
  readonly port?: number;
  /**
   * Seed of every random choice (toxicity rolls, jitter, slice sizes); a random one when absent.
   * Each link draws from its own generator seeded by (seed, proxy name, connection number,
   * direction), so the same seed gives the same rolls as long as each proxy sees the same order
   * of connections and of toxic changes.
   */
  readonly seed?: number;
  /** Serve /metrics (Prometheus text, bytes per proxy and direction). */
  readonly metrics?: boolean;
  /** Allow the API and proxy listeners on non-loopback addresses. */
  readonly allowRemoteListen?: boolean;
  /** Path of a JSON array of proxies to create before the API listens (as POST /populate). */
  readonly config?: string;
}

export interface ToxiproxyServer {
  /** `http://127.0.0.1:8474`: the base URL for toxiproxy-node-client. */
  readonly url: string;
  readonly port: number;
  readonly seed: number;
  /** Ends the API, every proxy listener and every open connection. */
  close(): Promise<void>;
}

async function listenApi(app: FastifyInstance, host: string, port: number): Promise<number> {
  try {
    await app.listen({ host, port });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new StampedeError('STAMPEDE_INFRA_PORT_TAKEN', `listen tcp ${formatAddress(host, port)}: bind: address already in use`, {
        hint: 'another process holds the API port: stop it or pass --port (0 picks a free one)',
        cause: err,
        details: { host, port },
      });
    }
    throw new StampedeError(
      'STAMPEDE_TOXIPROXY_LISTEN_FAILED',
      `cannot listen on ${formatAddress(host, port)}: ${(err as Error).message}`,
      {
        hint: 'check --host (an address of this machine) and --port',
        cause: err,
        details: { host, port },
      },
    );
  }
  const address = app.server.address();
  return address !== null && typeof address === 'object' ? address.port : port;
}

/** Starts a Toxiproxy 2.x compatible server: the HTTP API plus every proxy it is asked for. */
export async function startToxiproxyServer(options: ToxiproxyServerOptions = {}): Promise<ToxiproxyServer> {
  const host = options.host ?? loopback;
  const allowRemoteListen = options.allowRemoteListen ?? false;
  if (!allowRemoteListen && !(isLoopback(host) || host === 'localhost')) {
    throw new StampedeError('STAMPEDE_TOXIPROXY_REMOTE_LISTEN', `refusing to serve the Toxiproxy API on ${host}: not a loopback address`, {
      hint: 'anyone who reaches the API can relay traffic through it; pass --allow-remote-listen if that is intended',
      details: { host },
    });
  }
  const seed = options.seed ?? pickSeed();
  const metrics = options.metrics ? new ProxyMetrics() : null;
  const proxies = new ProxyCollection({ seed, allowRemoteListen, metrics });
  const app = buildApiApp({ proxies, metrics });
  try {
    if (options.config !== undefined) await applyConfigFile(options.config, proxies);
    const port = await listenApi(app, host, options.port ?? 8474);
    let closing: Promise<void> | undefined;
    return {
      url: `http://${formatAddress(host, port)}`,
      port,
      seed,
      close() {
        // The API first: a request binding a listener finishes before the proxies are closed, so
        // no listener outlives the server.
        closing ??= (async () => {
          await app.close();
          proxies.closeAll();
        })();
        return closing;
      },
    };
  } catch (err) {
    proxies.closeAll();
    await app.close();
    throw err;
  }
}
