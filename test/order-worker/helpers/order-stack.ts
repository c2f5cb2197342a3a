import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import pg from 'pg';
import { onTestFinished } from 'vitest';
import { loopbackEndpoints } from '../../../harness/infra/endpoints.js';
import { nativeProvider } from '../../../harness/infra/native/native-provider.js';
import type { StackEndpoints } from '../../../harness/infra/stack-types.js';
import type { QueueSettings } from '../../../target-services/order-worker/contract/queue-contract.js';
import { seedOrderWorker } from '../../../target-services/order-worker/contract/seed.js';
import { buildApp as buildHardened } from '../../../target-services/order-worker/hardened/app.js';
import type { HardenedSettings } from '../../../target-services/order-worker/hardened/settings.js';
import { buildApp as buildNaive } from '../../../target-services/order-worker/naive/app.js';
import { createPool as createNaivePool } from '../../../target-services/order-worker/naive/database.js';
import { createPool as createHardenedPool } from '../../../target-services/shared/pg-pool.js';
import { buildApp as buildGateway } from '../../../target-services/upstreams/payment-gateway/app.js';
import type { GatewayLedger } from '../../../target-services/upstreams/payment-gateway/gateway-contract.js';
import { testStackOptions } from '../../helpers/test-stack.js';

/** A real PostgreSQL + PgBouncer + Redis for this test, seeded empty, down when it ends. */
export async function startStack(): Promise<StackEndpoints> {
  const options = await testStackOptions();
  await nativeProvider.up(options);
  const urls = loopbackEndpoints(options.ports);
  await seedOrderWorker({ databaseUrl: urls.pgbouncerUrl, redisUrl: urls.redisUrl });
  return urls;
}

/** Listens on 127.0.0.1, port 0, closed when the test ends; returns the base URL. */
export async function listen(app: FastifyInstance): Promise<string> {
  onTestFinished(() => app.close());
  await app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

export function startGateway(): Promise<string> {
  return listen(buildGateway({ instanceId: 'gateway-test', logLevel: 'silent' }));
}

export async function readLedger(gatewayUrl: string): Promise<GatewayLedger> {
  const response = await fetch(`${gatewayUrl}/ledger`, { signal: AbortSignal.timeout(5_000) });
  return (await response.json()) as GatewayLedger;
}

export function redisClient(urls: StackEndpoints): Redis {
  const redis = new Redis(urls.redisUrl, { maxRetriesPerRequest: 1 });
  redis.on('error', () => {});
  onTestFinished(() => redis.disconnect());
  return redis;
}

/** A plain client on PostgreSQL itself (not PgBouncer), for checking rows after the fact. */
export async function directClient(urls: StackEndpoints): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: urls.postgresUrl });
  client.on('error', () => {});
  await client.connect();
  onTestFinished(() => client.end());
  return client;
}

export interface InstanceOptions {
  readonly instanceId: string;
  readonly gatewayUrl: string;
  readonly consume?: boolean;
}

/** A naive instance wired as its main.ts does (pool of 10 on PgBouncer, two Redis connections). */
export function naiveInstance(urls: StackEndpoints, options: InstanceOptions & { queue?: Partial<QueueSettings> }): FastifyInstance {
  const pool = createNaivePool(urls.pgbouncerUrl);
  pool.on('error', () => {});
  onTestFinished(() => pool.end());
  return buildNaive({
    pool,
    redis: redisClient(urls),
    reader: redisClient(urls),
    paymentGatewayUrl: options.gatewayUrl,
    instanceId: options.instanceId,
    ...(options.queue ? { queue: options.queue } : {}),
    consume: options.consume ?? true,
    logLevel: 'silent',
  });
}

/** A hardened instance with a pool of 3. */
export function hardenedInstance(
  urls: StackEndpoints,
  options: InstanceOptions & { settings?: Partial<HardenedSettings> },
): FastifyInstance {
  const pool = createHardenedPool({ connectionString: urls.pgbouncerUrl, max: 3, acquireTimeoutMs: 2_000 });
  pool.on('error', () => {});
  onTestFinished(() => pool.end());
  return buildHardened({
    pool,
    redis: redisClient(urls),
    reader: redisClient(urls),
    paymentGatewayUrl: options.gatewayUrl,
    instanceId: options.instanceId,
    ...(options.settings ? { settings: options.settings } : {}),
    consume: options.consume ?? true,
    logLevel: 'silent',
  });
}

/** Polls `probe` every 50 ms until it returns a truthy value; fails after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 8_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

let orderCounter = 0;

/** A valid order event body (unique order id unless given). */
export function orderBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  orderCounter++;
  return {
    orderId: `ord-test-${process.pid}-${orderCounter}`,
    customerId: 'cus-1',
    amountCents: 4_999,
    items: [{ sku: 'tv-55', quantity: 1 }],
    type: 'OrderPlaced',
    sequence: 1,
    ...overrides,
  };
}
