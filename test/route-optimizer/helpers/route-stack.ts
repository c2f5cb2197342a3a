import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import pg from 'pg';
import { onTestFinished } from 'vitest';
import { loopbackEndpoints } from '../../../harness/infra/endpoints.js';
import { nativeProvider } from '../../../harness/infra/native/native-provider.js';
import type { StackEndpoints } from '../../../harness/infra/stack-types.js';
import {
  type SeedRouteOptimizerOptions,
  type SeedSummary,
  seedRouteOptimizer,
} from '../../../target-services/route-optimizer/contract/seed.js';
import { buildApp as buildHardened, type HardenedDeps } from '../../../target-services/route-optimizer/hardened/app.js';
import { buildApp as buildNaive } from '../../../target-services/route-optimizer/naive/app.js';
import { createPool as createNaivePool } from '../../../target-services/route-optimizer/naive/database.js';
import { createPool as createHardenedPool } from '../../../target-services/shared/pg-pool.js';
import { buildApp as buildMapApi } from '../../../target-services/upstreams/map-api/app.js';
import { testStackOptions } from '../../helpers/test-stack.js';

/** A real PostgreSQL + PgBouncer + Redis for this test, down when it ends. */
export async function startStack(): Promise<StackEndpoints> {
  const options = await testStackOptions();
  await nativeProvider.up(options);
  return loopbackEndpoints(options.ports);
}

/** Seeds through PgBouncer, as the harness does. */
export function seed(urls: StackEndpoints, options: Omit<SeedRouteOptimizerOptions, 'databaseUrl' | 'redisUrl'>): Promise<SeedSummary> {
  return seedRouteOptimizer({ databaseUrl: urls.pgbouncerUrl, redisUrl: urls.redisUrl, ...options });
}

/** Listens on 127.0.0.1, port 0, closed when the test ends; returns the base URL. */
export async function listen(app: FastifyInstance): Promise<string> {
  onTestFinished(() => app.close());
  await app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

export async function startMapApi(instanceId = 'map-test'): Promise<string> {
  return listen(buildMapApi({ instanceId, logLevel: 'silent' }));
}

function redisFor(urls: StackEndpoints): Redis {
  const redis = new Redis(urls.redisUrl, { maxRetriesPerRequest: 1 });
  redis.on('error', () => {});
  onTestFinished(() => redis.disconnect());
  return redis;
}

/** The naive variant wired as its main.ts does (its own pool of 20), on the stack's PgBouncer. */
export function naiveApp(urls: StackEndpoints, mapApiUrl: string): FastifyInstance {
  const pool = createNaivePool(urls.pgbouncerUrl);
  pool.on('error', () => {});
  onTestFinished(() => pool.end());
  const app = buildNaive({ pool, redis: redisFor(urls), mapApiUrl, logLevel: 'silent' });
  onTestFinished(() => app.close());
  return app;
}

/** The hardened variant with a pool of `poolMax` (the harness's budget per instance). */
export function hardenedApp(
  urls: StackEndpoints,
  mapApiUrl: string,
  overrides: Partial<Pick<HardenedDeps, 'settings' | 'shutdown'>> & { poolMax?: number } = {},
): FastifyInstance {
  const pool = createHardenedPool({ connectionString: urls.pgbouncerUrl, max: overrides.poolMax ?? 5, acquireTimeoutMs: 2000 });
  pool.on('error', () => {});
  onTestFinished(() => pool.end());
  const app = buildHardened({ pool, redis: redisFor(urls), mapApiUrl, logLevel: 'silent', ...overrides });
  onTestFinished(() => app.close());
  return app;
}

/** A plain client on PostgreSQL itself (not PgBouncer), for checking rows after the fact. */
export async function directClient(urls: StackEndpoints): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: urls.postgresUrl });
  client.on('error', () => {});
  await client.connect();
  onTestFinished(() => client.end());
  return client;
}
