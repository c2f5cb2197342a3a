import type { PriceChangeResponse, ProductView } from '../../contract/http-contract.js';
import { assertPriceCents } from '../domain/money.js';
import { ApplicationError } from './application-error.js';
import type { CatalogStore } from './ports/catalog-store.js';

/**
 * `GET /products/:sku`, from the database every time. The checkout never uses this price (it
 * reads the price in the statement that takes the stock), so no cache can make it charge a
 * stale one; the product page could cache, but during a sale it also shows the stock left.
 */
export async function getProduct(sku: string, store: CatalogStore): Promise<ProductView> {
  const product = await store.findProduct(sku);
  if (!product) throw new ApplicationError('CHECKOUT_PRODUCT_NOT_FOUND', `no product has SKU ${sku}`);
  return product;
}

/** `POST /products/:sku/price`: the database versions the price; every checkout after it charges it. */
export async function changePrice(sku: string, priceCents: number, store: CatalogStore): Promise<PriceChangeResponse> {
  assertPriceCents(priceCents);
  const changed = await store.changePrice(sku, priceCents);
  if (!changed) throw new ApplicationError('CHECKOUT_PRODUCT_NOT_FOUND', `no product has SKU ${sku}`);
  return { sku, ...changed };
}
