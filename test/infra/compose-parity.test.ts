import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderDockerPgbouncerIni } from '../../harness/infra/docker/render-docker-ini.js';
import { renderUserlist } from '../../harness/settings/pgbouncer-ini.js';
import {
  containerPorts,
  credentials,
  defaultPorts,
  dockerProxyPortRange,
  portEnv,
  postgresSettings,
  redisSettings,
  toxiproxyVersion,
} from '../../harness/settings/stack-settings.js';

interface Service {
  image: string;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  healthcheck?: unknown;
  profiles?: string[];
  volumes?: string[];
}
const compose = parse(readFileSync('docker-compose.yml', 'utf8')) as { services: Record<string, Service> };
const services = compose.services;

function service(name: string): Service {
  const found = services[name];
  if (!found) throw new Error(`docker-compose.yml has no ${name} service`);
  return found;
}

/** `"127.0.0.1:${VAR:-default}:container"` -> its parts. */
function publishedPort(spec: string): { host: string; variable: string; fallback: number; container: number } {
  const match = /^(127\.0\.0\.1):\$\{(\w+):-(\d+)\}:(\d+)$/.exec(spec);
  if (!match) throw new Error(`unexpected port spec ${spec}`);
  return { host: match[1] as string, variable: match[2] as string, fallback: Number(match[3]), container: Number(match[4]) };
}

describe('docker-compose.yml matches the native settings module', () => {
  it('publishes every component on the default host port, from the same variable, on 127.0.0.1', () => {
    for (const name of ['postgres', 'pgbouncer', 'redis', 'toxiproxy'] as const) {
      const [first] = service(name).ports ?? [];
      expect(publishedPort(first ?? '')).toEqual({
        host: '127.0.0.1',
        variable: portEnv[name],
        fallback: defaultPorts[name],
        container: containerPorts[name],
      });
    }
  });

  it('binds every published port, the proxy range included, to 127.0.0.1 only', () => {
    const all = Object.values(services).flatMap((s) => s.ports ?? []);
    expect(all.length).toBeGreaterThan(4);
    for (const spec of all) expect(spec.startsWith('127.0.0.1:')).toBe(true);
    expect(service('toxiproxy').ports).toContain(
      `127.0.0.1:${dockerProxyPortRange.from}-${dockerProxyPortRange.to}:${dockerProxyPortRange.from}-${dockerProxyPortRange.to}`,
    );
  });

  it('runs PostgreSQL 15 with the same -c settings and credentials', () => {
    const pg = service('postgres');
    expect(pg.image).toBe('postgres:15');
    const args = pg.command ?? [];
    const settings: Record<string, string> = {};
    args.forEach((arg, i) => {
      if (arg === '-c') {
        const [name, value] = (args[i + 1] ?? '').split('=');
        settings[name as string] = value as string;
      }
    });
    // listen_addresses differs by design: loopback natively, every interface inside a container.
    const { listen_addresses: _, ...expected } = postgresSettings;
    expect(settings).toEqual(expected);
    expect(pg.environment).toEqual({
      POSTGRES_USER: credentials.user,
      POSTGRES_PASSWORD: credentials.password,
      POSTGRES_DB: credentials.database,
    });
  });

  it('mounts a pgbouncer.ini and userlist rendered from the settings module', () => {
    const bouncer = service('pgbouncer');
    expect(bouncer.image).toMatch(/^edoburu\/pgbouncer:v1\.\d+/);
    expect(bouncer.volumes).toContain('./harness/infra/docker/pgbouncer.ini:/etc/pgbouncer/pgbouncer.ini:ro');
    expect(readFileSync('harness/infra/docker/pgbouncer.ini', 'utf8')).toBe(renderDockerPgbouncerIni());
    expect(readFileSync('harness/infra/docker/userlist.txt', 'utf8')).toBe(renderUserlist());
  });

  it('runs Redis 7 with the same arguments and the pinned Toxiproxy', () => {
    const redis = service('redis');
    expect(redis.image).toBe('redis:7');
    expect(redis.command).toEqual(['redis-server', ...Object.entries(redisSettings).flatMap(([k, v]) => [`--${k}`, v])]);
    expect(service('toxiproxy').image).toBe(`ghcr.io/shopify/toxiproxy:${toxiproxyVersion}`);
  });

  it('has a health check on every component and k6 under its own profile', () => {
    for (const name of ['postgres', 'pgbouncer', 'redis', 'toxiproxy']) expect(service(name).healthcheck).toBeTruthy();
    expect(service('k6').image).toMatch(/^grafana\/k6/);
    expect(service('k6').profiles).toEqual(['k6']);
  });
});
