import { StampedeError } from '../../errors/stampede-error.js';
import { adminUrlOf } from '../endpoints.js';
import { checkComponent } from '../health/check-component.js';
import type { InfraOptions, InfraProvider } from '../provider.js';
import { recordStack } from '../record-stack.js';
import { readStackStatus } from '../stack-status.js';
import type { ComponentName, ComponentRecord, StackEndpoints } from '../stack-types.js';
import { componentNames } from '../stack-types.js';
import { StateStore } from '../state-store.js';

const flags: Record<ComponentName, string> = {
  postgres: '--pg-url',
  pgbouncer: '--pgbouncer-url',
  redis: '--redis-url',
  toxiproxy: '--toxiproxy-url',
};

function portOf(url: string, fallback: number): number {
  const port = new URL(url).port;
  return port === '' ? fallback : Number(port);
}

function requireUrls(options: InfraOptions): Record<ComponentName, string> {
  const u = options.urls ?? {};
  const urls: Partial<Record<ComponentName, string | null | undefined>> = {
    postgres: u.postgresUrl,
    pgbouncer: u.pgbouncerUrl,
    redis: u.redisUrl,
    toxiproxy: u.toxiproxyUrl,
  };
  const missing = componentNames.filter((name) => !urls[name]);
  if (missing.length > 0) {
    throw new StampedeError('STAMPEDE_INFRA_EXTERNAL_MISSING_URL', `the external provider needs a URL for ${missing.join(', ')}`, {
      hint: `pass ${missing.map((n) => flags[n]).join(' ')} (or the STAMPEDE_*_URL environment variables)`,
    });
  }
  return urls as Record<ComponentName, string>;
}

/** Infrastructure somebody else runs: `up` only checks health and records the URLs. */
export const externalProvider: InfraProvider = {
  name: 'external',

  async up(options) {
    const started = Date.now();
    const urls = requireUrls(options);
    const endpoints: StackEndpoints = {
      postgresUrl: urls.postgres,
      pgbouncerUrl: urls.pgbouncer,
      pgbouncerAdminUrl: adminUrlOf(urls.pgbouncer),
      redisUrl: urls.redis,
      toxiproxyUrl: urls.toxiproxy,
    };
    const defaults: Record<ComponentName, number> = { postgres: 5432, pgbouncer: 6432, redis: 6379, toxiproxy: 8474 };
    const answers = await Promise.all(
      componentNames.map(async (name) => [name, await checkComponent(name, endpoints, options.healthTimeoutMs)] as const),
    );
    const failed = answers.filter(([, answer]) => !answer.ok);
    if (failed.length > 0) {
      throw new StampedeError(
        'STAMPEDE_INFRA_UNHEALTHY',
        `external ${failed.map(([name, a]) => `${name} (${a.detail ?? 'no answer'})`).join(', ')} did not pass the health check`,
        {
          hint: 'check the URLs and that the services run',
        },
      );
    }
    const components = Object.fromEntries(
      componentNames.map((name): [ComponentName, ComponentRecord] => [
        name,
        { name, url: urls[name], port: portOf(urls[name], defaults[name]), implementation: 'external' },
      ]),
    ) as Record<ComponentName, ComponentRecord>;
    const ports = {
      postgres: components.postgres.port,
      pgbouncer: components.pgbouncer.port,
      redis: components.redis.port,
      toxiproxy: components.toxiproxy.port,
    };
    return recordStack(options.stateDir, 'external', ports, components, started);
  },

  async down(options) {
    // Never stops what it did not start: forgetting the URLs is all `down` does here.
    new StateStore(options.stateDir).clear();
    return { provider: 'external', stopped: [], purged: false };
  },

  async status(options) {
    const store = new StateStore(options.stateDir);
    return readStackStatus(store.read(), store.file);
  },
};
