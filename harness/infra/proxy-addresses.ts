import { StampedeError } from '../errors/stampede-error.js';
import { containerPorts, dockerProxyPortRange, loopback } from '../settings/stack-settings.js';
import type { ProviderName, StackEndpoints } from './stack-types.js';

/** The stack components every run puts a proxy in front of. */
export type StackHop = 'postgres' | 'pgbouncer' | 'redis';

/**
 * Where each end of a Toxiproxy proxy is, seen from where it matters, for one provider. With
 * native and external Toxiproxy runs on this host: everything is loopback. With docker it runs in
 * a container: a proxy listens on every interface of the container on a port of the range
 * docker-compose.yml publishes on 127.0.0.1 (same number on both sides), dials the stack by its
 * compose service name and the fake upstreams on this host as `host.docker.internal`, and the
 * services on this host connect to the published 127.0.0.1 port.
 */
export interface ProxyAddressing {
  readonly provider: ProviderName;
  /** The `listen` to ask Toxiproxy for, given the listen addresses its proxies already hold. */
  listen(taken: readonly string[]): string;
  /** host:port the proxy dials to reach a stack component. */
  stackUpstream(hop: StackHop, endpoints: StackEndpoints): string;
  /** host:port the proxy dials to reach a fake upstream listening on this host. */
  hostUpstream(port: number): string;
  /** The address fake upstreams on this host bind to, so that the proxy reaches them. */
  readonly upstreamBindHost: string;
  /** host:port a service on this host connects to, for a proxy Toxiproxy reports as listening on `listen`. */
  serviceAddress(listen: string): string;
}

export interface AddressingFacts {
  /**
   * Docker only: where fake upstreams bind (recorded by the docker provider: the bridge gateway
   * when it is an address of this host, as with a Linux engine, else 127.0.0.1).
   */
  readonly upstreamBindHost?: string;
}

/** The port of a `host:port` or `[v6]:port` address. */
export function portOf(address: string): number {
  return Number(address.slice(address.lastIndexOf(':') + 1));
}

const hostPort = (url: string) => {
  const u = new URL(url);
  return `${u.hostname}:${u.port}`;
};

const hopUrl = (hop: StackHop, endpoints: StackEndpoints) =>
  hop === 'postgres' ? endpoints.postgresUrl : hop === 'pgbouncer' ? endpoints.pgbouncerUrl : endpoints.redisUrl;

const onThisHost: Omit<ProxyAddressing, 'provider'> = {
  listen: () => `${loopback}:0`,
  stackUpstream: (hop, endpoints) => hostPort(hopUrl(hop, endpoints)),
  hostUpstream: (port) => `${loopback}:${port}`,
  upstreamBindHost: loopback,
  serviceAddress: (listen) => `${loopback}:${portOf(listen)}`,
};

/** The first port of the published range that no proxy holds yet. */
function nextPublishedPort(taken: readonly string[]): number {
  const used = new Set(taken.map(portOf));
  for (let port = dockerProxyPortRange.from; port <= dockerProxyPortRange.to; port++) if (!used.has(port)) return port;
  throw new StampedeError(
    'STAMPEDE_INFRA_PROXY_PORTS_EXHAUSTED',
    `every port of the published proxy range ${dockerProxyPortRange.from}-${dockerProxyPortRange.to} already has a Toxiproxy proxy`,
    {
      hint: 'remove the proxies you created yourself (curl -X POST .../reset does not; DELETE /proxies/<name> does), or restart the stack',
    },
  );
}

/** The addressing for a provider (pure: every fact it needs is given). */
export function proxyAddressing(provider: ProviderName, facts: AddressingFacts = {}): ProxyAddressing {
  if (provider !== 'docker') return { provider, ...onThisHost };
  return {
    provider,
    listen: (taken) => `0.0.0.0:${nextPublishedPort(taken)}`,
    stackUpstream: (hop) => `${hop}:${containerPorts[hop]}`,
    hostUpstream: (port) => `host.docker.internal:${port}`,
    upstreamBindHost: facts.upstreamBindHost ?? loopback,
    serviceAddress: (listen) => `${loopback}:${portOf(listen)}`,
  };
}

/**
 * Where fake upstreams must bind for `host.docker.internal` (compose's `host-gateway`) to reach
 * them: a Linux engine maps it to the bridge gateway, an address of this host, and a server on
 * 127.0.0.1 is out of the container's reach; Docker Desktop maps it to this host's loopback.
 */
export function dockerUpstreamBindHost(gateway: string | null, localAddresses: readonly string[]): string {
  return gateway && localAddresses.includes(gateway) ? gateway : loopback;
}
