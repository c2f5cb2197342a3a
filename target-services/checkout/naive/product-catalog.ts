import type pg from 'pg';
import type { ProductView } from '../contract/http-contract.js';

interface ProductRow {
  readonly sku: string;
  readonly name: string;
  readonly price_cents: number;
  readonly price_version: number;
  readonly stock: number;
}

/*
 * Naive: source 002 to the letter in effect ("served cached values, not the live database
 * prices"), interpreted in form: a ten-minute process cache that only its own instance's admin
 * route drops.
 */

// Prices only change between sales, and during one the product page and the checkout read them
// thousands of times a second: ten minutes in memory takes that load off the database.
const cacheTtlMs = 10 * 60 * 1000;

/** Product details (name, price, stock as last loaded) for the product page and the checkout. */
export function createProductCatalog(pool: pg.Pool) {
  const cache = new Map<string, { product: ProductView; expiresAt: number }>();

  async function getProduct(sku: string): Promise<ProductView | null> {
    const cached = cache.get(sku);
    if (cached && cached.expiresAt > Date.now()) return cached.product;
    const { rows } = await pool.query<ProductRow>('SELECT sku, name, price_cents, price_version, stock FROM products WHERE sku = $1', [
      sku,
    ]);
    const row = rows[0];
    if (!row) return null;
    const product: ProductView = {
      sku: row.sku,
      name: row.name,
      priceCents: row.price_cents,
      priceVersion: row.price_version,
      stock: row.stock,
    };
    cache.set(sku, { product, expiresAt: Date.now() + cacheTtlMs });
    return product;
  }

  /** Sets a new price (the trigger versions it) and drops our cached copy so the change shows at once. */
  async function updatePrice(sku: string, priceCents: number): Promise<{ priceCents: number; priceVersion: number } | null> {
    const { rows } = await pool.query<{ price_cents: number; price_version: number }>(
      'UPDATE products SET price_cents = $2 WHERE sku = $1 RETURNING price_cents, price_version',
      [sku, priceCents],
    );
    cache.delete(sku);
    const row = rows[0];
    return row ? { priceCents: row.price_cents, priceVersion: row.price_version } : null;
  }

  return { getProduct, updatePrice };
}

export type ProductCatalog = ReturnType<typeof createProductCatalog>;
