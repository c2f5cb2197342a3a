import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import pg from 'pg';
import { onTestFinished } from 'vitest';
import { ProxyFleet } from '../../../harness/chaos/proxy-fleet.js';
import { loopbackEndpoints } from '../../../harness/infra/endpoints.js';
import { nativeProvider } from '../../../harness/infra/native/native-provider.js';
import type { StackEndpoints } from '../../../harness/infra/stack-types.js';
import type { ToxicSpec } from '../../../harness/scenario/scenario-types.js';
import type { ProductSeed } from '../../../target-services/checkout/contract/catalog.js';
import { ordersWithPriceInForceSql } from '../../../target-services/checkout/contract/invariant-queries.js';
import type { OrderFact } from '../../../target-services/checkout/contract/sale-findings.js';
import { seedCheckout } from '../../../target-services/checkout/contract/seed.js';
import { buildApp as buildHardened, type HardenedDeps } from '../../../target-services/checkout/hardened/app.js';
import { buildApp as buildNaive } from '../../../target-services/checkout/naive/app.js';
import { createPool as createNaivePool } from '../../../target-services/checkout/naive/database.js';
import { createRedisClients } from '../../../target-services/checkout/naive/redis-clients.js';
import { createPool as createHardenedPool } from '../../../target-services/shared/pg-pool.js';
import { buildApp as buildGateway } from '../../../target-services/upstreams/payment-gateway/app.js';
import type { GatewayLedger, LedgerEntry } from '../../../target-services/upstreams/payment-gateway/gateway-contract.js';
import { testStackOptions } from '../../helpers/test-stack.js';

/** A real PostgreSQL + PgBouncer + Redis + Toxiproxy for this test, down when it ends. */
export async function startStack(): Promise<StackEndpoints> {
  const options = await testStackOptions();
  await nativeProvider.up(options);
  return loopbackEndpoints(options.ports);
}

/** Three products: a small-stock doorbuster, a regular one, and one already sold out. */
export const testCatalog: readonly ProductSeed[] = [
  { sku: 'SKU-0001', name: 'Console Pro (doorbuster)', priceCents: 29_999, stock: 5 },
  { sku: 'SKU-0002', name: 'Blender Mini', priceCents: 4_999, stock: 100 },
  { sku: 'SKU-0003', name: 'Drone Air', priceCents: 19_999, stock: 0 },
];

/** Seeds through PgBouncer, as the harness does. */
export async function seed(urls: StackEndpoints, products: readonly ProductSeed[] = testCatalog): Promise<void> {
  await seedCheckout({ databaseUrl: urls.pgbouncerUrl, redisUrl: urls.redisUrl, products });
}

/** Listens on 127.0.0.1, port 0, closed when the test ends; returns the base URL. */
export async function listen(app: FastifyInstance): Promise<string> {
  onTestFinished(() => app.close());
  await app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

export async function startGateway(): Promise<string> {
  return listen(buildGateway({ instanceId: 'gw-test', logLevel: 'silent' }));
}

export async function ledgerOf(gatewayUrl: string): Promise<LedgerEntry[]> {
  const response = await fetch(`${gatewayUrl}/ledger`, { signal: AbortSignal.timeout(5_000) });
  return [...(((await response.json()) as GatewayLedger).entries ?? [])];
}

/**
 * Toxiproxy proxies in front of the gateway and Redis (the stack's own Toxiproxy), as a run has
 * them: the services connect through `gatewayUrl` / `redisUrl`, faults are added by name.
 */
export interface Proxies {
  readonly gatewayUrl: string;
  readonly redisUrl: string;
  addToxic(proxy: 'payment-gateway' | 'redis', toxic: ToxicSpec, name: string): Promise<void>;
  removeToxic(proxy: 'payment-gateway' | 'redis', name: string): Promise<void>;
}

export async function startProxies(urls: StackEndpoints, directGatewayUrl: string): Promise<Proxies> {
  if (!urls.toxiproxyUrl) throw new Error('the test stack has no Toxiproxy');
  const fleet = new ProxyFleet(urls.toxiproxyUrl);
  const hostPort = (url: string) => new URL(url).host;
  await fleet.create([
    { name: 'payment-gateway', upstream: hostPort(directGatewayUrl) },
    { name: 'redis', upstream: hostPort(urls.redisUrl) },
  ]);
  onTestFinished(() => fleet.removeAll());
  return {
    gatewayUrl: `http://127.0.0.1:${fleet.handle('payment-gateway').port}`,
    redisUrl: `redis://127.0.0.1:${fleet.handle('redis').port}`,
    addToxic: (proxy, toxic, name) => fleet.addToxic(proxy, toxic, name),
    removeToxic: (proxy, name) => fleet.removeToxic(proxy, name),
  };
}

/** The naive variant wired as its main.ts does (its own pool of 20, two Redis connections). */
export function naiveApp(urls: StackEndpoints, gatewayUrl: string, redisUrl = urls.redisUrl): FastifyInstance {
  const pool = createNaivePool(urls.pgbouncerUrl);
  pool.on('error', () => {});
  onTestFinished(() => pool.end());
  const redis = createRedisClients(redisUrl);
  onTestFinished(() => {
    redis.cache.disconnect();
    redis.jobs.disconnect();
  });
  const app = buildNaive({ pool, redis, paymentGatewayUrl: gatewayUrl, logLevel: 'silent' });
  onTestFinished(() => app.close());
  return app;
}

/** The hardened variant with a pool of 5 (the harness's budget per instance). */
export function hardenedApp(
  urls: StackEndpoints,
  gatewayUrl: string,
  overrides: Partial<Pick<HardenedDeps, 'settings' | 'shutdown'>> & { redisUrl?: string } = {},
): FastifyInstance {
  const pool = createHardenedPool({ connectionString: urls.pgbouncerUrl, max: 5, acquireTimeoutMs: 2000 });
  pool.on('error', () => {});
  onTestFinished(() => pool.end());
  const redis = new Redis(overrides.redisUrl ?? urls.redisUrl, { maxRetriesPerRequest: 1, commandTimeout: 100 });
  redis.on('error', () => {});
  onTestFinished(() => redis.disconnect());
  const { redisUrl: _, ...deps } = overrides;
  const app = buildHardened({ pool, redis, paymentGatewayUrl: gatewayUrl, logLevel: 'silent', ...deps });
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

export async function orderFacts(db: pg.Client): Promise<OrderFact[]> {
  return (await db.query<OrderFact>(ordersWithPriceInForceSql)).rows;
}
