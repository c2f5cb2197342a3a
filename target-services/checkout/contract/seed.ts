import { Redis } from 'ioredis';
import pg from 'pg';
import type { ProductSeed } from './catalog.js';
import { checkoutDropSql, checkoutRedisPrefix, checkoutSchemaSql } from './schema.js';

export interface SeedCheckoutOptions {
  /** Where to write (PostgreSQL directly or through PgBouncer; both work). */
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly products: readonly ProductSeed[];
}

export interface CheckoutSeedSummary {
  readonly products: number;
  readonly units: number;
  readonly elapsedMs: number;
}

/** Seed input the schema cannot hold. */
export class CheckoutSeedError extends Error {
  override readonly name = 'CheckoutSeedError';
  readonly code = 'CHECKOUT_SEED_INVALID';
}

function validate(products: readonly ProductSeed[]): void {
  const skus = new Set<string>();
  for (const p of products) {
    if (skus.has(p.sku)) throw new CheckoutSeedError(`SKU ${p.sku} appears twice`);
    skus.add(p.sku);
    if (!Number.isInteger(p.priceCents) || p.priceCents < 1) throw new CheckoutSeedError(`${p.sku}: price must be whole cents >= 1`);
    if (!Number.isInteger(p.stock) || p.stock < 0) throw new CheckoutSeedError(`${p.sku}: stock must be a whole number >= 0`);
  }
}

/**
 * Resets and fills the checkout data: every table dropped and created, the products inserted in
 * one statement (each gets price version 1 in the price history, valid from now), no orders, and
 * every `checkout:` key removed from Redis. Running it twice leaves the same state.
 */
export async function seedCheckout(options: SeedCheckoutOptions): Promise<CheckoutSeedSummary> {
  const started = Date.now();
  validate(options.products);
  const client = new pg.Client({ connectionString: options.databaseUrl, connectionTimeoutMillis: 5000 });
  client.on('error', () => {});
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(checkoutDropSql);
    await client.query(checkoutSchemaSql);
    await client.query(
      `INSERT INTO products (sku, name, price_cents, stock, released_stock)
       SELECT sku, name, price, stock, stock FROM unnest($1::text[], $2::text[], $3::int[], $4::int[]) AS p(sku, name, price, stock)`,
      [
        options.products.map((p) => p.sku),
        options.products.map((p) => p.name),
        options.products.map((p) => p.priceCents),
        options.products.map((p) => p.stock),
      ],
    );
    await client.query('COMMIT');
    await client.query('ANALYZE products');
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
    let cursor = '0';
    for (let round = 0; round < 10_000; round++) {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${checkoutRedisPrefix}*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
      if (cursor === '0') break;
    }
  } finally {
    redis.disconnect();
  }
  return {
    products: options.products.length,
    units: options.products.reduce((sum, p) => sum + p.stock, 0),
    elapsedMs: Date.now() - started,
  };
}

/**
 * SQL that puts `units` more of each listed SKU on sale (the "midnight" drop). `released_stock`
 * moves with `stock`, so the oversell invariant counts these units as sellable.
 */
export function releaseStockSql(skus: readonly string[], units: number): string {
  if (!Number.isInteger(units) || units < 1) throw new CheckoutSeedError(`units must be a whole number >= 1, got ${units}`);
  const list = skus.map((sku) => `'${sku.replace(/'/g, "''")}'`).join(', ');
  return `UPDATE products SET stock = stock + ${units}, released_stock = released_stock + ${units} WHERE sku IN (${list})`;
}

/** SQL that sets a new price (percent of the current one, whole cents) on the listed SKUs. */
export function repriceSql(skus: readonly string[], percentOfCurrent: number): string {
  if (!Number.isInteger(percentOfCurrent) || percentOfCurrent < 1) throw new CheckoutSeedError(`percent must be a whole number >= 1`);
  const list = skus.map((sku) => `'${sku.replace(/'/g, "''")}'`).join(', ');
  return `UPDATE products SET price_cents = GREATEST(1, price_cents * ${percentOfCurrent} / 100) WHERE sku IN (${list})`;
}
