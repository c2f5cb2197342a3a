import type { OrderView, ProductView } from '../../../contract/http-contract.js';
import { type OrderRow, orderViewColumns, orderViewOf } from '../../../contract/order-row.js';
import type { CatalogStore } from '../../application/ports/catalog-store.js';
import { type DbCallSettings, inStatement } from './db-call.js';

/** Products, prices and order views in PostgreSQL, read fresh every time (one statement each). */
export class PgCatalogStore implements CatalogStore {
  readonly #db: DbCallSettings;

  constructor(db: DbCallSettings) {
    this.#db = db;
  }

  async findProduct(sku: string): Promise<ProductView | null> {
    const { rows } = await inStatement<{ sku: string; name: string; price_cents: number; price_version: number; stock: number }>(
      this.#db,
      'SELECT sku, name, price_cents, price_version, stock FROM products WHERE sku = $1',
      [sku],
    );
    const row = rows[0];
    return row ? { sku: row.sku, name: row.name, priceCents: row.price_cents, priceVersion: row.price_version, stock: row.stock } : null;
  }

  async changePrice(sku: string, priceCents: number): Promise<{ priceCents: number; priceVersion: number } | null> {
    const { rows } = await inStatement<{ price_cents: number; price_version: number }>(
      this.#db,
      'UPDATE products SET price_cents = $2 WHERE sku = $1 RETURNING price_cents, price_version',
      [sku, priceCents],
    );
    const row = rows[0];
    return row ? { priceCents: row.price_cents, priceVersion: row.price_version } : null;
  }

  async findOrderView(orderId: string): Promise<OrderView | null> {
    const { rows } = await inStatement<OrderRow>(this.#db, `SELECT ${orderViewColumns} FROM orders WHERE id = $1`, [orderId]);
    return rows[0] ? orderViewOf(rows[0]) : null;
  }
}
