import { Redis } from 'ioredis';
import pg from 'pg';
import { orderQueueKeys } from './queue-contract.js';
import { orderWorkerDropSql, orderWorkerSchemaSql } from './schema.js';

export interface SeedOrderWorkerOptions {
  /** PostgreSQL directly or through PgBouncer; both work. */
  readonly databaseUrl: string;
  readonly redisUrl: string;
}

export interface SeedSummary {
  readonly elapsedMs: number;
}

/**
 * Resets the order-worker data: tables dropped and created empty, the queue, its DLQ and the
 * naive receive counts deleted, and the consumer group created at the start of an empty stream.
 * Idempotent. Orders are the load itself: the seed holds none.
 */
export async function seedOrderWorker(options: SeedOrderWorkerOptions): Promise<SeedSummary> {
  const started = Date.now();
  const client = new pg.Client({ connectionString: options.databaseUrl, connectionTimeoutMillis: 5000 });
  client.on('error', () => {});
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(orderWorkerDropSql);
    await client.query(orderWorkerSchemaSql);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    await client.end().catch(() => {});
  }

  const redis = new Redis(options.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 });
  redis.on('error', () => {});
  await redis.connect();
  try {
    await redis.del(orderQueueKeys.stream, orderQueueKeys.deadLetters, orderQueueKeys.naiveReceives);
    await redis.xgroup('CREATE', orderQueueKeys.stream, orderQueueKeys.group, '0', 'MKSTREAM');
  } finally {
    redis.disconnect();
  }
  return { elapsedMs: Date.now() - started };
}
