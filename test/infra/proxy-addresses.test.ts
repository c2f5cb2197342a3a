import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loopbackEndpoints } from '../../harness/infra/endpoints.js';
import { dockerUpstreamBindHost, portOf, proxyAddressing } from '../../harness/infra/proxy-addresses.js';
import { containerPorts, dockerProxyPortRange } from '../../harness/settings/stack-settings.js';
import { rejection } from '../helpers/rejection.js';

const endpoints = loopbackEndpoints({ postgres: 55432, pgbouncer: 56432, redis: 56379, toxiproxy: 58474 });

describe('proxy addressing', () => {
  it('native and external: loopback everywhere, port 0 for the proxy, the stack URLs as upstreams', () => {
    for (const provider of ['native', 'external'] as const) {
      const a = proxyAddressing(provider);
      expect(a.listen([])).toBe('127.0.0.1:0');
      expect(a.stackUpstream('pgbouncer', endpoints)).toBe('127.0.0.1:56432');
      expect(a.stackUpstream('postgres', endpoints)).toBe('127.0.0.1:55432');
      expect(a.stackUpstream('redis', endpoints)).toBe('127.0.0.1:56379');
      expect(a.hostUpstream(40123)).toBe('127.0.0.1:40123');
      expect(a.upstreamBindHost).toBe('127.0.0.1');
      expect(a.serviceAddress('127.0.0.1:43001')).toBe('127.0.0.1:43001');
    }
  });

  it('docker: 0.0.0.0 on the next free published port, compose service names, host.docker.internal, 127.0.0.1 for services', () => {
    const a = proxyAddressing('docker', { upstreamBindHost: '172.17.0.1' });
    expect(a.listen([])).toBe(`0.0.0.0:${dockerProxyPortRange.from}`);
    expect(a.listen(['[::]:58500', '0.0.0.0:58502'])).toBe('0.0.0.0:58501');
    expect(a.stackUpstream('pgbouncer', endpoints)).toBe(`pgbouncer:${containerPorts.pgbouncer}`);
    expect(a.stackUpstream('postgres', endpoints)).toBe(`postgres:${containerPorts.postgres}`);
    expect(a.stackUpstream('redis', endpoints)).toBe(`redis:${containerPorts.redis}`);
    expect(a.hostUpstream(40123)).toBe('host.docker.internal:40123');
    expect(a.upstreamBindHost).toBe('172.17.0.1');
    // Toxiproxy (Go) reports an all-interfaces listener as [::]:port; the host side is the same port.
    expect(a.serviceAddress('[::]:58501')).toBe('127.0.0.1:58501');
    expect(proxyAddressing('docker').upstreamBindHost).toBe('127.0.0.1');
  });

  it('docker: a full published range is a coded infra error', async () => {
    const a = proxyAddressing('docker');
    const all = Array.from(
      { length: dockerProxyPortRange.to - dockerProxyPortRange.from + 1 },
      (_, i) => `0.0.0.0:${dockerProxyPortRange.from + i}`,
    );
    const err = await rejection(Promise.resolve().then(() => a.listen(all)));
    expect(err.code).toBe('STAMPEDE_INFRA_PROXY_PORTS_EXHAUSTED');
  });

  it('upstreams bind to the bridge gateway only when it is an address of this host (Linux engine), else loopback (Docker Desktop)', () => {
    expect(dockerUpstreamBindHost('172.17.0.1', ['127.0.0.1', '172.17.0.1'])).toBe('172.17.0.1');
    expect(dockerUpstreamBindHost('172.17.0.1', ['127.0.0.1', '192.168.1.4'])).toBe('127.0.0.1');
    expect(dockerUpstreamBindHost(null, ['127.0.0.1'])).toBe('127.0.0.1');
    expect(portOf('[::1]:8474')).toBe(8474);
  });

  it('docker: what the mapping dials and listens on is what docker-compose.yml defines', () => {
    const compose = parse(readFileSync('docker-compose.yml', 'utf8')) as {
      services: Record<string, { ports?: string[]; command?: string[]; extra_hosts?: string[] }>;
    };
    const a = proxyAddressing('docker');
    for (const hop of ['postgres', 'pgbouncer', 'redis'] as const) {
      const [service, port] = a.stackUpstream(hop, endpoints).split(':');
      const published = compose.services[service as string]?.ports?.[0] ?? '';
      expect(published.endsWith(`:${port}`)).toBe(true);
    }
    const toxiproxy = compose.services.toxiproxy;
    expect(toxiproxy?.extra_hosts).toContain('host.docker.internal:host-gateway');
    expect(toxiproxy?.command?.slice(0, 2)).toEqual(['-host', '0.0.0.0']);
    const range = `${dockerProxyPortRange.from}-${dockerProxyPortRange.to}`;
    expect(toxiproxy?.ports).toContain(`127.0.0.1:${range}:${range}`);
  });
});
