import type { OrderView, ProductView } from '../../../contract/http-contract.js';

/** The read side and the back office: products, prices, orders as the API shows them. */
export interface CatalogStore {
  findProduct(sku: string): Promise<ProductView | null>;
  /** Sets the price; the database versions it. Null when the SKU does not exist. */
  changePrice(sku: string, priceCents: number): Promise<{ priceCents: number; priceVersion: number } | null>;
  findOrderView(orderId: string): Promise<OrderView | null>;
}
